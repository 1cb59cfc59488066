// Max and min pooling's winners (each window's first extreme) and the gradient routed to them.
#ifndef CNNC_CONVERSION_CNNTOLINALG_POOLWINNERS_H
#define CNNC_CONVERSION_CNNTOLINALG_POOLWINNERS_H

#include "cnn/IR/ShapeInference.h"

#include "mlir/IR/Builders.h"

#include <array>

namespace cnnc {

/// The geometry of a spatial (NHWC) pooling.
struct PoolWindow {
  cnn::PoolKind kind;
  mlir::RankedTensorType inputType;
  llvm::ArrayRef<int64_t> window, strides;
  cnn::Padding padding;

  /// TensorFlow's padding of H and W.
  std::array<cnn::Pad, 2> pads() const;
};

/// Max or min pooling of `input` into `outputType` that also gives, for
/// each window, the row-major offset ky*KW + kx of its first extreme (i32,
/// the output's shape). Ties go to the smaller offset and padded cells
/// never win, so the result does not depend on the order of the reduction.
std::pair<mlir::Value, mlir::Value> poolWithWinners(mlir::OpBuilder &b, mlir::Location loc,
                                                    const PoolWindow &pool,
                                                    mlir::Value input,
                                                    mlir::RankedTensorType outputType);

/// Spreads an output-shaped tensor back to the input's grid (see
/// cnnc::transposedWindowLayout), filling the gaps with `fill`.
mlir::Value spreadToInput(mlir::OpBuilder &b, mlir::Location loc, const PoolWindow &pool,
                          mlir::Value source, mlir::TypedAttr fill);

/// dx[n,y,x,c] = the sum of `grad` over the windows that read (y, x) and
/// chose it (`winners` as poolWithWinners gives them).
mlir::Value routeToWinners(mlir::OpBuilder &b, mlir::Location loc, const PoolWindow &pool,
                           mlir::Value winners, mlir::Value grad);

} // namespace cnnc

#endif
