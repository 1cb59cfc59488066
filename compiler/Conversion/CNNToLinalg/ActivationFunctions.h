// The scalar formula of each elementwise activation, as Keras computes it.
#ifndef CNNC_CONVERSION_CNNTOLINALG_ACTIVATIONFUNCTIONS_H
#define CNNC_CONVERSION_CNNTOLINALG_ACTIVATIONFUNCTIONS_H

#include "cnn/IR/CNNOps.h"
#include "mlir/IR/Builders.h"

namespace cnnc {

/// `op`'s function applied to the scalar `x` (not for softmax/log_softmax,
/// which are row-wise).
mlir::Value applyActivation(mlir::OpBuilder &b, mlir::Location loc,
                            cnn::ActivationOp op, mlir::Value x);

} // namespace cnnc

#endif
