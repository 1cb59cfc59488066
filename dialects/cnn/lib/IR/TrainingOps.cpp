// Type inference, verifiers and canonicalisation of the training ops (losses and gradients).
#include "cnn/IR/CNNOps.h"
#include "cnn/IR/ShapeInference.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;
using namespace cnn;

LogicalResult BiasGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &results) {
  return appendInferred(inferBiasGradType(loc, adaptor.getGrad().getType()), results);
}

LogicalResult DenseGradInputOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &results) {
  return appendInferred(inferDenseGradInputType(loc, adaptor.getGrad().getType(),
                                           adaptor.getKernel().getType()),
                   results);
}

LogicalResult DenseGradKernelOp::inferReturnTypes(MLIRContext *,
                                                  std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &results) {
  return appendInferred(inferDenseGradKernelType(loc, adaptor.getInput().getType(),
                                            adaptor.getGrad().getType()),
                   results);
}

/// `actual` must be what the forward rule gives (a dynamic batch matching any).
static LogicalResult expectForwardType(Operation *op, FailureOr<RankedTensorType> expected,
                                       Type actual, StringRef what) {
  if (failed(expected))
    return failure();
  if (failed(verifyCompatibleShape(*expected, actual)))
    return op->emitOpError("expected ")
           << what << " of type " << *expected << " (the forward op's), got "
           << actual;
  return success();
}

/// Labels of a loss: class indices (i32, the predictions' shape without the
/// last axis) for the sparse kind, else floats of the predictions' shape.
static LogicalResult verifyLossOperands(Operation *op, LossKind kind,
                                        RankedTensorType predictions,
                                        RankedTensorType labels) {
  if (predictions.getRank() < 2 || predictions.isDynamicDim(predictions.getRank() - 1))
    return op->emitOpError("expected predictions of rank >= 2 with a static "
                           "last axis, got ")
           << predictions;
  if (kind == LossKind::sparse_categorical_crossentropy) {
    auto expected = RankedTensorType::get(predictions.getShape().drop_back(),
                                          IntegerType::get(op->getContext(), 32));
    if (!labels.getElementType().isInteger(32) ||
        failed(verifyCompatibleShape(expected, labels)))
      return op->emitOpError("expected class labels of type ")
             << expected << ", got " << labels;
    return success();
  }
  if (!labels.getElementType().isF32() ||
      failed(verifyCompatibleShape(predictions, labels)))
    return op->emitOpError("expected labels of the predictions' type ")
           << predictions << ", got " << labels;
  if (kind == LossKind::mean_squared_error && op->hasAttr("from_logits"))
    return op->emitOpError("mean_squared_error takes no from_logits");
  return success();
}

LogicalResult LossOp::verify() {
  return verifyLossOperands(*this, getKind(), getPredictions().getType(),
                            cast<RankedTensorType>(getLabels().getType()));
}

LogicalResult LossGradOp::verify() {
  return verifyLossOperands(*this, getKind(), getPredictions().getType(),
                            cast<RankedTensorType>(getLabels().getType()));
}

LogicalResult Conv2DGradInputOp::verify() {
  return expectForwardType(
      *this,
      inferConv2DType(getLoc(), getInputGrad().getType(), getFilter().getType(),
                      Type(), getStrides(), getDilations(), getPadding()),
      getGrad().getType(), "a gradient");
}

LogicalResult Conv2DGradFilterOp::verify() {
  return expectForwardType(
      *this,
      inferConv2DType(getLoc(), getInput().getType(), getFilterGrad().getType(),
                      Type(), getStrides(), getDilations(), getPadding()),
      getGrad().getType(), "a gradient");
}

LogicalResult Pool2DGradOp::verify() {
  return expectForwardType(
      *this,
      inferPool2DType(getLoc(), getKind(), getP(), getInput().getType(),
                      getWindow(), getStrides(), getPadding()),
      getGrad().getType(), "a gradient");
}

LogicalResult GlobalPool2DGradOp::verify() {
  return expectForwardType(
      *this,
      inferGlobalPool2DType(getLoc(), getKind(), getP(), getInput().getType(),
                            getKeepdims()),
      getGrad().getType(), "a gradient");
}

LogicalResult ChannelPoolGradOp::verify() {
  return expectForwardType(
      *this,
      inferChannelPoolType(getLoc(), getKind(), getP(), getInput().getType(),
                           static_cast<int64_t>(getWindow()),
                           static_cast<int64_t>(getStride())),
      getGrad().getType(), "a gradient");
}

