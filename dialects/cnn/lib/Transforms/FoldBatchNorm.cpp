// The cnn-fold-batchnorm pass: batch_norm(conv/dense with constant weights) -> conv/dense with rescaled weights.
#include "cnn/IR/CNNOps.h"
#include "cnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace cnn {
#define GEN_PASS_DEF_CNNFOLDBATCHNORM
#include "cnn/Transforms/Passes.h.inc"
} // namespace cnn

using namespace mlir;

namespace {
/// The values of a constant f32 tensor, or nothing if `v` is not one.
std::optional<std::vector<double>> constantValues(Value v) {
  DenseElementsAttr attr;
  if (!v || !matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  std::vector<double> values;
  for (float x : attr.getValues<float>())
    values.push_back(x);
  return values;
}

Value createConstant(PatternRewriter &rewriter, Location loc, Type type,
                     const std::vector<double> &values) {
  std::vector<float> narrow(values.begin(), values.end());
  auto attr = DenseElementsAttr::get(cast<ShapedType>(type), ArrayRef<float>(narrow));
  return rewriter.create<arith::ConstantOp>(loc, attr);
}

/// Per output channel: scale = gamma / sqrt(variance + epsilon) and
/// shift = beta - mean * scale.
struct ChannelAffine {
  std::vector<double> scale, shift;
};

std::optional<ChannelAffine> readAffine(cnn::BatchNormOp bn) {
  auto gamma = constantValues(bn.getGamma()), beta = constantValues(bn.getBeta());
  auto mean = constantValues(bn.getMean()), var = constantValues(bn.getVariance());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  double epsilon = bn.getEpsilon().convertToDouble();
  ChannelAffine affine;
  for (size_t k = 0; k < gamma->size(); ++k) {
    double s = (*gamma)[k] / std::sqrt((*var)[k] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back((*beta)[k] - (*mean)[k] * s);
  }
  return affine;
}

/// Weights whose last axis is the output channel (HWIO filters, [in, out]
/// kernels) and the bias, rescaled by `affine`. Fails unless all are constants.
FailureOr<std::pair<Value, Value>> rescale(PatternRewriter &rewriter, Location loc,
                                           Value weight, Value bias,
                                           const ChannelAffine &affine) {
  auto w = constantValues(weight);
  std::optional<std::vector<double>> b =
      bias ? constantValues(bias) : std::vector<double>(affine.scale.size(), 0.0);
  if (!w || !b)
    return failure();
  size_t channels = affine.scale.size();
  for (size_t i = 0; i < w->size(); ++i)
    (*w)[i] *= affine.scale[i % channels];
  for (size_t k = 0; k < channels; ++k)
    (*b)[k] = (*b)[k] * affine.scale[k] + affine.shift[k];
  auto biasType = RankedTensorType::get({static_cast<int64_t>(channels)},
                                        rewriter.getF32Type());
  return std::make_pair(createConstant(rewriter, loc, weight.getType(), *w),
                        createConstant(rewriter, loc, biasType, *b));
}

struct FoldBatchNormIntoProducer : OpRewritePattern<cnn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    Operation *producer = bn.getInput().getDefiningOp();
    if (!producer || !isa<cnn::Conv2DOp, cnn::DenseOp>(producer))
      return rewriter.notifyMatchFailure(bn, "input is not a conv2d or dense");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "the producer has other uses");
    auto affine = readAffine(bn);
    if (!affine)
      return rewriter.notifyMatchFailure(bn, "statistics are not constants");
    rewriter.setInsertionPoint(producer);
    if (auto conv = dyn_cast<cnn::Conv2DOp>(producer)) {
      auto weights = rescale(rewriter, conv.getLoc(), conv.getFilter(),
                             conv.getBias(), *affine);
      if (failed(weights))
        return rewriter.notifyMatchFailure(bn, "conv weights are not constants");
      rewriter.replaceOpWithNewOp<cnn::Conv2DOp>(
          bn, bn.getType(), conv.getInput(), weights->first, weights->second,
          conv.getStridesAttr(), conv.getDilationsAttr(), conv.getPaddingAttr());
    } else {
      auto dense = cast<cnn::DenseOp>(producer);
      auto weights = rescale(rewriter, dense.getLoc(), dense.getKernel(),
                             dense.getBias(), *affine);
      if (failed(weights))
        return rewriter.notifyMatchFailure(bn, "dense weights are not constants");
      rewriter.replaceOpWithNewOp<cnn::DenseOp>(bn, bn.getType(), dense.getInput(),
                                                weights->first, weights->second);
    }
    rewriter.eraseOp(producer);
    return success();
  }
};

struct FoldBatchNorm : cnn::impl::CNNFoldBatchNormBase<FoldBatchNorm> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    cnn::populateFoldBatchNormPatterns(patterns);
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void cnn::populateFoldBatchNormPatterns(RewritePatternSet &patterns) {
  patterns.add<FoldBatchNormIntoProducer>(patterns.getContext());
}
