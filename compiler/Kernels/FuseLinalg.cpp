// The pass that computes a convolution, its activation and its pool per row of the pool's output.
#include "Kernels/Passes.h"
#include "Kernels/TileSizes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace cnnc {
#define GEN_PASS_DEF_FUSELINALG
#include "Kernels/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// What may be computed inside the pool's row loop: the linalg ops behind
/// it (the activation, the convolution, its bias and the pool's initial
/// value) each used once, by the next. An op with a second use would be
/// computed twice, the fused rows and the whole op for the other use; a pad
/// (or anything not linalg) stays whole, and so does all that lies behind it.
/// Decided before tiling, which adds uses of its own.
llvm::SmallPtrSet<Operation *, 8> fusibleProducers(linalg::LinalgOp pool) {
  llvm::SmallPtrSet<Operation *, 8> fusible;
  SmallVector<Operation *> work = {pool};
  while (!work.empty()) {
    Operation *op = work.pop_back_val();
    for (Value operand : op->getOperands()) {
      Operation *producer = operand.getDefiningOp();
      if (isa_and_nonnull<linalg::LinalgOp>(producer) && !cnnc::isNamedPool(producer) &&
          producer->hasOneUse() && fusible.insert(producer).second)
        work.push_back(producer);
    }
  }
  return fusible;
}

/// The convolution a pool's input comes from through linalg ops alone.
linalg::Conv2DNhwcHwcfOp pooledConvolution(linalg::LinalgOp pool) {
  Operation *producer = pool.getDpsInputOperand(0)->get().getDefiningOp();
  while (auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(producer)) {
    if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(producer))
      return conv;
    if (linalgOp.getNumDpsInputs() != 1 || !producer->hasOneUse())
      return nullptr;
    producer = linalgOp.getDpsInputOperand(0)->get().getDefiningOp();
  }
  return nullptr;
}

/// One image and one output row of the pool per iteration: its window rows
/// of the convolution's output are computed there, and nowhere else. When
/// the filter exceeds L2, also a tile of channels, outside the rows.
LogicalResult fuseIntoPoolRows(RewriterBase &rewriter, linalg::LinalgOp pool,
                               linalg::Conv2DNhwcHwcfOp conv,
                               const cnnc::TargetShape &target) {
  SmallVector<int64_t> sizes(pool.getNumLoops(), 0);
  sizes[0] = sizes[1] = 1;
  scf::SCFTileAndFuseOptions options;
  int64_t channels = pool.getStaticLoopRanges()[3];
  int64_t filters = cnnc::filtersPerL2(conv, target);
  if (filters < channels) {
    sizes[3] = filters;
    options.tilingOptions.setInterchange({0, 3, 1, 2, 4, 5});
  }
  options.tilingOptions.setTileSizes(
      getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  llvm::SmallPtrSet<Operation *, 8> fusible = fusibleProducers(pool);
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer, bool) -> std::tuple<bool, bool> {
        return {fusible.contains(producer.getOwner()), /*yieldReplacement=*/false};
      });
  rewriter.setInsertionPoint(pool);
  auto fused = scf::tileConsumerAndFuseProducersUsingSCF(
      rewriter, cast<TilingInterface>(pool.getOperation()), options);
  if (failed(fused))
    return pool.emitOpError("could not be tiled by rows to fuse its producers");
  for (auto [original, replacement] : fused->replacements)
    rewriter.replaceAllUsesWith(original, replacement);
  return success();
}

struct FuseLinalgPass : cnnc::impl::FuseLinalgBase<FuseLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::pair<linalg::LinalgOp, linalg::Conv2DNhwcHwcfOp>> pools;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (cnnc::isNamedPool(op) && op.hasPureTensorSemantics())
        if (auto conv = pooledConvolution(op))
          pools.emplace_back(op, conv);
    });
    cnnc::TargetShape target;
    target.vectorBits = vectorBits;
    target.l2Bytes = l2Bytes;
    IRRewriter rewriter(&getContext());
    for (auto [pool, conv] : pools)
      if (failed(fuseIntoPoolRows(rewriter, pool, conv, target)))
        return signalPassFailure();
    // A fused op writes into a slice of its whole output's tensor.empty:
    // made an empty tensor of the slice's size, it is allocated per row.
    RewritePatternSet patterns(&getContext());
    tensor::populateFoldTensorEmptyPatterns(patterns);
    (void)applyPatternsAndFoldGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
