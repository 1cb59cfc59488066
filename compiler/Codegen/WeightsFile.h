// The weights file cnnc --weights=external writes beside an object: the runtime's save_weights layout.
#ifndef CNNC_CODEGEN_WEIGHTSFILE_H
#define CNNC_CODEGEN_WEIGHTSFILE_H

#include "Codegen/ModelInterface.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

namespace cnnc {

/// Writes `params` (host-endian floats in the state's layout: the trainable
/// weights first) as NAME_save_weights does: each weight of `weights` in the
/// model file's order, float32 little-endian, nothing else. So the file is a
/// TF.js weight shard of the model, and NAME_create_from_file and
/// NAME_load_weights read it.
llvm::Error writeWeightsFile(llvm::ArrayRef<char> params,
                             llvm::ArrayRef<WeightEntry> weights, llvm::raw_ostream &os);

} // namespace cnnc

#endif
