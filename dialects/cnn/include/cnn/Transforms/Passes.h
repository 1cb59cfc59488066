// Declarations and registration of the passes on the cnn dialect.
#ifndef CNN_TRANSFORMS_PASSES_H
#define CNN_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace cnn {
/// The patterns of cnn-fold-batchnorm.
void populateFoldBatchNormPatterns(mlir::RewritePatternSet &patterns);

#define GEN_PASS_DECL
#include "cnn/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "cnn/Transforms/Passes.h.inc"
} // namespace cnn

#endif
