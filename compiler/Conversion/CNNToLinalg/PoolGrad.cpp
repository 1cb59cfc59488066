// Lowering of cnn.pool2d_grad: each window's share of the output gradient, spread back and summed over the windows that read each input cell.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
using Kind = cnn::PoolKind;

std::array<cnn::Pad, 2> getPads(cnn::Pool2DGradOp op) {
  auto shape = op.getInput().getType().getShape();
  auto window = op.getWindow(), strides = op.getStrides();
  return {cnn::computePadding(op.getPadding(), shape[1], window[0], strides[0], 1),
          cnn::computePadding(op.getPadding(), shape[2], window[1], strides[1], 1)};
}

Value index(OpBuilder &b, Location loc, int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}

/// Whether lo <= v < hi (index values).
Value inRange(OpBuilder &b, Location loc, Value v, int64_t lo, int64_t hi) {
  Value above = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, v, index(b, loc, lo));
  Value below = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, v, index(b, loc, hi));
  return b.create<arith::AndIOp>(loc, above, below);
}

SmallVector<AffineExpr> dims(MLIRContext *ctx, unsigned n) {
  SmallVector<AffineExpr> d;
  for (unsigned i = 0; i < n; ++i)
    d.push_back(getAffineDimExpr(i, ctx));
  return d;
}

/// For each window of a max (min) pooling, the flat offset ky*KW + kx of its
/// first extreme in row-major order, as an i32 tensor of the output's shape.
/// Ties go to the smaller offset and padded cells never win, so the result
/// does not depend on the order of the reduction.
Value windowWinners(OpBuilder &b, cnn::Pool2DGradOp op) {
  Location loc = op.getLoc();
  bool isMax = op.getKind() == Kind::max;
  auto pads = getPads(op);
  auto window = op.getWindow(), strides = op.getStrides();
  auto inShape = op.getInput().getType().getShape();
  auto outType = cast<RankedTensorType>(op.getGrad().getType());
  auto idxType = RankedTensorType::get(outType.getShape(), b.getI32Type());
  double identity = cnnc::poolIdentity(op.getKind());
  Value input = cnnc::padSpatial(b, loc, op.getInput(), pads[0], pads[1], identity);
  Value values = cnnc::createFilled(b, loc, outType, op.getGrad(), identity);
  Value none = b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(window[0] * window[1]));
  Value winners = b.create<linalg::FillOp>(
      loc, none, cnnc::createEmpty(b, loc, idxType, op.getGrad())).getResult(0);
  Value windowShape = b.create<tensor::EmptyOp>(loc, window, b.getF32Type());
  auto d = dims(b.getContext(), 6); // n, oy, ox, c, ky, kx
  MLIRContext *ctx = b.getContext();
  auto inputMap = AffineMap::get(6, 0, {d[0], d[1] * strides[0] + d[4],
                                        d[2] * strides[1] + d[5], d[3]}, ctx);
  auto windowMap = AffineMap::get(6, 0, {d[4], d[5]}, ctx);
  auto outMap = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{outType, idxType}, ValueRange{input, windowShape},
      ValueRange{values, winners},
      ArrayRef<AffineMap>{inputMap, windowMap, outMap, outMap}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        auto at = [&](unsigned i) { return nb.create<linalg::IndexOp>(l, i); };
        auto cell = [&](unsigned o, unsigned k, int64_t s, int64_t pad) -> Value {
          Value start = nb.create<arith::MulIOp>(l, at(o), index(nb, l, s));
          return nb.create<arith::SubIOp>(
              l, nb.create<arith::AddIOp>(l, start, at(k)), index(nb, l, pad));
        };
        Value inside = nb.create<arith::AndIOp>(
            l, inRange(nb, l, cell(1, 4, strides[0], pads[0].before), 0, inShape[1]),
            inRange(nb, l, cell(2, 5, strides[1], pads[1].before), 0, inShape[2]));
        Value flat = nb.create<arith::AddIOp>(
            l, nb.create<arith::MulIOp>(l, at(4), index(nb, l, window[1])), at(5));
        Value offset = nb.create<arith::IndexCastOp>(l, nb.getI32Type(), flat);
        Value x = args[0], best = args[2], bestOffset = args[3];
        Value strictly = nb.create<arith::CmpFOp>(
            l, isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, x, best);
        Value equal = nb.create<arith::CmpFOp>(l, arith::CmpFPredicate::OEQ, x, best);
        Value earlier =
            nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, offset, bestOffset);
        Value tie = nb.create<arith::AndIOp>(l, equal, earlier);
        Value better = nb.create<arith::AndIOp>(
            l, inside, nb.create<arith::OrIOp>(l, strictly, tie));
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<arith::SelectOp>(l, better, x, best),
                          nb.create<arith::SelectOp>(l, better, offset, bestOffset)});
      });
  return generic.getResult(1);
}

