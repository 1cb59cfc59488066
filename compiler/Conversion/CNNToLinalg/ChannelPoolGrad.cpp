// Lowering of cnn.channel_pool_grad: each input channel gathers its shares of the gradients of the channel windows that contain it.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"
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

// I64Attr getters return uint64_t; the verifier keeps these positive.
int64_t windowOf(cnn::ChannelPoolGradOp op) { return static_cast<int64_t>(op.getWindow()); }
int64_t strideOf(cnn::ChannelPoolGradOp op) { return static_cast<int64_t>(op.getStride()); }

/// For each window of a max (min) channel pooling, the offset i in
/// [0, window) of its first extreme, as an i32 tensor of the gradient's
/// shape. Ties go to the smaller offset, whatever the reduction's order.
Value windowWinners(OpBuilder &b, cnn::ChannelPoolGradOp op) {
  Location loc = op.getLoc();
  MLIRContext *ctx = b.getContext();
  bool isMax = op.getKind() == Kind::max;
  int64_t window = windowOf(op);
  auto outType = cast<RankedTensorType>(op.getGrad().getType());
  auto idxType = RankedTensorType::get(outType.getShape(), b.getI32Type());
  Value values = cnnc::createFilled(b, loc, outType, op.getGrad(),
                                    cnnc::poolIdentity(op.getKind()));
  Value none = b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(window));
  Value winners = b.create<linalg::FillOp>(
      loc, none, cnnc::createEmpty(b, loc, idxType, op.getGrad())).getResult(0);
  Value windowShape = b.create<tensor::EmptyOp>(loc, ArrayRef<int64_t>{window},
                                                b.getF32Type());
  AffineExpr n, h, w, c, i;
  bindDims(ctx, n, h, w, c, i);
  auto inputMap = AffineMap::get(5, 0, {n, h, w, c * strideOf(op) + i}, ctx);
  auto windowMap = AffineMap::get(5, 0, {i}, ctx);
  auto outMap = AffineMap::get(5, 0, {n, h, w, c}, ctx);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{outType, idxType}, ValueRange{op.getInput(), windowShape},
      ValueRange{values, winners},
      ArrayRef<AffineMap>{inputMap, windowMap, outMap, outMap}, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        cnnc::ScalarMath m(nb, l);
        Value offset = nb.create<arith::IndexCastOp>(
            l, nb.getI32Type(), nb.create<linalg::IndexOp>(l, 4));
        Value x = args[0], best = args[2], bestOffset = args[3];
        Value strictly = isMax ? m.greater(x, best) : m.less(x, best);
        Value equal = m.cmp(arith::CmpFPredicate::OEQ, x, best);
        Value earlier =
            nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt, offset, bestOffset);
        Value better = nb.create<arith::OrIOp>(l, strictly, m.both(equal, earlier));
        nb.create<linalg::YieldOp>(
            l, ValueRange{m.select(better, x, best),
                          nb.create<arith::SelectOp>(l, better, offset, bestOffset)});
      });
  return generic.getResult(1);
}

/// dx[n, h, w, ci] = the sum over the windows c that contain channel ci of
/// share[n, h, w, c], counting only the windows whose winner is ci when
/// `winners` is given: a reduction over all windows, each kept where
/// i = ci - c * stride lies in [0, window).
Value gatherShares(OpBuilder &b, cnn::ChannelPoolGradOp op, Value share,
                   Value winners) {
  Location loc = op.getLoc();
  MLIRContext *ctx = b.getContext();
  int64_t window = windowOf(op), stride = strideOf(op);
  auto resultType = cast<RankedTensorType>(op.getType());
  AffineExpr n, h, w, ci, c;
  bindDims(ctx, n, h, w, ci, c);
  auto windowMap = AffineMap::get(5, 0, {n, h, w, c}, ctx);
  auto channelMap = AffineMap::get(5, 0, {n, h, w, ci}, ctx);
  SmallVector<Value> inputs = {share};
  if (winners)
    inputs.push_back(winners);
  SmallVector<AffineMap> maps(inputs.size(), windowMap);
  maps.push_back(channelMap);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  Value init = cnnc::createFilled(b, loc, resultType, op.getInput(), 0.0);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            cnnc::ScalarMath m(nb, l);
            Value start = nb.create<arith::MulIOp>(
                l, nb.create<linalg::IndexOp>(l, 4), index(nb, l, stride));
            Value offset =
                nb.create<arith::SubIOp>(l, nb.create<linalg::IndexOp>(l, 3), start);
            Value above = nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::sge,
                                                   offset, index(nb, l, 0));
            Value below = nb.create<arith::CmpIOp>(l, arith::CmpIPredicate::slt,
                                                   offset, index(nb, l, window));
            Value counts = m.both(above, below);
            if (winners) {
              Value mine = nb.create<arith::CmpIOp>(
                  l, arith::CmpIPredicate::eq, args[1],
                  nb.create<arith::IndexCastOp>(l, nb.getI32Type(), offset));
              counts = m.both(counts, mine);
            }
            Value zero = m.c(0.0);
            Value term = m.select(counts, args[0], zero);
            nb.create<linalg::YieldOp>(l, m.add(args.back(), term));
          })
      .getResult(0);
}

/// l2 and lp: x^(p-1) times the gathered grad * y^(1-p) of the windows.
Value powerMeanGrad(OpBuilder &b, cnn::ChannelPoolGradOp op) {
  Location loc = op.getLoc();
  Value y = b.create<cnn::ChannelPoolOp>(loc, op.getGrad().getType(), op.getKindAttr(),
                                         op.getInput(), op.getWindowAttr(),
                                         op.getStrideAttr(), op.getPAttr());
  return cnnc::powerMeanGradient(b, loc, op.getKind(), op.getP(), op.getInput(),
                                 op.getGrad(), y,
                                 [&](Value shares) { return gatherShares(b, op, shares, Value()); });
}

struct ConvertChannelPoolGrad : OpRewritePattern<cnn::ChannelPoolGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ChannelPoolGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value result;
    switch (op.getKind()) {
    case Kind::max:
    case Kind::min:
      result = gatherShares(rewriter, op, op.getGrad(), windowWinners(rewriter, op));
      break;
    case Kind::avg:
      result = gatherShares(
          rewriter, op,
          cnnc::divideBy(rewriter, loc, op.getGrad(), static_cast<double>(windowOf(op))),
          Value());
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

void cnnc::populateChannelPoolGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertChannelPoolGrad>(patterns.getContext());
}
