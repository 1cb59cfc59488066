// Lowering of cnn.batch_norm: per-channel scale and shift, then x * scale + shift, as tf.nn.batch_normalization computes it.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// scale = gamma / sqrt(variance + epsilon), shift = beta - mean * scale.
std::pair<Value, Value> scaleAndShift(OpBuilder &b, cnn::BatchNormOp op) {
  Location loc = op.getLoc();
  auto type = cast<RankedTensorType>(op.getGamma().getType());
  AffineMap id = b.getMultiDimIdentityMap(1);
  float epsilon = op.getEpsilon().convertToFloat();
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type, type},
      ValueRange{op.getGamma(), op.getBeta(), op.getMean(), op.getVariance()},
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

struct ConvertBatchNorm : OpRewritePattern<cnn::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::BatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto [scale, shift] = scaleAndShift(rewriter, op);
    auto type = cast<RankedTensorType>(op.getType());
    int64_t rank = type.getRank();
    AffineMap id = rewriter.getMultiDimIdentityMap(rank);
    AffineMap channel = AffineMap::get(rank, 0, rewriter.getAffineDimExpr(rank - 1));
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{op.getInput(), scale, shift},
        ValueRange{cnnc::createEmpty(rewriter, loc, type, op.getInput())},
        ArrayRef<AffineMap>{id, channel, channel, id},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          Value scaled = b.create<arith::MulFOp>(l, args[0], args[1]);
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::AddFOp>(l, scaled, args[2])});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};
} // namespace

void cnnc::populateNormalizationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertBatchNorm>(patterns.getContext());
}