/// Spreads an output-shaped tensor back to the input's grid (see
/// cnnc::transposedWindowLayout), filling the gaps with `fill`.
Value spreadToInput(OpBuilder &b, cnn::Pool2DGradOp op, Value source,
                    TypedAttr fill) {
  auto pads = getPads(op);
  auto inShape = op.getInput().getType().getShape();
  SmallVector<int64_t> before, size;
  for (int d = 0; d < 2; ++d) {
    auto [first, total] =
        cnnc::transposedWindowLayout(inShape[1 + d], op.getWindow()[d], pads[d]);
    before.push_back(first);
    size.push_back(total);
  }
  return cnnc::spreadSpatial(b, op.getLoc(), source, fill, op.getStrides(),
                             before, size);
}

/// dx[n,y,x,c] = sum over the windows that read (y, x) and chose it of their
/// gradient: a stride-1 window over the spread gradient and winners, where
/// spread offset (u, v) is forward window offset (KH-1-u, KW-1-v).
Value routeToWinners(OpBuilder &b, cnn::Pool2DGradOp op) {
  Location loc = op.getLoc();
  auto window = op.getWindow();
  Value grads = spreadToInput(b, op, op.getGrad(), b.getF32FloatAttr(0.0));
  Value winners = spreadToInput(b, op, windowWinners(b, op), b.getI32IntegerAttr(-1));
  Value windowShape = b.create<tensor::EmptyOp>(loc, window, b.getF32Type());
  auto resultType = cast<RankedTensorType>(op.getType());
  Value init = cnnc::createFilled(b, loc, resultType, op.getInput(), 0.0);
  auto d = dims(b.getContext(), 6); // n, y, x, c, u, v
  MLIRContext *ctx = b.getContext();
  auto spreadMap = AffineMap::get(6, 0, {d[0], d[1] + d[4], d[2] + d[5], d[3]}, ctx);
  auto windowMap = AffineMap::get(6, 0, {d[4], d[5]}, ctx);
  auto outMap = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, ValueRange{grads, winners, windowShape},
          ValueRange{init},
          ArrayRef<AffineMap>{spreadMap, spreadMap, windowMap, outMap}, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            // Forward offset (KH-1-u)*KW + KW-1-v = KH*KW - 1 - (u*KW + v).
            Value u = nb.create<linalg::IndexOp>(l, 4), v = nb.create<linalg::IndexOp>(l, 5);
            Value flat = nb.create<arith::AddIOp>(
                l, nb.create<arith::MulIOp>(l, u, index(nb, l, window[1])), v);
            Value offset = nb.create<arith::SubIOp>(
                l, index(nb, l, window[0] * window[1] - 1), flat);
            Value chosen = nb.create<arith::CmpIOp>(
                l, arith::CmpIPredicate::eq, args[1],
                nb.create<arith::IndexCastOp>(l, nb.getI32Type(), offset));
            Value share = nb.create<arith::SelectOp>(l, chosen, args[0],
                                                     cnnc::f32Constant(nb, l, 0.0));
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, args[3], share)});
          })
      .getResult(0);
}

/// dx[n,y,x,c] = the sum of `perWindow` over the windows that read (y, x): a
/// stride-1 sum pooling of the spread tensor.
Value sumOverWindows(OpBuilder &b, cnn::Pool2DGradOp op, Value perWindow) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  Value spread = spreadToInput(b, op, perWindow, b.getF32FloatAttr(0.0));
  Value windowShape = b.create<tensor::EmptyOp>(loc, op.getWindow(), b.getF32Type());
  Value init = cnnc::createFilled(b, loc, resultType, op.getInput(), 0.0);
  return b
      .create<linalg::PoolingNhwcSumOp>(
          loc, TypeRange{resultType}, ValueRange{spread, windowShape},
          ValueRange{init}, cnnc::i64Vector(b, {1, 1}), cnnc::i64Vector(b, {1, 1}))
      .getResult(0);
}

