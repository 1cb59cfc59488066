// Small builders shared by the cnn-to-linalg patterns.
#ifndef CNNC_CONVERSION_CNNTOLINALG_UTILS_H
#define CNNC_CONVERSION_CNNTOLINALG_UTILS_H

#include "cnn/IR/ShapeInference.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"

namespace cnnc {

/// A tensor.empty of `type`. Its only dynamic dimension can be the batch
/// (dimension 0), which is taken from dimension 0 of `batchSource`.
mlir::Value createEmpty(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::RankedTensorType type, mlir::Value batchSource);

/// A tensor of `type` filled with `value`; the batch as in createEmpty.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc,
                         mlir::RankedTensorType type, mlir::Value batchSource,
                         double value);

/// Pads dimensions 1 and 2 (H, W) of an NHWC tensor with `value`.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::Value input, cnn::Pad h, cnn::Pad w, double value);

/// Broadcasts a 1-D `bias` along all leading dimensions of `type`.
mlir::Value broadcastBias(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value bias, mlir::RankedTensorType type,
                          mlir::Value batchSource);

/// Applies `fn` to every element of `input` (a linalg.map).
mlir::Value
mapElementwise(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
               llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                              mlir::Value)>
                   fn);

/// The vector<Nxi64> attribute linalg's convolution and pooling ops take for
/// strides and dilations.
mlir::DenseIntElementsAttr i64Vector(mlir::OpBuilder &b,
                                     llvm::ArrayRef<int64_t> values);

/// An f32 constant.
mlir::Value f32Constant(mlir::OpBuilder &b, mlir::Location loc, double value);

/// A body that gets the elements of every input (and, below, of the rows).
using ElementsFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
using ElementsAndRowsFn = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange, mlir::ValueRange)>;

/// fn(elements) for every position of the same-shaped f32 `inputs` (a
/// linalg.map); the result has the type of inputs[0].
mlir::Value mapElements(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::ValueRange inputs, ElementsFn fn);

/// fn(elements, rows) for every position of the same-shaped `inputs`, where
/// `rows` (shaped as the inputs without their last axis) give the entry of
/// the position's row; the result has the type of inputs[0].
mlir::Value mapWithRows(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::ValueRange inputs, mlir::ValueRange rows,
                        ElementsAndRowsFn fn);

/// Reduces the last axis of the same-shaped `inputs` (with `rows` as in
/// mapWithRows): acc = fn(elements, rows ++ [acc]), starting at `init`.
mlir::Value reduceRows(mlir::OpBuilder &b, mlir::Location loc,
                       mlir::ValueRange inputs, mlir::ValueRange rows,
                       double init, ElementsAndRowsFn fn);

/// Writes `source` (NHWC) with strides into a tensor filled with `fill` so
/// that source cell (y, x) lands at (before.h + y*s0, before.w + x*s1) in a
/// tensor of spatial size `size`: the spread-out gradient that a transposed
/// window operation (stride 1) reads.
mlir::Value spreadSpatial(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value source, mlir::TypedAttr fill,
                          llvm::ArrayRef<int64_t> strides,
                          llvm::ArrayRef<int64_t> before,
                          llvm::ArrayRef<int64_t> size);

/// Pads (before) and sizes a spread gradient so that a stride-1 window of
/// `extent` cells over it gives `inputSize` cells, each the sum over the
/// windows of the forward op (padded with `pad`) that read that input cell.
/// Returns the cells before and the total size of one spatial dimension.
std::pair<int64_t, int64_t> transposedWindowLayout(int64_t inputSize,
                                                   int64_t extent, cnn::Pad pad);

/// The body of a linalg.generic contraction: yields args[2] + args[0] * args[1].
void multiplyAccumulate(mlir::OpBuilder &b, mlir::Location loc,
                        mlir::ValueRange args);

/// init[..., j] + sum_k lhs[..., k] * kernel[k, j] over inputs of any rank
/// >= 2 (kernel[j, k] when `transposedKernel`): Keras' Dense on the last
/// axis, and its input gradient. Loops: the leading dims, j, then k.
mlir::Value contractLastAxis(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value lhs, mlir::Value kernel,
                             mlir::Value init, bool transposedKernel);

} // namespace cnnc

#endif
