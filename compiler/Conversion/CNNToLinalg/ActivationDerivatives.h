// The scalar derivative of each elementwise activation, of the formula ActivationFunctions builds.
#ifndef CNNC_CONVERSION_CNNTOLINALG_ACTIVATIONDERIVATIVES_H
#define CNNC_CONVERSION_CNNTOLINALG_ACTIVATIONDERIVATIVES_H

#include "cnn/IR/CNNOps.h"
#include "mlir/IR/Builders.h"

namespace cnnc {

/// f'(x) of `op`'s function at the pre-activation `x` (not for linear,
/// softmax and log_softmax, which the caller handles); at a kink, the
/// derivative of the piece the forward formula picks.
mlir::Value applyActivationDerivative(mlir::OpBuilder &b, mlir::Location loc,
                                      cnn::ActivationGradOp op, mlir::Value x);

} // namespace cnnc

#endif