LogicalResult MergeGradOp::verify() {
  if (failed(expectForwardType(
          *this, inferMergeType(getLoc(), getKind(), getInputs().getTypes()),
          getGrad().getType(), "a gradient")))
    return failure();
  auto index = static_cast<int64_t>(getIndex());
  auto count = static_cast<int64_t>(getInputs().size());
  if (index < 0 || index >= count)
    return emitOpError("expected an input index in [0, ")
           << count << "), got " << index;
  return success();
}

LogicalResult SliceOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  return appendInferred(inferSliceType(loc, adaptor.getInput().getType(),
                                       static_cast<int64_t>(adaptor.getAxis()),
                                       static_cast<int64_t>(adaptor.getOffset()),
                                       static_cast<int64_t>(adaptor.getSize())),
                        results);
}

LogicalResult ActivationGradOp::verify() {
  return failure(failed(inferActivationType(getLoc(), getKind(),
                                            getInput().getType(), getAlpha(),
                                            getMaxValue(), getThreshold())));
}

LogicalResult DropoutTrainOp::verify() {
  float rate = getRate().convertToFloat();
  if (!(rate >= 0.0f && rate < 1.0f))
    return emitOpError("expected a dropout rate in [0, 1), got ") << rate;
  return success();
}

/// `winners` (i32) must have the shape of `grad`, the pooling's output.
static LogicalResult expectWinners(Operation *op, Type winners, Type output) {
  auto w = cast<RankedTensorType>(winners), o = cast<RankedTensorType>(output);
  if (failed(verifyCompatibleShape(w.getShape(), o.getShape())))
    return op->emitOpError("expected winners of the output's shape, got ")
           << winners << " for " << output;
  return success();
}

LogicalResult Pool2DWithWinnersOp::verify() {
  if (getKind() != PoolKind::max && getKind() != PoolKind::min)
    return emitOpError("keeps winners of max and min pooling only, got ")
           << stringifyPoolKind(getKind());
  if (failed(expectForwardType(*this,
                               inferPool2DType(getLoc(), getKind(), std::nullopt,
                                               getInput().getType(), getWindow(),
                                               getStrides(), getPadding()),
                               getOutput().getType(), "an output")))
    return failure();
  return expectWinners(*this, getWinners().getType(), getOutput().getType());
}

LogicalResult Pool2DGradWinnersOp::verify() {
  if (failed(expectForwardType(*this,
                               inferPool2DType(getLoc(), PoolKind::max, std::nullopt,
                                               getInputGrad().getType(), getWindow(),
                                               getStrides(), getPadding()),
                               getGrad().getType(), "a gradient")))
    return failure();
  return expectWinners(*this, getWinners().getType(), getGrad().getType());
}

/// Regularization factors must be finite and non-negative, and a per-sample
/// penalty needs a batch dimension.
static LogicalResult verifyPenalty(Operation *op, APFloat l1, APFloat l2, bool perSample,
                                   Value value) {
  for (APFloat factor : {l1, l2})
    if (!factor.isFinite() || factor.isNegative())
      return op->emitOpError("expected finite, non-negative l1 and l2, got ")
             << l1.convertToFloat() << " and " << l2.convertToFloat();
  if (perSample && cast<RankedTensorType>(value.getType()).getRank() == 0)
    return op->emitOpError("per_sample needs a value with a batch dimension, got ")
           << value.getType();
  return success();
}

LogicalResult AddPenaltyOp::verify() {
  return verifyPenalty(*this, getL1(), getL2(), getPerSample(), getValue());
}

LogicalResult PenaltyGradOp::verify() {
  return verifyPenalty(*this, getL1(), getL2(), getPerSample(), getValue());
}

namespace {
/// A cross-entropy of softmax(z) (or a binary one of sigmoid(z)) computed on
/// z with from_logits: what Keras does, and stable where the probabilities
/// would round to 0 or 1.
struct LossOnLogits : OpRewritePattern<LossOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(LossOp op, PatternRewriter &rewriter) const override {
    if (op.getFromLogits())
      return rewriter.notifyMatchFailure(op, "already on logits");
    auto activation = op.getPredictions().getDefiningOp<ActivationOp>();
    if (!activation)
      return rewriter.notifyMatchFailure(op, "predictions not from an activation");
    ActivationKind expected = op.getKind() == LossKind::binary_crossentropy
                                  ? ActivationKind::sigmoid
                                  : ActivationKind::softmax;
    if (op.getKind() == LossKind::mean_squared_error ||
        activation.getKind() != expected)
      return rewriter.notifyMatchFailure(op, "no logits form for this pair");
    rewriter.modifyOpInPlace(op, [&] {
      op.getPredictionsMutable().assign(activation.getInput());
      op.setFromLogits(true);
    });
    return success();
  }
};
} // namespace

void LossOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<LossOnLogits>(context);
}
