// Puts the forward pass of a gradient function in training mode (dropout masks, batch statistics).
#ifndef CNN_TRANSFORMS_TRAININGMODE_H
#define CNN_TRANSFORMS_TRAININGMODE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace cnn {

/// Gives `func` a last argument, the step's seed (tensor<i64>), and rewrites
/// its layers into their training form: each cnn.dropout becomes
/// cnn.dropout_train with the seed; each cnn.batch_norm with a momentum
/// normalises with the batch's statistics (cnn.batch_norm_train) and stores
/// the updated moving statistics into their globals; each max and min
/// cnn.pool2d becomes cnn.pool2d_with_winners, keeping what its gradient needs.
mlir::LogicalResult useTrainingMode(mlir::func::FuncOp func);

} // namespace cnn

#endif
