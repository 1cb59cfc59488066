// The pass that lowers vector contractions and transfers to what LLVM's backend takes well.
#include "Kernels/Passes.h"

#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
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

/// acc + a * b on vectors, the product used there alone -> vector.fma: one
/// instruction and one rounding, as the outer products of contractions get.
/// (Tiles vectorised elementwise, a filter gradient's outer product, come as
/// a multiply and an add, which LLVM does not fuse without fast-math flags.)
struct MultiplyAddToFma : OpRewritePattern<arith::AddFOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::AddFOp add,
                                PatternRewriter &rewriter) const override {
    if (!isa<VectorType>(add.getType()))
      return rewriter.notifyMatchFailure(add, "not a vector");
    for (unsigned i = 0; i < 2; ++i) {
      auto product = add->getOperand(i).getDefiningOp<arith::MulFOp>();
      if (!product || !product->hasOneUse())
        continue;
      rewriter.replaceOpWithNewOp<vector::FMAOp>(add, product.getLhs(), product.getRhs(),
                                                 add->getOperand(1 - i));
      return success();
    }
    return rewriter.notifyMatchFailure(add, "no product used only here");
  }
};

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
  patterns.add<MultiplyAddToFma>(patterns.getContext());
  // The elements an outer product broadcasts, loaded one by one: LLVM
  // broadcasts each from memory (a load port) instead of loading a vector
  // and shuffling each element out of it (the FMA's port).
  vector::populateScalarVectorTransferLoweringPatterns(patterns, /*benefit=*/1,
                                                       /*allowMultipleUses=*/true);
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
