// The gradient rules of the ops that move, pool or combine whole tensors: padding and cropping, global and channel pooling, merges and concatenation.
#include "GradientRule.h"
#include "cnn/IR/CNNOps.h"

using namespace mlir;
using namespace cnn;

Grads ZeroPad2DOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<Crop2DOp>(getLoc(), dy, getPaddingAttr());
  return grads;
}

Grads Crop2DOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<ZeroPad2DOp>(getLoc(), dy, getCroppingAttr());
  return grads;
}

Grads GlobalPool2DOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<GlobalPool2DGradOp>(getLoc(), getInput().getType(),
                                            getKindAttr(), getInput(), dy,
                                            getKeepdimsAttr(), getPAttr());
  return grads;
}

Grads ChannelPoolOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<ChannelPoolGradOp>(getLoc(), getInput().getType(),
                                           getKindAttr(), getInput(), dy,
                                           getWindowAttr(), getStrideAttr(),
                                           getPAttr());
  return grads;
}

/// The gradient of input `index` of `op`: the result gradient itself where
/// it passes unchanged (add, the first input of subtract), the product of
/// the result gradient and the other inputs for multiply, else
/// cnn.merge_grad.
static Value mergeInputGrad(OpBuilder &b, MergeOp op, Value dy, size_t index) {
  MergeKind kind = op.getKind();
  if (kind == MergeKind::add || (kind == MergeKind::subtract && index == 0))
    return dy;
  Location loc = op.getLoc();
  if (kind == MergeKind::multiply) {
    SmallVector<Value> factors = {dy};
    for (auto [i, input] : llvm::enumerate(op.getInputs()))
      if (i != index)
        factors.push_back(input);
    return b.create<MergeOp>(loc, op.getKindAttr(), factors);
  }
  return b.create<MergeGradOp>(loc, dy.getType(), op.getKindAttr(), op.getInputs(),
                               dy, b.getI64IntegerAttr(index));
}

Grads MergeOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(getNumOperands());
  for (size_t i = 0; i < grads.size(); ++i)
    if (needed[i])
      grads[i] = mergeInputGrad(b, *this, dy, i);
  return grads;
}

Grads ConcatOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  auto axis = static_cast<int64_t>(getAxis());
  SmallVector<Value> grads(getNumOperands());
  int64_t offset = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    int64_t size = cast<RankedTensorType>(input.getType()).getDimSize(axis);
    if (needed[i])
      grads[i] = b.create<SliceOp>(getLoc(), dy, getAxisAttr(),
                                   b.getI64IntegerAttr(offset),
                                   b.getI64IntegerAttr(size));
    offset += size;
  }
  return grads;
}