/// The number of input cells the window at output index `out` covers along
/// one dimension: min(start + window, size) - max(start, 0).
Value coveredCells(OpBuilder &b, Location loc, Value out, int64_t stride,
                   cnn::Pad pad, int64_t window, int64_t size) {
  Value start = b.create<arith::SubIOp>(
      loc, b.create<arith::MulIOp>(loc, out, index(b, loc, stride)),
      index(b, loc, pad.before));
  Value end = b.create<arith::MinSIOp>(
      loc, b.create<arith::AddIOp>(loc, start, index(b, loc, window)),
      index(b, loc, size));
  Value first = b.create<arith::MaxSIOp>(loc, start, index(b, loc, 0));
  return b.create<arith::SubIOp>(loc, end, first);
}

/// avg: each window's gradient divided by its number of unpadded cells.
Value averageShares(OpBuilder &b, cnn::Pool2DGradOp op) {
  Location loc = op.getLoc();
  auto type = cast<RankedTensorType>(op.getGrad().getType());
  auto window = op.getWindow(), strides = op.getStrides();
  auto inShape = op.getInput().getType().getShape();
  auto pads = getPads(op);
  AffineMap map = b.getMultiDimIdentityMap(4);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{op.getGrad()},
          ValueRange{cnnc::createEmpty(b, loc, type, op.getGrad())},
          ArrayRef<AffineMap>{map, map}, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            Value rows = coveredCells(nb, l, nb.create<linalg::IndexOp>(l, 1),
                                      strides[0], pads[0], window[0], inShape[1]);
            Value cols = coveredCells(nb, l, nb.create<linalg::IndexOp>(l, 2),
                                      strides[1], pads[1], window[1], inShape[2]);
            Value cells = nb.create<arith::MulIOp>(l, rows, cols);
            Value count = nb.create<arith::UIToFPOp>(
                l, nb.getF32Type(),
                nb.create<arith::IndexCastUIOp>(l, nb.getI64Type(), cells));
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::DivFOp>(l, args[0], count)});
          })
      .getResult(0);
}

/// l2 and lp: dx = x^(p-1) * sum over windows of dy * y^(1-p), with the
/// window's term 0 where y == 0 (l2: x * sum of dy / y).
Value powerMeanGrad(OpBuilder &b, cnn::Pool2DGradOp op) {
  Location loc = op.getLoc();
  Kind kind = op.getKind();
  auto p = op.getP();
  Value y = b.create<cnn::Pool2DOp>(loc, op.getGrad().getType(), op.getKindAttr(),
                                    op.getInput(), op.getWindowAttr(),
                                    op.getStridesAttr(), op.getPaddingAttr(),
                                    op.getPAttr());
  Value shares = cnnc::mapElements(
      b, loc, {op.getGrad(), y}, [&](OpBuilder &nb, Location l, ValueRange e) {
        return cnnc::powerMeanShare(nb, l, kind, p, e[0], e[1]);
      });
  Value sums = sumOverWindows(b, op, shares);
  return cnnc::mapElements(
      b, loc, {op.getInput(), sums}, [&](OpBuilder &nb, Location l, ValueRange e) {
        Value weight = cnnc::powerMeanWeight(nb, l, kind, p, e[0]);
        return nb.create<arith::MulFOp>(l, weight, e[1]).getResult();
      });
}

struct ConvertPool2DGrad : OpRewritePattern<cnn::Pool2DGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Pool2DGradOp op,
                                PatternRewriter &rewriter) const override {
    Value result;
    switch (op.getKind()) {
    case Kind::max:
    case Kind::min:
      result = routeToWinners(rewriter, op);
      break;
    case Kind::avg:
      result = sumOverWindows(rewriter, op, averageShares(rewriter, op));
      break;
    case Kind::l2:
    case Kind::lp:
      result = powerMeanGrad(rewriter, op);
      break;
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populatePoolGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertPool2DGrad>(patterns.getContext());
}
