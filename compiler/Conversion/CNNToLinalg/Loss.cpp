// Lowering of cnn.loss (a Keras loss, averaged) and cnn.loss_grad (its gradient with respect to the predictions).
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace {
using Kind = cnn::LossKind;
constexpr double kEpsilon = 1e-7; // Keras' backend epsilon, the clip's margin.

/// ScalarMath with the losses' own pieces.
struct Scalar : cnnc::ScalarMath {
  using ScalarMath::ScalarMath;
  Value clip(Value p) { return min(max(p, c(kEpsilon)), c(1 - kEpsilon)); }
  /// Whether p is inside the clip's range, where the clip passes gradients.
  Value unclipped(Value p) {
    Value lo = cmp(arith::CmpFPredicate::OGE, p, c(kEpsilon));
    Value hi = cmp(arith::CmpFPredicate::OLE, p, c(1 - kEpsilon));
    return both(lo, hi);
  }
  /// exp(z - max) / sum: softmax from a row's max and sum of exponentials.
  Value softmax(Value z, Value max, Value sumExp) { return div(exp(sub(z, max)), sumExp); }
  /// A class label clamped into [0, classes), as an index.
  Value classIndex(Value label, int64_t classes) {
    Value i = b.create<arith::IndexCastOp>(loc, b.getIndexType(), label);
    Value zero = b.create<arith::ConstantIndexOp>(loc, 0);
    Value last = b.create<arith::ConstantIndexOp>(loc, classes - 1);
    return b.create<arith::MinSIOp>(loc, b.create<arith::MaxSIOp>(loc, i, zero), last);
  }
  /// Whether the innermost loop's index (the class axis) is `index`.
  Value isClass(unsigned axis, Value index) {
    Value k = b.create<linalg::IndexOp>(loc, axis);
    return b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, k, index);
  }
};

int64_t classesOf(Value predictions) {
  return cast<RankedTensorType>(predictions.getType()).getShape().back();
}

/// The number of positions the mean runs over, as f32: the product of all
/// dims but the last (the batch read at run time), times the class count for
/// the kinds that also average over the last axis.
Value meanCount(OpBuilder &b, Location loc, Value predictions, Kind kind) {
  auto type = cast<RankedTensorType>(predictions.getType());
  bool perClass = kind == Kind::binary_crossentropy || kind == Kind::mean_squared_error;
  int64_t axes = type.getRank() - (perClass ? 0 : 1);
  int64_t staticCount = 1;
  for (int64_t d = 0; d < axes; ++d)
    if (!type.isDynamicDim(d))
      staticCount *= type.getDimSize(d);
  Value count = b.create<arith::ConstantIndexOp>(loc, staticCount);
  for (int64_t d = 0; d < axes; ++d)
    if (type.isDynamicDim(d)) {
      Value size = b.create<tensor::DimOp>(loc, predictions, d);
      count = b.create<arith::MulIOp>(loc, size, count);
    }
  Value asInt = b.create<arith::IndexCastUIOp>(loc, b.getI64Type(), count);
  return b.create<arith::UIToFPOp>(loc, b.getF32Type(), asInt);
}

/// Each row's max and sum of exp(z - max), for the stable log-sum-exp.
std::pair<Value, Value> rowMaxAndSumExp(OpBuilder &b, Location loc, Value logits) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  Value max = cnnc::reduceRows(b, loc, {logits}, {}, -inf,
                               [](OpBuilder &nb, Location l, ValueRange e, ValueRange acc) {
                                 return nb.create<arith::MaximumFOp>(l, e[0], acc[0]).getResult();
                               });
  Value sum = cnnc::reduceRows(b, loc, {logits}, {max}, 0.0,
                               [](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                                 Scalar s{nb, l};
                                 return s.add(r[1], s.exp(s.sub(e[0], r[0])));
                               });
  return {max, sum};
}

/// Each row's sum of the same-shaped `inputs`' fn(elements, rows).
Value rowSums(OpBuilder &b, Location loc, ValueRange inputs, ValueRange rows,
              cnnc::ElementsAndRowsFn fn) {
  return cnnc::reduceRows(b, loc, inputs, rows, 0.0,
                          [&](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                            Value term = fn(nb, l, e, r.drop_back());
                            return nb.create<arith::AddFOp>(l, r.back(), term).getResult();
                          });
}

/// The sum over every position of the same-shaped `inputs` of
/// fn(elements, rows), as a 0-d tensor.
Value sumAll(OpBuilder &b, Location loc, ValueRange inputs, ValueRange rows,
             cnnc::ElementsAndRowsFn fn) {
  int64_t rank = cast<RankedTensorType>(inputs[0].getType()).getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> maps(inputs.size(), identity);
  maps.append(rows.size(), identity.dropResult(rank - 1));
  maps.push_back(AffineMap::get(rank, 0, {}, b.getContext()));
  SmallVector<Value> operands(inputs);
  operands.append(rows.begin(), rows.end());
  auto scalarType = RankedTensorType::get({}, b.getF32Type());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
  size_t numInputs = inputs.size(), numRows = rows.size();
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{scalarType}, operands,
          ValueRange{cnnc::createFilled(b, loc, scalarType, inputs[0], 0.0)}, maps,
          iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value term = fn(nb, l, args.take_front(numInputs),
                            args.drop_front(numInputs).take_front(numRows));
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, args.back(), term)});
          })
      .getResult(0);
}

