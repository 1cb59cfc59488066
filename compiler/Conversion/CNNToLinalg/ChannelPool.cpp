// Lowering of cnn.channel_pool: a linalg.generic that reduces a window of channels for each pixel.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// out[n, h, w, c] = reduce over i < window of in[n, h, w, c * stride + i].
/// The window dimension i is iterated through a shape-only tensor, as
/// linalg's pooling ops do.
Value reduceChannelWindows(PatternRewriter &rewriter, cnn::ChannelPoolOp op,
                           Value input) {
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  auto resultType = cast<RankedTensorType>(op.getType());
  cnn::PoolKind kind = op.getKind();
  // I64Attr getters return uint64_t; the verifier keeps these positive.
  auto window = static_cast<int64_t>(op.getWindow());
  auto stride = static_cast<int64_t>(op.getStride());
  AffineExpr n, h, w, c, i;
  bindDims(ctx, n, h, w, c, i);
  auto inputMap = AffineMap::get(5, 0, {n, h, w, c * stride + i}, ctx);
  auto windowMap = AffineMap::get(5, 0, {i}, ctx);
  auto outputMap = AffineMap::get(5, 0, {n, h, w, c}, ctx);
  Value windowShape = rewriter.create<tensor::EmptyOp>(
      loc, ArrayRef<int64_t>{window}, rewriter.getF32Type());
  Value init = cnnc::createFilled(rewriter, loc, resultType, op.getInput(),
                                  cnnc::poolIdentity(kind));
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return rewriter
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, ValueRange{input, windowShape}, ValueRange{init},
          ArrayRef<AffineMap>{inputMap, windowMap, outputMap}, iterators,
          [&](OpBuilder &b, Location l, ValueRange args) {
            b.create<linalg::YieldOp>(
                l, cnnc::combinePool(b, l, kind, args[0], args[2]));
          })
      .getResult(0);
}

struct ConvertChannelPool : OpRewritePattern<cnn::ChannelPoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ChannelPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    rewriter.replaceOp(
        op, cnnc::lowerPooling(
                rewriter, loc, op.getKind(), op.getP(), op.getInput(),
                [&](Value x) { return reduceChannelWindows(rewriter, op, x); },
                [&](Value sums) {
                  return cnnc::divideBy(rewriter, loc, sums, op.getWindow());
                }));
    return success();
  }
};
} // namespace

void cnnc::populateChannelPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertChannelPool>(patterns.getContext());
}
