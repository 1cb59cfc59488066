// Writes the C header that goes beside a model's object file.
#ifndef CNNC_CODEGEN_HEADERWRITER_H
#define CNNC_CODEGEN_HEADERWRITER_H

#include "Codegen/ModelInterface.h"
#include "llvm/Support/raw_ostream.h"

namespace cnnc {

/// Plain C, usable from C++: the opaque NAME_model type, its create, destroy,
/// predict and error functions, and NAME_INPUT_SIZE / NAME_OUTPUT_SIZE and
/// the per-sample shapes as macros.
void writeHeader(const ModelInterface &model, llvm::raw_ostream &os);

} // namespace cnnc

#endif