/// The loss summed over every position (divided by meanCount afterwards).
Value lossSum(OpBuilder &b, Location loc, Kind kind, bool logits, Value pred,
              Value labels) {
  int64_t classes = classesOf(pred);
  int64_t rank = cast<RankedTensorType>(pred.getType()).getRank();
  // pred[leading indices..., clamped label], inside a generic over the rows.
  auto atLabel = [=](Scalar &s, Value label) -> Value {
    SmallVector<Value> indices;
    for (int64_t d = 0; d + 1 < rank; ++d)
      indices.push_back(s.b.create<linalg::IndexOp>(s.loc, d));
    indices.push_back(s.classIndex(label, classes));
    return s.b.create<tensor::ExtractOp>(s.loc, pred, indices);
  };
  if (kind == Kind::sparse_categorical_crossentropy && logits) {
    auto [max, sumExp] = rowMaxAndSumExp(b, loc, pred);
    return sumAll(b, loc, {labels, max, sumExp}, {},
                  [&](OpBuilder &nb, Location l, ValueRange e, ValueRange) {
                    Scalar s{nb, l}; // log-sum-exp(z) - z[label]
                    Value picked = atLabel(s, e[0]);
                    Value logSumExp = s.add(s.log(e[2]), e[1]);
                    return s.sub(logSumExp, picked);
                  });
  }
  if (kind == Kind::sparse_categorical_crossentropy)
    return sumAll(b, loc, {labels}, {}, [&](OpBuilder &nb, Location l, ValueRange e, ValueRange) {
      Scalar s{nb, l};
      return s.neg(s.log(s.clip(atLabel(s, e[0]))));
    });
  if (kind == Kind::categorical_crossentropy && logits) {
    auto [max, sumExp] = rowMaxAndSumExp(b, loc, pred);
    return sumAll(b, loc, {pred, labels}, {max, sumExp},
                  [](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                    Scalar s{nb, l}; // -y * log_softmax(z)
                    return s.mul(e[1], s.sub(s.add(r[0], s.log(r[1])), e[0]));
                  });
  }
  if (kind == Kind::categorical_crossentropy) {
    Value total = rowSums(b, loc, {pred}, {},
                          [](OpBuilder &, Location, ValueRange e, ValueRange) { return e[0]; });
    return sumAll(b, loc, {pred, labels}, {total},
                  [](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                    Scalar s{nb, l};
                    return s.neg(s.mul(e[1], s.log(s.clip(s.div(e[0], r[0])))));
                  });
  }
  return sumAll(b, loc, {pred, labels}, {},
                [=](OpBuilder &nb, Location l, ValueRange e, ValueRange) -> Value {
                  Scalar s{nb, l};
                  Value p = e[0], y = e[1];
                  if (kind == Kind::mean_squared_error) {
                    Value error = s.sub(p, y);
                    return s.mul(error, error);
                  }
                  if (logits) { // max(z, 0) - z*y + log1p(exp(-|z|))
                    Value tail = s.exp(s.neg(nb.create<math::AbsFOp>(l, p)));
                    return s.add(s.sub(s.max(p, s.c(0)), s.mul(p, y)),
                                 nb.create<math::Log1pOp>(l, tail));
                  }
                  Value q = s.clip(p);
                  Value hit = s.mul(y, s.log(q));
                  Value miss = s.mul(s.sub(s.c(1), y), s.log(s.sub(s.c(1), q)));
                  return s.neg(s.add(hit, miss));
                });
}

