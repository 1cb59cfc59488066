// What each pooling kind computes, shared by spatial, global and channel pooling so that they agree.
#ifndef CNNC_CONVERSION_CNNTOLINALG_POOLKINDS_H
#define CNNC_CONVERSION_CNNTOLINALG_POOLKINDS_H

#include "cnn/IR/CNNDialect.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/APFloat.h"

#include <optional>

namespace cnnc {

/// The accumulator's start, which is also the value of padded cells: -inf for
/// max, +inf for min, 0 for the sums of avg, l2 and lp.
double poolIdentity(cnn::PoolKind kind);

/// One reduction step: max, min, or + (avg, l2 and lp sum).
mlir::Value combinePool(mlir::OpBuilder &b, mlir::Location loc,
                        cnn::PoolKind kind, mlir::Value x, mlir::Value acc);

/// The whole of a pooling of `kind`: prepares `input` (l2, lp), reduces it
/// with `reduce`, divides the sums of avg with `average`, and finishes (l2, lp).
mlir::Value
lowerPooling(mlir::OpBuilder &b, mlir::Location loc, cnn::PoolKind kind,
             std::optional<llvm::APFloat> p, mlir::Value input,
             llvm::function_ref<mlir::Value(mlir::Value)> reduce,
             llvm::function_ref<mlir::Value(mlir::Value)> average);

/// The gradient of l2 and lp pooling, (sum x^p)^(1/p), in two scalar steps:
/// each window's share, grad * y^(1-p) (l2: grad / y) and zero where the
/// window's result y is zero; then each cell's weight x^(p-1) (l2: x), which
/// multiplies the sum of the shares of the windows that read the cell.
mlir::Value powerMeanShare(mlir::OpBuilder &b, mlir::Location loc,
                           cnn::PoolKind kind, std::optional<llvm::APFloat> p,
                           mlir::Value grad, mlir::Value y);
mlir::Value powerMeanWeight(mlir::OpBuilder &b, mlir::Location loc,
                            cnn::PoolKind kind, std::optional<llvm::APFloat> p,
                            mlir::Value x);

/// The whole l2/lp gradient of a window pooling (spatial or over channels):
/// each output's share (powerMeanShare of `grad` and the pooled `y`), summed
/// back onto the input's cells by `gather`, times each cell's weight
/// (powerMeanWeight of the input x).
mlir::Value powerMeanGradient(mlir::OpBuilder &b, mlir::Location loc, cnn::PoolKind kind,
                              std::optional<llvm::APFloat> p, mlir::Value input,
                              mlir::Value grad, mlir::Value y,
                              llvm::function_ref<mlir::Value(mlir::Value)> gather);

/// Divides every element of `sums` by `count`.
mlir::Value divideBy(mlir::OpBuilder &b, mlir::Location loc, mlir::Value sums,
                     double count);

} // namespace cnnc

#endif
