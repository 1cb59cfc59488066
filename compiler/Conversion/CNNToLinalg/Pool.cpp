// Lowering of cnn.pool2d to linalg.pooling_nhwc_{max,min,sum}, with the extra steps avg, l2 and lp need.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"


using namespace mlir;

namespace {
/// The padding of both spatial dimensions of a pooling op.
struct SpatialPads {
  cnn::Pad h, w;
};

SpatialPads getPads(cnn::Pool2DOp op) {
  auto shape = op.getInput().getType().getShape();
  auto window = op.getWindow(), strides = op.getStrides();
  return {cnn::computePadding(op.getPadding(), shape[1], window[0], strides[0], 1),
          cnn::computePadding(op.getPadding(), shape[2], window[1], strides[1], 1)};
}

/// Runs the linalg pooling op `PoolOpTy` over `input` padded with `padValue`,
/// accumulating from `initValue`.
template <typename PoolOpTy>
Value poolWindows(PatternRewriter &rewriter, cnn::Pool2DOp op, Value input,
                  double padValue, double initValue) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  SpatialPads pads = getPads(op);
  Value padded = cnnc::padSpatial(rewriter, loc, input, pads.h, pads.w, padValue);
  Value window = rewriter.create<tensor::EmptyOp>(loc, op.getWindow(),
                                                  rewriter.getF32Type());
  Value init = cnnc::createFilled(rewriter, loc, resultType, input, initValue);
  return rewriter
      .create<PoolOpTy>(loc, TypeRange{resultType}, ValueRange{padded, window},
                        ValueRange{init}, cnnc::i64Vector(rewriter, op.getStrides()),
                        cnnc::i64Vector(rewriter, {1, 1}))
      .getResult(0);
}

/// How many cells of the unpadded input the window at output index `out`
/// covers along one dimension: min(start + window, size) - max(start, 0).
Value coveredCells(OpBuilder &b, Location loc, Value out, int64_t stride,
                   cnn::Pad pad, int64_t window, int64_t size) {
  auto index = [&](int64_t v) -> Value {
    return b.create<arith::ConstantIndexOp>(loc, v);
  };
  Value start = b.create<arith::SubIOp>(
      loc, b.create<arith::MulIOp>(loc, out, index(stride)), index(pad.before));
  Value end = b.create<arith::MinSIOp>(
      loc, b.create<arith::AddIOp>(loc, start, index(window)), index(size));
  Value first = b.create<arith::MaxSIOp>(loc, start, index(0));
  return b.create<arith::SubIOp>(loc, end, first);
}

/// Divides window sums by the number of input cells each window covers, so
/// that padding is left out of the average (Keras' AveragePooling2D).
Value divideByCoveredCells(PatternRewriter &rewriter, cnn::Pool2DOp op,
                           Value sums) {
  Location loc = op.getLoc();
  auto type = cast<RankedTensorType>(sums.getType());
  auto window = op.getWindow(), strides = op.getStrides();
  auto inShape = op.getInput().getType().getShape();
  SpatialPads pads = getPads(op);
  auto map = rewriter.getMultiDimIdentityMap(type.getRank());
  SmallVector<utils::IteratorType> iterators(type.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = rewriter.create<linalg::GenericOp>(
      loc, TypeRange{type}, ValueRange{sums},
      ValueRange{cnnc::createEmpty(rewriter, loc, type, sums)},
      ArrayRef<AffineMap>{map, map}, iterators,
      [&](OpBuilder &b, Location nloc, ValueRange args) {
        Value rows = coveredCells(b, nloc, b.create<linalg::IndexOp>(nloc, 1),
                                  strides[0], pads.h, window[0], inShape[1]);
        Value cols = coveredCells(b, nloc, b.create<linalg::IndexOp>(nloc, 2),
                                  strides[1], pads.w, window[1], inShape[2]);
        Value cells = b.create<arith::MulIOp>(nloc, rows, cols);
        Value count = b.create<arith::UIToFPOp>(
            nloc, b.getF32Type(),
            b.create<arith::IndexCastUIOp>(nloc, b.getI64Type(), cells));
        b.create<linalg::YieldOp>(
            nloc, ValueRange{b.create<arith::DivFOp>(nloc, args[0], count)});
      });
  return generic.getResult(0);
}

/// The window reduction of `kind`: max and min directly, the sums of avg,
/// l2 and lp with linalg's sum pooling.
Value reduceWindows(PatternRewriter &rewriter, cnn::Pool2DOp op, Value input) {
  cnn::PoolKind kind = op.getKind();
  double identity = cnnc::poolIdentity(kind);
  if (kind == cnn::PoolKind::max)
    return poolWindows<linalg::PoolingNhwcMaxOp>(rewriter, op, input, identity,
                                                 identity);
  if (kind == cnn::PoolKind::min)
    return poolWindows<linalg::PoolingNhwcMinOp>(rewriter, op, input, identity,
                                                 identity);
  return poolWindows<linalg::PoolingNhwcSumOp>(rewriter, op, input, identity,
                                               identity);
}

struct ConvertPool2D : OpRewritePattern<cnn::Pool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Pool2DOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(
        op, cnnc::lowerPooling(
                rewriter, op.getLoc(), op.getKind(), op.getP(), op.getInput(),
                [&](Value x) { return reduceWindows(rewriter, op, x); },
                [&](Value sums) { return divideByCoveredCells(rewriter, op, sums); }));
    return success();
  }
};
} // namespace

void cnnc::populatePoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertPool2D>(patterns.getContext());
}
