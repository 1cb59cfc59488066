// The tile sizes of a linalg op, chosen from its shapes and the target's vector registers.
//
// The register tile of a convolution is what PERF-NOTES measured at 93-98 %
// of the FMA peak: output columns x filters held in about three quarters of
// the vector registers, carried over reduction loops of one tap (kh = kw = 1)
// and a few input channels.
#include "Kernels/TileSizes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

namespace cnnc {

bool isNamedPool(Operation *op) {
  return isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcMinOp,
             linalg::PoolingNhwcSumOp>(op);
}

int64_t fitTile(int64_t extent, int64_t limit) {
  limit = std::max<int64_t>(limit, 1);
  if (ShapedType::isDynamic(extent))
    return limit;
  if (extent <= limit)
    return extent;
  for (int64_t tile = limit; tile * 2 >= limit; --tile)
    if (extent % tile == 0)
      return tile;
  return limit;
}

int64_t laneTile(int64_t extent, int64_t lanes, int64_t maxVectors) {
  if (ShapedType::isDynamic(extent))
    return lanes;
  if (extent <= lanes)
    return extent;
  for (int64_t vectors = maxVectors; vectors > 1; --vectors)
    if (extent % (vectors * lanes) == 0)
      return vectors * lanes;
  return lanes;
}

/// Vector registers a register tile of the result may take: the rest holds
/// the broadcast input values and the filter rows of one step.
static int64_t accumulatorBudget(const TargetShape &target) {
  return target.vectorRegisters * 3 / 4;
}

static int64_t vectorsOf(int64_t tile, const TargetShape &target) {
  return (tile + target.lanes() - 1) / target.lanes();
}

/// Input channels per step of the reduction: enough to amortise the loop,
/// few enough that the filter rows stay in L1.
static constexpr int64_t kChannelStep = 8;

int64_t filtersPerL2(linalg::Conv2DNhwcHwcfOp conv, const TargetShape &target) {
  SmallVector<int64_t> loops = conv.getStaticLoopRanges();
  int64_t f = loops[3];
  int64_t bytesPerFilter = loops[4] * loops[5] * loops[6] * int64_t(sizeof(float));
  if (ShapedType::isDynamic(f) || f * bytesPerFilter <= target.l2Bytes)
    return f;
  int64_t lanes = target.lanes();
  for (int64_t vectors = target.l2Bytes / (bytesPerFilter * lanes); vectors > 1; --vectors)
    if (f % (vectors * lanes) == 0)
      return vectors * lanes;
  return std::min(lanes, f);
}

/// conv_2d_nhwc_hwcf, loops (n, oh, ow, f, kh, kw, c). Tiles of one output
/// row and one tap, so that the tiled op decomposes into a 1-D convolution.
static TilePlan planConv(linalg::Conv2DNhwcHwcfOp op, const TargetShape &target) {
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t ow = loops[2], f = loops[3], c = loops[6];
  // With few input channels each tap does little work: fewer filters per
  // tile, more output columns, so that a broadcast serves more FMAs.
  int64_t filterVectors = c >= kChannelStep ? 2 : 1;
  int64_t fTile = laneTile(f, target.lanes(), filterVectors);
  int64_t owTile = fitTile(ow, accumulatorBudget(target) / vectorsOf(fTile, target));
  TilePlan plan = {{1, 1, owTile, fTile, 0, 0, 0},
                   {0, 0, 0, 0, 1, 1, fitTile(c, kChannelStep)}};
  // A filter larger than L2 would stream from further out for each output
  // row; with the filter tiles outermost, each tile's slice stays in L2
  // while the image's rows sweep past it.
  if (filtersPerL2(op, target) < f)
    plan.interchange = {0, 3, 1, 2, 4, 5, 6};
  return plan;
}

/// pooling_nhwc_{max,min,sum}, loops (n, oh, ow, c, kh, kw): one output row
/// and one window row per tile (it decomposes into a 1-D pool).
static TilePlan planPool(linalg::LinalgOp op, const TargetShape &target) {
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t cTile = laneTile(loops[3], target.lanes(), 2);
  int64_t owTile =
      fitTile(loops[2], accumulatorBudget(target) / vectorsOf(cTile, target));
  return {{1, 1, owTile, cTile, 0, 0}, {0, 0, 0, 0, 1, 0}};
}

/// matmul and matmul_transpose_a (a dense kernel's gradient, k the batch),
/// loops (m, n, k): rows x columns of the result in registers, carried over
/// k one step at a time (outer products of a column of the left operand by
/// a row of the right one).
static TilePlan planMatmul(linalg::LinalgOp op, const TargetShape &target) {
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  int64_t nTile = laneTile(loops[1], target.lanes(), 2);
  int64_t rows = std::min<int64_t>(
      8, accumulatorBudget(target) / vectorsOf(nTile, target));
  return {{fitTile(loops[0], rows), nTile, 0}, {0, 0, 1}};
}

/// Every loop parallel and every operand read through a projected
/// permutation: maps, fills, broadcasts, biases, activations.
static bool isElementwiseLike(linalg::LinalgOp op) {
  if (op.getNumParallelLoops() != op.getNumLoops() || op.getNumLoops() == 0 ||
      op->getNumResults() != 1)
    return false;
  return llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
    return map.isProjectedPermutation();
  });
}

/// One vector-wide tile of the innermost loop (a few vectors), one
/// iteration of the others.
static TilePlan planElementwise(linalg::LinalgOp op, const TargetShape &target) {
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  SmallVector<int64_t> tiles(loops.size(), 1);
  tiles.back() = laneTile(loops.back(), target.lanes(), 4);
  return {tiles, {}};
}

