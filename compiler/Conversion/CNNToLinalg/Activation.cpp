// Lowering of cnn.activation: elementwise functions as linalg.map, (log) softmax as reductions over the last axis.
#include "Conversion/CNNToLinalg/ActivationFunctions.h"
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace {
/// A reduction of the last axis of `input` with `combine`, starting at `init`.
Value reduceLastAxis(OpBuilder &b, Location loc, Value input, double init,
                     function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  auto type = cast<RankedTensorType>(input.getType());
  auto rowType = RankedTensorType::get(type.getShape().drop_back(),
                                       type.getElementType());
  Value acc = cnnc::createFilled(b, loc, rowType, input, init);
  auto reduce = b.create<linalg::ReduceOp>(
      loc, ValueRange{input}, ValueRange{acc}, type.getRank() - 1,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, combine(nb, nloc, args[0], args[1]));
      });
  return reduce.getResult(0);
}

/// fn(x, row) for every x of `input`, where row is the entry of `rows` (the
/// input's shape without its last axis) for x's row.
Value combineWithRows(OpBuilder &b, Location loc, Value input, Value rows,
                      function_ref<Value(OpBuilder &, Location, Value, Value)> fn) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap rowMap = identity.dropResult(rank - 1);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, ValueRange{input, rows},
      ValueRange{cnnc::createEmpty(b, loc, type, input)},
      ArrayRef<AffineMap>{identity, rowMap, identity}, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, fn(nb, nloc, args[0], args[1]));
      });
  return generic.getResult(0);
}

/// exp(x - max) / sum(exp(x - max)) over the last axis, or for log_softmax
/// (x - max) - log(sum(exp(x - max))).
Value lowerSoftmax(OpBuilder &b, Location loc, Value input, bool log) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Value max = reduceLastAxis(b, loc, input, -inf,
                             [](OpBuilder &nb, Location l, Value x, Value acc) {
                               return nb.create<arith::MaximumFOp>(l, x, acc).getResult();
                             });
  Value exps = combineWithRows(b, loc, input, max,
                               [](OpBuilder &nb, Location l, Value x, Value m) {
                                 Value d = nb.create<arith::SubFOp>(l, x, m);
                                 return nb.create<math::ExpOp>(l, d).getResult();
                               });
  Value sums = reduceLastAxis(b, loc, exps, 0.0,
                              [](OpBuilder &nb, Location l, Value x, Value acc) {
                                return nb.create<arith::AddFOp>(l, x, acc).getResult();
                              });
  if (log) {
    Value shifted = combineWithRows(b, loc, input, max,
                                    [](OpBuilder &nb, Location l, Value x, Value m) {
                                      return nb.create<arith::SubFOp>(l, x, m).getResult();
                                    });
    return combineWithRows(b, loc, shifted, sums,
                           [](OpBuilder &nb, Location l, Value x, Value s) {
                             Value logSum = nb.create<math::LogOp>(l, s);
                             return nb.create<arith::SubFOp>(l, x, logSum).getResult();
                           });
  }
  return combineWithRows(b, loc, exps, sums,
                         [](OpBuilder &nb, Location l, Value e, Value s) {
                           return nb.create<arith::DivFOp>(l, e, s).getResult();
                         });
}

struct ConvertActivation : OpRewritePattern<cnn::ActivationOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ActivationOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    cnn::ActivationKind kind = op.getKind();
    Value result;
    if (kind == cnn::ActivationKind::linear)
      result = op.getInput();
    else if (kind == cnn::ActivationKind::softmax ||
             kind == cnn::ActivationKind::log_softmax)
      result = lowerSoftmax(rewriter, loc, op.getInput(),
                            kind == cnn::ActivationKind::log_softmax);
    else
      result = cnnc::mapElementwise(rewriter, loc, op.getInput(),
                                    [&](OpBuilder &b, Location l, Value x) {
                                      return cnnc::applyActivation(b, l, op, x);
                                    });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populateActivationToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertActivation>(patterns.getContext());
}
