// Lowering of cnn.batch_norm: per-channel scale and shift, then x * scale + shift, as tf.nn.batch_normalization computes it.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Normalization.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

/// scale = gamma / sqrt(variance + epsilon), shift = beta - mean * scale.
static std::pair<Value, Value> scaleAndShift(OpBuilder &b, Location loc, Value gamma,
                                             Value beta, Value mean, Value variance,
                                             float epsilon) {
  auto type = cast<RankedTensorType>(gamma.getType());
  AffineMap id = b.getMultiDimIdentityMap(1);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type, type}, ValueRange{gamma, beta, mean, variance},
      ValueRange{b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType()),
                 b.create<tensor::EmptyOp>(loc, type.getShape(), type.getElementType())},
      SmallVector<AffineMap>(6, id),
      SmallVector<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value var = nb.create<arith::AddFOp>(l, args[3], cnnc::f32Constant(nb, l, epsilon));
        Value scale = nb.create<arith::MulFOp>(l, nb.create<math::RsqrtOp>(l, var), args[0]);
        Value shift = nb.create<arith::SubFOp>(
            l, args[1], nb.create<arith::MulFOp>(l, args[2], scale));
        nb.create<linalg::YieldOp>(l, ValueRange{scale, shift});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

Value cnnc::normalizeChannels(OpBuilder &b, Location loc, Value input, Value gamma,
                              Value beta, Value mean, Value variance, float epsilon) {
  auto [scale, shift] = scaleAndShift(b, loc, gamma, beta, mean, variance, epsilon);
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, ValueRange{input, scale, shift},
      ValueRange{cnnc::createEmpty(b, loc, type, input)},
      ArrayRef<AffineMap>{id, channel, channel, id},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [](OpBuilder &nb, Location l, ValueRange args) {
        Value scaled = nb.create<arith::MulFOp>(l, args[0], args[1]);
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<arith::AddFOp>(l, scaled, args[2])});
      });
  return generic.getResult(0);
}

namespace {
struct ConvertBatchNorm : OpRewritePattern<cnn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, cnnc::normalizeChannels(
                               rewriter, op.getLoc(), op.getInput(), op.getGamma(),
                               op.getBeta(), op.getMean(), op.getVariance(),
                               op.getEpsilon().convertToFloat()));
    return success();
  }
};
} // namespace

void cnnc::populateNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertBatchNorm>(patterns.getContext());
}
