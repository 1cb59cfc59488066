// The trait every cnn op carries: its tensors hold at most kMaxElements elements beside a dynamic batch, so that no size computed from them can overflow.
#ifndef CNN_IR_BOUNDEDSHAPES_H
#define CNN_IR_BOUNDEDSHAPES_H

#include "cnn/IR/ShapeInference.h"

#include "mlir/IR/OpDefinition.h"

namespace cnn {

/// Verified before the op's shape rules, so that they (and every later pass)
/// only see sizes whose products fit: a .mlir input through cnn-opt is held to
/// what the frontend checks where it infers shapes.
template <typename ConcreteType>
class BoundedShapes : public mlir::OpTrait::TraitBase<ConcreteType, BoundedShapes> {
public:
  static mlir::LogicalResult verifyTrait(mlir::Operation *op) {
    for (auto [index, type] : llvm::enumerate(op->getOperandTypes()))
      if (auto error = tensorSizeError(type, "operand #" + std::to_string(index)))
        return op->emitOpError(*error);
    for (auto [index, type] : llvm::enumerate(op->getResultTypes()))
      if (auto error = tensorSizeError(type, "result #" + std::to_string(index)))
        return op->emitOpError(*error);
    return mlir::success();
  }
};

} // namespace cnn

#endif
