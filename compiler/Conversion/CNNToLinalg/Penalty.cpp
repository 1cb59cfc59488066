// Lowering of the regularization penalties: loss + l1 * sum(|w|) + l2 * sum(w^2), and its weight gradient.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/ScalarMath.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// sum(fn(w)) over every element of `weight`, as an f32 scalar.
Value sumOf(OpBuilder &b, Location loc, Value weight,
            function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(weight.getType());
  int64_t rank = type.getRank();
  auto scalarType = RankedTensorType::get({}, b.getF32Type());
  Value zero = cnnc::createFilled(b, loc, scalarType, Value(), 0.0);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{scalarType}, ValueRange{weight}, ValueRange{zero},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank),
                          AffineMap::get(rank, 0, {}, b.getContext())},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<arith::AddFOp>(l, args[1], fn(nb, l, args[0]))});
      });
  return b.create<tensor::ExtractOp>(loc, generic.getResult(0), ValueRange{});
}

/// Keras' L1L2.__call__: l1 * sum(|w|) and l2 * sum(w^2), each only when
/// its factor is not zero, added to the loss.
struct ConvertAddPenalty : OpRewritePattern<cnn::AddPenaltyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::AddPenaltyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value total = rewriter.create<tensor::ExtractOp>(loc, op.getLoss(), ValueRange{});
    auto addTerm = [&](APFloat factor, function_ref<Value(OpBuilder &, Location, Value)> fn) {
      if (factor.isZero())
        return;
      Value sum = sumOf(rewriter, loc, op.getWeight(), fn);
      Value term = rewriter.create<arith::MulFOp>(
          loc, cnnc::f32Constant(rewriter, loc, factor.convertToFloat()), sum);
      total = rewriter.create<arith::AddFOp>(loc, total, term);
    };
    addTerm(op.getL1(), [](OpBuilder &b, Location l, Value w) -> Value {
      return b.create<math::AbsFOp>(l, w);
    });
    addTerm(op.getL2(), [](OpBuilder &b, Location l, Value w) -> Value {
      return b.create<arith::MulFOp>(l, w, w);
    });
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(), total);
    return success();
  }
};

/// grad * (l1 * sign(w) + 2 * l2 * w), sign(0) = 0.
struct ConvertPenaltyGrad : OpRewritePattern<cnn::PenaltyGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::PenaltyGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value grad = rewriter.create<tensor::ExtractOp>(loc, op.getGrad(), ValueRange{});
    float l1 = op.getL1().convertToFloat(), l2 = op.getL2().convertToFloat();
    Value result = cnnc::mapElementwise(
        rewriter, loc, op.getWeight(), [&](OpBuilder &b, Location l, Value w) -> Value {
          cnnc::ScalarMath m(b, l);
          Value zero = m.c(0.0);
          Value positive = m.greater(w, zero);
          Value negative = m.less(w, zero);
          Value minusOne = m.c(-1.0);
          Value negativeSign = m.select(negative, minusOne, zero);
          Value one = m.c(1.0);
          Value sign = m.select(positive, one, negativeSign);
          Value l1Term = m.mul(m.c(l1), sign);
          Value l2Term = m.mul(m.c(2.0 * l2), w);
          Value derivative = m.add(l1Term, l2Term);
          return m.mul(grad, derivative);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populatePenaltyToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertAddPenalty, ConvertPenaltyGrad>(patterns.getContext());
}
