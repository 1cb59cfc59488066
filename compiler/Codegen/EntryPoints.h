// The exported C entry points of a model object: NAME_create/destroy/predict/error and its cnnrt_model_info.
#ifndef CNNC_CODEGEN_ENTRYPOINTS_H
#define CNNC_CODEGEN_ENTRYPOINTS_H

#include "Codegen/ModelInterface.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

namespace cnnc {

/// Adds to `module` (translated from the lowered MLIR) the read-only
/// cnnrt_model_info of the model and the four C functions of its header,
/// which call the runtime with it. Every other function defined in the module
/// becomes internal, so that two models never clash at link time. The code's
/// buffers come from the runtime's cnnrt_compiled_alloc/free.
llvm::Error addEntryPoints(llvm::Module &module, const ModelInterface &model);

} // namespace cnnc

#endif