/// A generic that multiplies and accumulates, reading an input through
/// sums of loops (a window): a convolution's filter gradient.
static bool isStencilContraction(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || generic.getNumReductionLoops() == 0 ||
      generic.getNumDpsInits() != 1 ||
      !generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isProjectedPermutation() ||
      llvm::all_of(generic.getIndexingMapsArray(),
                   [](AffineMap map) { return map.isProjectedPermutation(); }))
    return false;
  // out + a * b, the body cnnc writes (upstream's isContractionBody crashes
  // on a body that yields a block argument).
  Block &body = *generic.getBlock();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield->getOperand(0).getDefiningOp<arith::AddFOp>();
  if (body.getOperations().size() != 3 || !add)
    return false;
  Value out = body.getArguments().back();
  Value product = add.getLhs() == out ? add.getRhs() : add.getLhs();
  return (add.getLhs() == out || add.getRhs() == out) &&
         product.getDefiningOp<arith::MulFOp>();
}

/// A generic that reduces windows of its inputs, each read through a
/// projected permutation, into results of one indexing: a max pool that
/// also gives each window's winner, the gradient of a pool.
static bool isWindowReduction(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || generic.getNumReductionLoops() == 0 ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isProjectedPermutation(); }))
    return false;
  AffineMap first = generic.getMatchingIndexingMap(generic.getDpsInitOperand(0));
  return llvm::all_of(generic.getDpsInitsMutable(), [&](OpOperand &init) {
    return generic.getMatchingIndexingMap(&init) == first;
  });
}

/// A register tile of the result's last two dimensions (a vector or two of
/// the last, rows of the one before; the registers shared by the results),
/// carried over every reduction loop one step at a time: outer products of a
/// broadcast input by a row, or a window's cells one at a time.
static TilePlan planRegisterTileOverReductions(linalg::LinalgOp op,
                                               const TargetShape &target) {
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  AffineMap result = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  SmallVector<int64_t> parallel(loops.size(), 0), reduction(loops.size(), 0);
  for (unsigned i = 0; i < loops.size(); ++i)
    (op.getIteratorTypesArray()[i] == utils::IteratorType::parallel ? parallel
                                                                     : reduction)[i] = 1;
  unsigned results = result.getNumResults();
  unsigned last = result.getDimPosition(results - 1);
  parallel[last] = laneTile(loops[last], target.lanes(), 2);
  if (results >= 2 && isa<AffineDimExpr>(result.getResult(results - 2))) {
    unsigned rows = result.getDimPosition(results - 2);
    int64_t outputs = op.getNumDpsInits();
    parallel[rows] = fitTile(loops[rows], accumulatorBudget(target) / outputs /
                                              vectorsOf(parallel[last], target));
  }
  return {parallel, reduction};
}

/// Reduction steps of a stencil contraction's innermost reduction loop (a
/// filter gradient's output columns) per tile: a few, so that the tile is a
/// contraction upstream lowers to outer products of loaded scalars, rather
/// than one multiply-add of rows broadcast by shuffles.
static constexpr int64_t kContractionStep = 8;

static TilePlan planStencilContraction(linalg::LinalgOp op,
                                       const TargetShape &target) {
  TilePlan plan = planRegisterTileOverReductions(op, target);
  SmallVector<int64_t> loops = op.getStaticLoopRanges();
  auto iterators = op.getIteratorTypesArray();
  for (unsigned i = loops.size(); i-- > 0;)
    if (iterators[i] == utils::IteratorType::reduction) {
      if (!ShapedType::isDynamic(loops[i]))
        plan.reduction[i] = fitTile(loops[i], kContractionStep);
      break;
    }
  return plan;
}

/// Whether every operand that depends on loop `dim` has it as its innermost
/// dimension: a vector along it is contiguous in each of them.
static bool isInnermostEverywhere(linalg::LinalgOp op, unsigned dim) {
  return llvm::all_of(op.getIndexingMapsArray(), [&](AffineMap map) {
    return !map.isFunctionOfDim(dim) ||
           (map.getNumResults() > 0 &&
            map.getResult(map.getNumResults() - 1) ==
                getAffineDimExpr(dim, op.getContext()));
  });
}

std::optional<TilePlan> planTiles(linalg::LinalgOp op,
                                  const TargetShape &target) {
  if (!op.hasPureTensorSemantics())
    return std::nullopt;
  if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op.getOperation()))
    return planConv(conv, target);
  if (isNamedPool(op))
    return planPool(op, target);
  if (isa<linalg::MatmulOp, linalg::MatmulTransposeAOp>(op.getOperation()))
    return planMatmul(op, target);
  if (isElementwiseLike(op))
    return planElementwise(op, target);
  // A register tile of results needs a vector of them, contiguous in every
  // operand: not a scalar, nor a reduction along the innermost dimension.
  AffineMap resultMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  bool reducesToVectors =
      resultMap.getNumResults() > 0 &&
      isa<AffineDimExpr>(resultMap.getResult(resultMap.getNumResults() - 1)) &&
      isInnermostEverywhere(
          op, resultMap.getDimPosition(resultMap.getNumResults() - 1));
  if (reducesToVectors && isStencilContraction(op))
    return planStencilContraction(op, target);
  if (reducesToVectors &&
      (isWindowReduction(op) || isa<linalg::ReduceOp>(op.getOperation())))
    return planRegisterTileOverReductions(op, target);
  return std::nullopt;
}

} // namespace cnnc
