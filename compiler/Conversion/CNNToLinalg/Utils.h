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

} // namespace cnnc

#endif
