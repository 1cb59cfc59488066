// What every gradient rule of the cnn dialect shares (private to lib/IR).
#ifndef CNN_LIB_IR_GRADIENTRULE_H
#define CNN_LIB_IR_GRADIENTRULE_H

#include "mlir/IR/Operation.h"

namespace cnn {

/// What GradientOpInterface::buildGradients returns: one gradient per
/// operand (null where not needed), or failure.
using Grads = mlir::FailureOr<llvm::SmallVector<mlir::Value>>;

/// Asks for a result gradient (cnn-autodiff seeds the root with 1).
inline mlir::LogicalResult expectResultGrad(mlir::Operation *op, mlir::Value resultGrad) {
  if (!resultGrad)
    return op->emitOpError("needs the gradient of its result");
  return mlir::success();
}

} // namespace cnn

#endif
