// Lowering of the regularization penalties: loss + l1 * sum(|x|) + l2 * sum(x^2) (/ batch), and their gradient.
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
/// sum(fn(x)) over every element of `value`, as an f32 scalar.
Value sumOf(OpBuilder &b, Location loc, Value value,
            function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  auto scalarType = RankedTensorType::get({}, b.getF32Type());
  Value zero = cnnc::createFilled(b, loc, scalarType, Value(), 0.0);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{scalarType}, ValueRange{value}, ValueRange{zero},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank),
                          AffineMap::get(rank, 0, {}, b.getContext())},
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::reduction),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<arith::AddFOp>(l, args[1], fn(nb, l, args[0]))});
      });
  return b.create<tensor::ExtractOp>(loc, generic.getResult(0), ValueRange{});
}

/// The size of `value`'s dimension 0 (the batch) as an f32 scalar.
Value batchSize(OpBuilder &b, Location loc, Value value) {
  Value size = b.create<tensor::DimOp>(loc, value, 0);
  Value count = b.create<arith::IndexCastOp>(loc, b.getI64Type(), size);
  return b.create<arith::SIToFPOp>(loc, b.getF32Type(), count);
}

/// Keras' L1L2.__call__: l1 * sum(|x|) + l2 * sum(x^2), each term only when
/// its factor is not zero; divided by the batch with per_sample (Keras 2's
/// activity regularizers); then added to the loss.
struct ConvertAddPenalty : OpRewritePattern<cnn::AddPenaltyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::AddPenaltyOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value penalty;
    auto addTerm = [&](APFloat factor, function_ref<Value(OpBuilder &, Location, Value)> fn) {
      if (factor.isZero())
        return;
      Value sum = sumOf(rewriter, loc, op.getValue(), fn);
      Value term = rewriter.create<arith::MulFOp>(
          loc, cnnc::f32Constant(rewriter, loc, factor.convertToFloat()), sum);
      penalty = penalty ? rewriter.create<arith::AddFOp>(loc, penalty, term) : term;
    };
    addTerm(op.getL1(), [](OpBuilder &b, Location l, Value x) -> Value {
      return b.create<math::AbsFOp>(l, x);
    });
    addTerm(op.getL2(), [](OpBuilder &b, Location l, Value x) -> Value {
      return b.create<arith::MulFOp>(l, x, x);
    });
    if (!penalty) {
      rewriter.replaceOp(op, op.getLoss());
      return success();
    }
    if (op.getPerSample())
      penalty = rewriter.create<arith::DivFOp>(loc, penalty,
                                               batchSize(rewriter, loc, op.getValue()));
    Value loss = rewriter.create<tensor::ExtractOp>(loc, op.getLoss(), ValueRange{});
    Value total = rewriter.create<arith::AddFOp>(loc, loss, penalty);
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(op, op.getType(), total);
    return success();
  }
};

/// grad * (l1 * sign(x) + 2 * l2 * x), sign(0) = 0; grad divided by the
/// batch first with per_sample.
struct ConvertPenaltyGrad : OpRewritePattern<cnn::PenaltyGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::PenaltyGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value grad = rewriter.create<tensor::ExtractOp>(loc, op.getGrad(), ValueRange{});
    if (op.getPerSample())
      grad = rewriter.create<arith::DivFOp>(loc, grad, batchSize(rewriter, loc, op.getValue()));
    float l1 = op.getL1().convertToFloat(), l2 = op.getL2().convertToFloat();
    Value result = cnnc::mapElementwise(
        rewriter, loc, op.getValue(), [&](OpBuilder &b, Location l, Value x) -> Value {
          cnnc::ScalarMath m(b, l);
          Value zero = m.c(0.0);
          Value positive = m.greater(x, zero);
          Value negative = m.less(x, zero);
          Value minusOne = m.c(-1.0);
          Value negativeSign = m.select(negative, minusOne, zero);
          Value one = m.c(1.0);
          Value sign = m.select(positive, one, negativeSign);
          Value l1Term = m.mul(m.c(l1), sign);
          Value l2Term = m.mul(m.c(2.0 * l2), x);
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
