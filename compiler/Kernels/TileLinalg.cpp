// The pass that tiles convolutions, pools, matmuls and elementwise ops to register tiles of static shape.
#include "Kernels/Passes.h"
#include "Kernels/TileSizes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace cnnc {
#define GEN_PASS_DEF_TILELINALG
#include "Kernels/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// Marks the ops this pass tiled, across the rewrites that clone them
/// (tiling, peeling), with the reduction tile sizes they still need;
/// removed at the end.
constexpr llvm::StringLiteral tiledMarker = "cnnc.reduction_tiles";

/// Tiles `op` by `sizes` (0: not tiled), its loops in the order
/// `interchange` gives (empty: the op's); the tiled op, or `op` itself when
/// no size asks for a tile.
FailureOr<linalg::LinalgOp> tileBy(RewriterBase &rewriter, linalg::LinalgOp op,
                                   ArrayRef<int64_t> sizes,
                                   SmallVectorImpl<scf::ForOp> &loops,
                                   ArrayRef<int64_t> interchange = {}) {
  if (llvm::all_of(sizes, [](int64_t size) { return size == 0; }))
    return op;
  auto tileable = dyn_cast<TilingInterface>(op.getOperation());
  if (!tileable) // its dialect's tiling models are not registered
    return failure();
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  options.setInterchange(interchange);
  rewriter.setInsertionPoint(op);
  auto tiled = scf::tileUsingSCF(rewriter, tileable, options);
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  for (LoopLikeOpInterface loop : tiled->loops)
    loops.push_back(cast<scf::ForOp>(loop.getOperation()));
  return cast<linalg::LinalgOp>(tiled->tiledOps.back());
}

/// Peels the loops whose step does not divide their trip count, innermost
/// first (the outer peel then copies both versions of the inner loop), so
/// that the op in each version has a static tile.
void peelPartialTiles(RewriterBase &rewriter, ArrayRef<scf::ForOp> loops) {
  for (scf::ForOp loop : llvm::reverse(loops)) {
    scf::ForOp remainder;
    // Fails, leaving the loop as it is, when no iteration is partial.
    (void)scf::peelForLoopAndSimplifyBounds(rewriter, loop, remainder);
  }
}

/// The parallel level: register tiles of the result, the partial ones
/// peeled. The reduction level waits until every register tile has a static
/// shape, so that the reduction loops are the innermost and carry the tile.
LogicalResult tileParallelLoops(RewriterBase &rewriter, linalg::LinalgOp op,
                                const cnnc::TilePlan &plan) {
  op->setAttr(tiledMarker, rewriter.getDenseI64ArrayAttr(plan.reduction));
  SmallVector<scf::ForOp> loops;
  if (failed(tileBy(rewriter, op, plan.parallel, loops, plan.interchange)))
    return op.emitOpError("could not be tiled to ") << plan.parallel.size()
           << " register tile sizes";
  peelPartialTiles(rewriter, loops);
  return success();
}

/// The reduction level, on every register tile (peeled copies included).
LogicalResult tileReductionLoops(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::LinalgOp> tiles;
  func.walk([&](linalg::LinalgOp op) {
    if (op->hasAttr(tiledMarker))
      tiles.push_back(op);
  });
  for (linalg::LinalgOp op : tiles) {
    ArrayRef<int64_t> sizes =
        cast<DenseI64ArrayAttr>(op->getAttr(tiledMarker)).asArrayRef();
    SmallVector<scf::ForOp> loops;
    if (!sizes.empty() && failed(tileBy(rewriter, op, sizes, loops)))
      return op.emitOpError("could not tile its reduction loops");
    peelPartialTiles(rewriter, loops);
  }
  return success();
}

/// Every canonicalization pattern of the loaded dialects and registered ops:
/// they fold the bounds of peeled loops into the tiles' slices, so that the
/// ops of static tile become ops of static shape.
FrozenRewritePatternSet canonicalizationPatterns(MLIRContext *context) {
  RewritePatternSet patterns(context);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  return FrozenRewritePatternSet(std::move(patterns));
}

void canonicalize(func::FuncOp func, const FrozenRewritePatternSet &patterns) {
  // Not converging only leaves some slices dynamic, tiled by one below.
  (void)applyPatternsAndFoldGreedily(func, patterns);
}

/// A remainder of a dynamic loop (the batch) keeps a dynamic extent: tiled by
/// one there, its shape is static.
LogicalResult tileDynamicExtentsByOne(RewriterBase &rewriter, func::FuncOp func) {
  SmallVector<linalg::LinalgOp> dynamic;
  func.walk([&](linalg::LinalgOp op) {
    if (op->hasAttr(tiledMarker) &&
        llvm::any_of(op.getStaticLoopRanges(), ShapedType::isDynamic))
      dynamic.push_back(op);
  });
  for (linalg::LinalgOp op : dynamic) {
    SmallVector<int64_t> sizes = llvm::map_to_vector(
        op.getStaticLoopRanges(),
        [](int64_t extent) -> int64_t { return ShapedType::isDynamic(extent); });
    SmallVector<scf::ForOp> loops;
    if (failed(tileBy(rewriter, op, sizes, loops)))
      return op.emitOpError("could not tile its dynamic extents by one");
  }
  return success();
}

struct TileLinalgPass : cnnc::impl::TileLinalgBase<TileLinalgPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *context) override {
    patterns = canonicalizationPatterns(context);
    return success();
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    cnnc::TargetShape target{vectorBits, vectorRegisters, l2Bytes};
    SmallVector<std::pair<linalg::LinalgOp, cnnc::TilePlan>> planned;
    func.walk([&](linalg::LinalgOp op) {
      if (auto plan = cnnc::planTiles(op, target))
        planned.emplace_back(op, *plan);
    });
    IRRewriter rewriter(&getContext());
    for (auto &[op, plan] : planned)
      if (failed(tileParallelLoops(rewriter, op, plan)))
        return signalPassFailure();
    canonicalize(func, patterns);
    if (failed(tileDynamicExtentsByOne(rewriter, func)))
      return signalPassFailure();
    canonicalize(func, patterns);
    if (failed(tileReductionLoops(rewriter, func)))
      return signalPassFailure();
    func.walk([](linalg::LinalgOp op) { op->removeAttr(tiledMarker); });
  }

  FrozenRewritePatternSet patterns;
};

} // namespace
