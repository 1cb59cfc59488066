// Lowering of cnn.pool2d_grad (each window's share of the output gradient, spread back and summed over the windows that read each input cell), and of max/min pooling with kept winners.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/PoolWinners.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
using Kind = cnn::PoolKind;

Value index(OpBuilder &b, Location loc, int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}

cnnc::PoolWindow poolWindow(cnn::Pool2DGradOp op) {
  return {op.getKind(), op.getInput().getType(), op.getWindow(), op.getStrides(),
          op.getPadding()};
}

/// max and min: the forward's winners found again, then the gradient routed
/// to them.
Value routeToWinners(OpBuilder &b, cnn::Pool2DGradOp op) {
  Location loc = op.getLoc();
  cnnc::PoolWindow pool = poolWindow(op);
  Value winners = cnnc::poolWithWinners(b, loc, pool, op.getInput(),
                                        cast<RankedTensorType>(op.getGrad().getType()))
                      .second;
  return cnnc::routeToWinners(b, loc, pool, winners, op.getGrad());
}

/// dx[n,y,x,c] = the sum of `perWindow` over the windows that read (y, x): a
/// stride-1 sum pooling of the spread tensor.
Value sumOverWindows(OpBuilder &b, cnn::Pool2DGradOp op, Value perWindow) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  Value spread = cnnc::spreadToInput(b, loc, poolWindow(op), perWindow, b.getF32FloatAttr(0.0));
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
  auto pads = poolWindow(op).pads();
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
  Value y = b.create<cnn::Pool2DOp>(loc, op.getGrad().getType(), op.getKindAttr(),
                                    op.getInput(), op.getWindowAttr(),
                                    op.getStridesAttr(), op.getPaddingAttr(),
                                    op.getPAttr());
  return cnnc::powerMeanGradient(b, loc, op.getKind(), op.getP(), op.getInput(),
                                 op.getGrad(), y,
                                 [&](Value shares) { return sumOverWindows(b, op, shares); });
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
/// The pooled values and the winners come from one reduction.
struct ConvertPool2DWithWinners : OpRewritePattern<cnn::Pool2DWithWinnersOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Pool2DWithWinnersOp op,
                                PatternRewriter &rewriter) const override {
    cnnc::PoolWindow pool{op.getKind(), op.getInput().getType(), op.getWindow(),
                          op.getStrides(), op.getPadding()};
    auto [output, winners] = cnnc::poolWithWinners(
        rewriter, op.getLoc(), pool, op.getInput(), op.getOutput().getType());
    rewriter.replaceOp(op, {output, winners});
    return success();
  }
};

struct ConvertPool2DGradWinners : OpRewritePattern<cnn::Pool2DGradWinnersOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Pool2DGradWinnersOp op,
                                PatternRewriter &rewriter) const override {
    // The kind does not matter once the winners are known.
    cnnc::PoolWindow pool{Kind::max, op.getInputGrad().getType(), op.getWindow(),
                          op.getStrides(), op.getPadding()};
    rewriter.replaceOp(op, cnnc::routeToWinners(rewriter, op.getLoc(), pool,
                                                op.getWinners(), op.getGrad()));
    return success();
  }
};
} // namespace

void cnnc::populatePoolGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertPool2DGrad, ConvertPool2DWithWinners, ConvertPool2DGradWinners>(
      patterns.getContext());
}
