// The tile sizes of a linalg op, chosen from its shapes and the target's vector registers.
#ifndef CNNC_KERNELS_TILESIZES_H
#define CNNC_KERNELS_TILESIZES_H

#include "Kernels/TargetShape.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

#include <optional>

namespace cnnc {

/// Two levels of tiles, one size per loop of the op (0: the loop is not
/// tiled at that level). The outer level cuts the parallel loops down to a
/// register tile of the result; the inner one cuts the reduction loops so
/// that the register tile is carried across them.
struct TilePlan {
  llvm::SmallVector<int64_t> parallel;
  llvm::SmallVector<int64_t> reduction;
  /// The order of the parallel level's loops, outermost first, as loop
  /// indices of the op; empty: the op's own order.
  llvm::SmallVector<int64_t> interchange;
};

/// The plan for the ops cnnc knows how to make fast: 2-D convolutions and
/// pools in NHWC, matmul and matmul_transpose_a, elementwise ops (maps,
/// fills, broadcasts, all-parallel generics), and reductions to a vector of
/// results (filter gradients, pools with their winners, bias gradients). No
/// plan for the rest, which stay as they are.
std::optional<TilePlan> planTiles(mlir::linalg::LinalgOp op,
                                  const TargetShape &target);

/// The filters of a convolution (its output channels) that one sweep over an
/// image may use while their slice of the filter stays in L2: all of them
/// when the filter fits, else the most lanes-wide vectors of filters whose
/// slice fits and whose count divides the filters (at least one vector).
int64_t filtersPerL2(mlir::linalg::Conv2DNhwcHwcfOp conv, const TargetShape &target);

/// The 2-D pools of NHWC tensors (max, min, sum) that linalg names.
bool isNamedPool(mlir::Operation *op);

/// The tile of a loop of `extent` iterations holding at most `limit`: the
/// extent itself when it fits, else the largest divisor of the extent that is
/// at least half the limit (no remainder), else the limit (the remainder is
/// peeled). A dynamic extent gets the limit.
int64_t fitTile(int64_t extent, int64_t limit);

/// The tile of a loop over `extent` lanes-wide channels: the extent when it
/// fits one vector, else the largest multiple of the vector (at most
/// `maxVectors` of them) dividing it, else one vector (the rest is peeled).
int64_t laneTile(int64_t extent, int64_t lanes, int64_t maxVectors);

} // namespace cnnc

#endif
