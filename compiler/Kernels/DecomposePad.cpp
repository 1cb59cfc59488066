// The pass that rewrites a constant tensor.pad as a fill and a linalg.copy, ops the tiler cuts into vector tiles.
#include "Kernels/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace cnnc {
#define GEN_PASS_DEF_DECOMPOSEPAD
#include "Kernels/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// pad(x, low, high, c) -> insert_slice(copy(x), fill(c)) at low.
struct PadAsFillAndCopy : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp pad,
                                PatternRewriter &rewriter) const override {
    Value value = pad.getConstantPaddingValue();
    if (!value)
      return rewriter.notifyMatchFailure(pad, "padding value not a constant");
    Location loc = pad.getLoc();
    ReifiedRankedShapedTypeDims resultSizes;
    if (failed(reifyResultShapes(rewriter, pad, resultSizes)))
      return rewriter.notifyMatchFailure(pad, "result sizes unknown");
    RankedTensorType type = pad.getResultType();
    Value empty =
        rewriter.create<tensor::EmptyOp>(loc, resultSizes[0], type.getElementType());
    Value filled = rewriter.create<linalg::FillOp>(loc, value, empty).getResult(0);
    SmallVector<OpFoldResult> offsets = pad.getMixedLowPad();
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, pad.getSource());
    SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
    Value inside =
        rewriter.create<tensor::ExtractSliceOp>(loc, filled, offsets, sizes, strides);
    Value copied =
        rewriter.create<linalg::CopyOp>(loc, pad.getSource(), inside).getResult(0);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(pad, copied, filled, offsets,
                                                       sizes, strides);
    return success();
  }
};

struct DecomposePadPass : cnnc::impl::DecomposePadBase<DecomposePadPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<PadAsFillAndCopy>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
