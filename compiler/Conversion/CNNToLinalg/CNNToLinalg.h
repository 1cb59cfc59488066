// Pattern sets that lower cnn ops to linalg on tensors, one per op family.
#ifndef CNNC_CONVERSION_CNNTOLINALG_H
#define CNNC_CONVERSION_CNNTOLINALG_H

#include "mlir/IR/PatternMatch.h"

namespace cnnc {
void populateConvToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populatePoolToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateGlobalPoolToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateChannelPoolToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateNormalizationToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateMergeToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDenseToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateActivationToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateReshapeToLinalgPatterns(mlir::RewritePatternSet &patterns);
// Training: losses and the gradient ops cnn-autodiff builds.
void populateLossToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateConvGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDenseGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populatePoolGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateGlobalPoolGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateChannelPoolGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateMergeGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateActivationGradToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateDropoutTrainToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populateBatchNormTrainingToLinalgPatterns(mlir::RewritePatternSet &patterns);
void populatePenaltyToLinalgPatterns(mlir::RewritePatternSet &patterns);

/// All of the above.
void populateCNNToLinalgPatterns(mlir::RewritePatternSet &patterns);
} // namespace cnnc

#endif
