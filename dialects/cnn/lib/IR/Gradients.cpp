// The gradient rules (GradientOpInterface) of the layers with weights, the activations, losses, penalties, dropout and batch norm: the cnn ops each backward pass is made of.
#include "GradientRule.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace cnn;

#include "cnn/Interfaces/GradientOpInterface.cpp.inc"

Grads Conv2DOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  Location loc = getLoc();
  SmallVector<Value> grads(getNumOperands());
  if (needed[0])
    grads[0] = b.create<Conv2DGradInputOp>(loc, getInput().getType(), dy,
                                           getFilter(), getStridesAttr(),
                                           getDilationsAttr(), getPaddingAttr());
  if (needed[1])
    grads[1] = b.create<Conv2DGradFilterOp>(loc, getFilter().getType(),
                                            getInput(), dy, getStridesAttr(),
                                            getDilationsAttr(), getPaddingAttr());
  if (getBias() && needed[2])
    grads[2] = b.create<BiasGradOp>(loc, dy);
  return grads;
}

Grads Pool2DOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<Pool2DGradOp>(getLoc(), getInput().getType(), getKindAttr(),
                                      getInput(), dy, getWindowAttr(),
                                      getStridesAttr(), getPaddingAttr(), getPAttr());
  return grads;
}

Grads DenseOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  Location loc = getLoc();
  SmallVector<Value> grads(getNumOperands());
  if (needed[0])
    grads[0] = b.create<DenseGradInputOp>(loc, dy, getKernel());
  if (needed[1])
    grads[1] = b.create<DenseGradKernelOp>(loc, getInput(), dy);
  if (getBias() && needed[2])
    grads[2] = b.create<BiasGradOp>(loc, dy);
  return grads;
}

/// The gradient of a reshape-like op: the result gradient reshaped back.
static Value reshapeBack(OpBuilder &b, Location loc, Value dy, Value input) {
  auto shape = cast<RankedTensorType>(input.getType()).getShape().drop_front();
  Value dx = b.create<ReshapeOp>(loc, dy, b.getDenseI64ArrayAttr(shape));
  return dx;
}

Grads FlattenOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  return SmallVector<Value>{needed[0] ? reshapeBack(b, getLoc(), dy, getInput())
                                      : Value()};
}

Grads ReshapeOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  return SmallVector<Value>{needed[0] ? reshapeBack(b, getLoc(), dy, getInput())
                                      : Value()};
}

Grads ActivationOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<ActivationGradOp>(getLoc(), getInput().getType(),
                                          getKindAttr(), getInput(), dy,
                                          getAlphaAttr(), getMaxValueAttr(),
                                          getThresholdAttr());
  return grads;
}

Grads LossOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  // The loss is the root (gradient 1), or a term of the total (a penalty
  // added to it passes 1 through).
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  if (!matchPattern(dy, m_OneFloat()))
    return emitOpError("must be the differentiated loss itself, or a penalised "
                       "one, not feed another op");
  SmallVector<Value> grads(2);
  if (needed[1])
    return emitOpError("has no gradient with respect to its labels");
  if (needed[0])
    grads[0] = b.create<LossGradOp>(getLoc(), getPredictions().getType(),
                                    getKindAttr(), getPredictions(), getLabels(),
                                    getFromLogitsAttr());
  return grads;
}

Grads DropoutTrainOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(2);
  // The same mask and scale, from the same seed and stream.
  if (needed[0])
    grads[0] = b.create<DropoutTrainOp>(getLoc(), dy.getType(), dy, getSeed(),
                                        getRateAttr(), getStreamAttr());
  return grads;
}

/// A constant f32 vector like `like`, every element `value`.
static Value splatLike(OpBuilder &b, Location loc, Value like, float value) {
  auto type = cast<RankedTensorType>(like.getType());
  return b.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, value));
}

Grads BatchNormOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  if (needed[3] || needed[4])
    return emitOpError("has no gradient with respect to its moving statistics "
                       "(they are not trained)");
  Location loc = getLoc();
  Value zeros = splatLike(b, loc, getGamma(), 0.0f);
  SmallVector<Value> grads(getNumOperands());
  // dx = dy * gamma / sqrt(variance + epsilon): this op on dy, unshifted.
  if (needed[0])
    grads[0] = b.create<BatchNormOp>(loc, dy, getGamma(), zeros, zeros,
                                     getVariance(), getEpsilonAttr(),
                                     FloatAttr());
  if (needed[1]) {
    Value xhat = b.create<BatchNormOp>(loc, getInput(), splatLike(b, loc, getGamma(), 1.0f),
                                       zeros, getMean(), getVariance(),
                                       getEpsilonAttr(), FloatAttr());
    Value product = b.create<MergeOp>(
        loc, MergeKindAttr::get(b.getContext(), MergeKind::multiply),
        ValueRange{dy, xhat});
    grads[1] = b.create<BiasGradOp>(loc, product);
  }
  if (needed[2])
    grads[2] = b.create<BiasGradOp>(loc, dy);
  return grads;
}

Grads BatchNormTrainOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  auto grad = b.create<BatchNormGradOp>(getLoc(), getInput(), getGamma(), getMean(),
                                        getVariance(), dy, getEpsilonAttr());
  SmallVector<Value> grads(getNumOperands());
  for (unsigned i = 0; i < 3; ++i)
    if (needed[i])
      grads[i] = grad.getResult(i);
  return grads;
}

Grads AddPenaltyOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(2);
  if (needed[0])
    grads[0] = dy;
  if (needed[1])
    grads[1] = b.create<PenaltyGradOp>(getLoc(), getValue(), dy, getL1Attr(),
                                       getL2Attr(), getPerSampleAttr());
  return grads;
}

Grads Pool2DWithWinnersOp::buildGradients(OpBuilder &b, Value dy, ArrayRef<bool> needed) {
  if (failed(expectResultGrad(*this, dy)))
    return failure();
  SmallVector<Value> grads(1);
  if (needed[0])
    grads[0] = b.create<Pool2DGradWinnersOp>(getLoc(), getInput().getType(), getWinners(),
                                             dy, getWindowAttr(), getStridesAttr(),
                                             getPaddingAttr());
  return grads;
}
