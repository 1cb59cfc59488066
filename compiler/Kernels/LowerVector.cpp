// The pass that lowers vector contractions and transfers to what LLVM's backend takes well.
#include "Kernels/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorTransforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace cnnc {
#define GEN_PASS_DEF_LOWERVECTOR
#include "Kernels/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// Upstream's lowering choices that PERF-NOTES measured at 93-98 % of the
/// FMA peak: contractions as outer products (one broadcast, one FMA per
/// vector of the tile), transfers as rank-1 loads and stores.
void populateLowerVectorPatterns(RewritePatternSet &patterns) {
  vector::VectorTransformsOptions options;
  options.setVectorTransformsOptions(vector::VectorContractLowering::OuterProduct)
      .setVectorMultiReductionLowering(
          vector::VectorMultiReductionLowering::InnerParallel)
      .setVectorTransposeLowering(vector::VectorTransposeLowering::Shuffle1D)
      .setVectorTransferSplit(vector::VectorTransferSplit::VectorTransfer);
  vector::populateVectorContractLoweringPatterns(patterns, options);
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorMultiReductionLoweringPatterns(
      patterns, options.vectorMultiReductionLowering);
  vector::populateVectorTransferFullPartialPatterns(patterns, options);
  populateVectorToSCFConversionPatterns(
      patterns, VectorTransferToSCFOptions().setTargetRank(1).enableFullUnroll());
  vector::populateVectorTransferLoweringPatterns(patterns, /*maxTransferRank=*/1);
  vector::populateVectorShapeCastLoweringPatterns(patterns);
  vector::populateVectorTransposeLoweringPatterns(patterns, options);
  vector::populateVectorOuterProductLoweringPatterns(patterns);
  vector::populateVectorBroadcastLoweringPatterns(patterns);
}

struct LowerVectorPass : cnnc::impl::LowerVectorBase<LowerVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateLowerVectorPatterns(patterns);
    // Folding (not the canonicalization patterns, see the pass' description).
    if (failed(applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
