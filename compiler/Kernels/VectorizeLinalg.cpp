// The pass that vectorises linalg ops of small static shape and keeps their accumulators in registers.
#include "Kernels/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

namespace cnnc {
#define GEN_PASS_DEF_VECTORIZELINALG
#include "Kernels/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// Points in the iteration space of `op`; nothing when one extent is dynamic.
std::optional<int64_t> iterationPoints(linalg::LinalgOp op) {
  int64_t points = 1;
  for (int64_t extent : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(extent))
      return std::nullopt;
    points *= extent;
  }
  return points;
}

/// Vectorises the linalg ops of small static shape: those the tiler made.
struct VectorizeSmallLinalgOp
    : OpInterfaceRewritePattern<linalg::LinalgOp> {
  VectorizeSmallLinalgOp(MLIRContext *context, int64_t maxElements)
      : OpInterfaceRewritePattern(context), maxElements(maxElements) {}

  LogicalResult matchAndRewrite(linalg::LinalgOp op,
                                PatternRewriter &rewriter) const override {
    std::optional<int64_t> points = iterationPoints(op);
    if (!points || *points > maxElements)
      return rewriter.notifyMatchFailure(op, "dynamic or larger than a tile");
    if (failed(linalg::vectorizeOpPrecondition(op)))
      return rewriter.notifyMatchFailure(op, "no vector form upstream");
    return linalg::vectorize(rewriter, op);
  }

  int64_t maxElements;
};

/// A tile of a stencil (a filter gradient: the input read at oh + kh) has
/// extent 1 in the loops its windows add up. Without them (and without the
/// operand dimensions they leave constant), every operand is read through a
/// projected permutation, which upstream can vectorise.
bool isStencilTile(linalg::GenericOp generic) {
  return !llvm::all_of(generic.getIndexingMapsArray(), [](AffineMap map) {
    return map.isProjectedPermutation(/*allowZeroInResults=*/true) &&
           map.getNumResults() <= map.getNumDims();
  });
}

/// A tile of a window reduction (a pool with its winners, a pool's
/// gradient) reduces one cell: without its unit loops it is elementwise,
/// whatever its combiner (upstream vectorises only the reductions it
/// recognises).
bool isOneCellReductionTile(linalg::GenericOp generic) {
  SmallVector<int64_t> extents = generic.getStaticLoopRanges();
  auto iterators = generic.getIteratorTypesArray();
  bool reduces = false;
  for (auto [extent, iterator] : llvm::zip(extents, iterators))
    if (iterator == utils::IteratorType::reduction) {
      if (extent != 1)
        return false;
      reduces = true;
    }
  return reduces;
}

void dropUnitLoopsOfWindowTiles(func::FuncOp func, int64_t maxElements) {
  linalg::ControlDropUnitDims options;
  options.rankReductionStrategy =
      linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
  options.controlFn = [maxElements](Operation *op) -> SmallVector<unsigned> {
    auto generic = dyn_cast<linalg::GenericOp>(op);
    std::optional<int64_t> points =
        generic ? iterationPoints(generic) : std::nullopt;
    if (!points || *points > maxElements ||
        !(isStencilTile(generic) || isOneCellReductionTile(generic)))
      return {};
    return llvm::to_vector(llvm::seq<unsigned>(
        0, cast<linalg::GenericOp>(op).getNumLoops()));
  };
  RewritePatternSet patterns(func.getContext());
  linalg::populateFoldUnitExtentDimsPatterns(patterns, options);
  (void)applyPatternsAndFoldGreedily(func, std::move(patterns));
}

void decomposeConvolutions(func::FuncOp func) {
  RewritePatternSet patterns(func.getContext());
  linalg::populateDecomposeConvolutionPatterns(patterns);
  (void)applyPatternsAndFoldGreedily(func, std::move(patterns));
}

/// The vector ops, with the slices of tensors they read and write folded into
/// their transfers (upstream's vectorize_children_and_apply_patterns set).
void vectorize(func::FuncOp func, int64_t maxElements) {
  MLIRContext *context = func.getContext();
  RewritePatternSet patterns(context);
  patterns.add<VectorizeSmallLinalgOp>(context, maxElements);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorReductionToContractPatterns(patterns);
  vector::populateSinkVectorBroadcastPatterns(patterns);
  vector::TransferReadOp::getCanonicalizationPatterns(patterns, context);
  vector::TransferWriteOp::getCanonicalizationPatterns(patterns, context);
  tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
  (void)applyPatternsAndFoldGreedily(func, std::move(patterns));
}

/// Moves the transfers of loop-carried tiles out of each loop, innermost
/// first, so that the next loop out sees them as its own invariant subsets.
void hoistCarriedTiles(func::FuncOp func) {
  IRRewriter rewriter(func.getContext());
  func.walk([&](scf::ForOp loop) { // post-order: inner loops first
    hoistLoopInvariantSubsets(rewriter, loop);
  });
}

struct VectorizeLinalgPass
    : cnnc::impl::VectorizeLinalgBase<VectorizeLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    decomposeConvolutions(func);
    dropUnitLoopsOfWindowTiles(func, maxElements);
    vectorize(func, maxElements);
    hoistCarriedTiles(func);
  }
};

} // namespace
