// Batch normalisation's arithmetic, shared by its inference and training lowerings.
#ifndef CNNC_CONVERSION_CNNTOLINALG_NORMALIZATION_H
#define CNNC_CONVERSION_CNNTOLINALG_NORMALIZATION_H

#include "mlir/IR/Builders.h"

namespace cnnc {

/// gamma * (input - mean) / sqrt(variance + epsilon) + beta over the last
/// axis, computed as tf.nn.batch_normalization does: input * scale + shift
/// with per-channel scale = gamma * rsqrt(variance + epsilon) and
/// shift = beta - mean * scale.
mlir::Value normalizeChannels(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value input, mlir::Value gamma, mlir::Value beta,
                              mlir::Value mean, mlir::Value variance, float epsilon);

} // namespace cnnc

#endif