/// d(mean loss)/d(predictions) before the division by meanCount.
Value lossGradTimes(OpBuilder &b, Location loc, Kind kind, bool logits,
                    Value pred, Value labels, Value scale) {
  int64_t classes = classesOf(pred);
  unsigned classAxis = cast<RankedTensorType>(pred.getType()).getRank() - 1;
  if (kind == Kind::sparse_categorical_crossentropy) {
    if (logits) {
      auto [max, sumExp] = rowMaxAndSumExp(b, loc, pred);
      return cnnc::mapWithRows(b, loc, {pred}, {max, sumExp, labels},
                               [&](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                                 Scalar s{nb, l}; // softmax(z) - onehot(label)
                                 Value hot = s.isClass(classAxis, s.classIndex(r[2], classes));
                                 Value oneHot = s.select(hot, s.c(1), s.c(0));
                                 Value g = s.sub(s.softmax(e[0], r[0], r[1]), oneHot);
                                 return s.mul(g, scale);
                               });
    }
    return cnnc::mapWithRows(b, loc, {pred}, {labels},
                             [&](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                               Scalar s{nb, l}; // -1/p at the label, if unclipped
                               Value hot = s.isClass(classAxis, s.classIndex(r[0], classes));
                               Value live = nb.create<arith::AndIOp>(l, hot, s.unclipped(e[0]));
                               return s.select(live, s.neg(s.div(scale, e[0])), s.c(0));
                             });
  }
  if (kind == Kind::categorical_crossentropy && logits) {
    auto [max, sumExp] = rowMaxAndSumExp(b, loc, pred);
    Value labelSums = rowSums(b, loc, {labels}, {},
                              [](OpBuilder &, Location, ValueRange e, ValueRange) { return e[0]; });
    return cnnc::mapWithRows(b, loc, {pred, labels}, {max, sumExp, labelSums},
                             [&](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                               Scalar s{nb, l}; // softmax(z) * sum(y) - y
                               Value g = s.sub(s.mul(s.softmax(e[0], r[0], r[1]), r[2]), e[1]);
                               return s.mul(g, scale);
                             });
  }
  if (kind == Kind::categorical_crossentropy) {
    // L = -sum_k y_k log clip(p_k / S) with S = sum p: dL/dp_j =
    // (live_j ? -y_j / p_j : 0) + (sum of y_k over live k) / S.
    Value total = rowSums(b, loc, {pred}, {},
                          [](OpBuilder &, Location, ValueRange e, ValueRange) { return e[0]; });
    Value liveLabels = rowSums(b, loc, {pred, labels}, {total},
                               [](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                                 Scalar s{nb, l};
                                 return s.select(s.unclipped(s.div(e[0], r[0])), e[1], s.c(0));
                               });
    return cnnc::mapWithRows(b, loc, {pred, labels}, {total, liveLabels},
                             [&](OpBuilder &nb, Location l, ValueRange e, ValueRange r) {
                               Scalar s{nb, l};
                               Value live = s.unclipped(s.div(e[0], r[0]));
                               Value own = s.select(live, s.neg(s.div(e[1], e[0])), s.c(0));
                               return s.mul(s.add(own, s.div(r[1], r[0])), scale);
                             });
  }
  return cnnc::mapElements(b, loc, {pred, labels},
                           [&](OpBuilder &nb, Location l, ValueRange e) -> Value {
                             Scalar s{nb, l};
                             Value p = e[0], y = e[1];
                             if (kind == Kind::mean_squared_error)
                               return s.mul(s.mul(s.c(2), s.sub(p, y)), scale);
                             if (logits)
                               return s.mul(s.sub(s.sigmoid(p), y), scale);
                             Value g = s.add(s.neg(s.div(y, p)),
                                             s.div(s.sub(s.c(1), y), s.sub(s.c(1), p)));
                             return s.select(s.unclipped(p), s.mul(g, scale), s.c(0));
                           });
}

/// Only the batch may be dynamic: createEmpty takes no other dynamic size.
LogicalResult checkShapes(PatternRewriter &rewriter, Operation *op, Value pred) {
  auto shape = cast<RankedTensorType>(pred.getType()).getShape();
  if (llvm::any_of(shape.drop_front(), ShapedType::isDynamic))
    return rewriter.notifyMatchFailure(op, "only the batch may be dynamic");
  return success();
}

struct ConvertLoss : OpRewritePattern<cnn::LossOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::LossOp op, PatternRewriter &rewriter) const override {
    if (failed(checkShapes(rewriter, op, op.getPredictions())))
      return failure();
    Location loc = op.getLoc();
    Value sum = lossSum(rewriter, loc, op.getKind(), op.getFromLogits(),
                        op.getPredictions(), op.getLabels());
    Value count = meanCount(rewriter, loc, op.getPredictions(), op.getKind());
    rewriter.replaceOp(op, cnnc::mapElementwise(rewriter, loc, sum,
                                                [&](OpBuilder &b, Location l, Value s) {
                                                  return b.create<arith::DivFOp>(l, s, count).getResult();
                                                }));
    return success();
  }
};

struct ConvertLossGrad : OpRewritePattern<cnn::LossGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::LossGradOp op, PatternRewriter &rewriter) const override {
    if (failed(checkShapes(rewriter, op, op.getPredictions())))
      return failure();
    Location loc = op.getLoc();
    Value count = meanCount(rewriter, loc, op.getPredictions(), op.getKind());
    Value scale = rewriter.create<arith::DivFOp>(loc, cnnc::f32Constant(rewriter, loc, 1.0), count);
    rewriter.replaceOp(op, lossGradTimes(rewriter, loc, op.getKind(), op.getFromLogits(),
                                         op.getPredictions(), op.getLabels(), scale));
    return success();
  }
};
} // namespace

void cnnc::populateLossToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertLoss, ConvertLossGrad>(patterns.getContext());
}
