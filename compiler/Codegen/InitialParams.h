// The model's initial parameters, carried past the MLIR-to-LLVM translation into the object in one copy.
#ifndef CNNC_CODEGEN_INITIALPARAMS_H
#define CNNC_CODEGEN_INITIALPARAMS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"

namespace cnnc {

/// The blob of `@cnn_initial_params` (a dense_resource that cnn-pack-state
/// makes), held aside while the module is translated: the translation would
/// copy it into a float array that the object writer then emits float by
/// float. Here it becomes one byte array, copied once, which the object
/// writer emits in one piece.
class InitialParams {
public:
  /// Takes the blob off the `llvm.mlir.global @cnn_initial_params` of the
  /// lowered `module`, which becomes a declaration; holds nothing when the
  /// module has no such global (a model without weights).
  static llvm::Expected<InitialParams> detach(mlir::ModuleOp module);

  /// Defines the declaration in the translated `module` as an array of the
  /// blob's bytes, then frees the blob.
  llvm::Error define(llvm::Module &module);

private:
  mlir::DenseResourceElementsAttr value;
};

} // namespace cnnc

#endif
