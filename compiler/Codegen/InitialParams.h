// The model's initial parameters, carried past the MLIR-to-LLVM translation into the object in one copy.
#ifndef CNNC_CODEGEN_INITIALPARAMS_H
#define CNNC_CODEGEN_INITIALPARAMS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace cnnc {

/// The blob of `@cnn_initial_params` (a dense_resource that cnn-pack-state
/// makes), held aside while the module is translated: the translation would
/// copy it into a float array that the object writer then emits float by
/// float. In LLVM IR and assembly it becomes one byte array, copied once.
/// An object file gets a placeholder of zeros instead, which the object
/// writer emits without holding it in memory, and the bytes are written
/// over it in the file: no copy of them at all (hundreds of MB of memory
/// and seconds for a large model).
class InitialParams {
public:
  /// Takes the blob off the `llvm.mlir.global @cnn_initial_params` of the
  /// lowered `module`, which becomes a declaration; holds nothing when the
  /// module has no such global (a model without weights).
  static llvm::Expected<InitialParams> detach(mlir::ModuleOp module);

  /// Where define puts the parameters.
  enum class Placement {
    Bytes,       // the blob's bytes (LLVM IR, assembly); frees the blob
    Placeholder, // as many zeros, for an object file that `patch` completes
    Outside,     // nowhere: the declaration is removed (--weights=external)
  };

  /// Defines the declaration in the translated `module` as `placement` says.
  llvm::Error define(llvm::Module &module, Placement placement);

  /// The parameters' bytes (host-endian floats, in the state's layout); empty
  /// for a model without weights or once freed.
  llvm::ArrayRef<char> bytes() const;

  /// Writes the bytes over the placeholder in `object`, what `stream` wrote
  /// (found by its symbol), then frees the blob.
  llvm::Error patch(llvm::MemoryBufferRef object, llvm::raw_pwrite_stream &stream);

private:
  void release();

  mlir::DenseResourceElementsAttr value;
  std::string symbol; // the placeholder's name in the object file
};

} // namespace cnnc

#endif
