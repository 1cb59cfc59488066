// The convert-cnn-to-linalg pass: gathers the per-family patterns and applies them.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/Passes.h"
#include "cnn/IR/CNNDialect.h"

#include "mlir/Transforms/DialectConversion.h"

namespace cnnc {
#define GEN_PASS_DEF_CONVERTCNNTOLINALG
#include "Conversion/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

void cnnc::populateCNNToLinalgPatterns(RewritePatternSet &patterns) {
  populateConvToLinalgPatterns(patterns);
  populatePoolToLinalgPatterns(patterns);
  populateGlobalPoolToLinalgPatterns(patterns);
  populateChannelPoolToLinalgPatterns(patterns);
  populateNormalizationToLinalgPatterns(patterns);
  populateMergeToLinalgPatterns(patterns);
  populateDenseToLinalgPatterns(patterns);
  populateActivationToLinalgPatterns(patterns);
  populateReshapeToLinalgPatterns(patterns);
  populateLossToLinalgPatterns(patterns);
  populateConvGradToLinalgPatterns(patterns);
  populateDenseGradToLinalgPatterns(patterns);
  populatePoolGradToLinalgPatterns(patterns);
  populateGlobalPoolGradToLinalgPatterns(patterns);
  populateChannelPoolGradToLinalgPatterns(patterns);
  populateMergeGradToLinalgPatterns(patterns);
  populateActivationGradToLinalgPatterns(patterns);
  populateDropoutTrainToLinalgPatterns(patterns);
  populateBatchNormTrainingToLinalgPatterns(patterns);
  populatePenaltyToLinalgPatterns(patterns);
}

namespace {
struct ConvertCNNToLinalg
    : cnnc::impl::ConvertCNNToLinalgBase<ConvertCNNToLinalg> {
  using Base::Base;

  void runOnOperation() override {
    ConversionTarget target(getContext());
    target.addIllegalDialect<cnn::CNNDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    RewritePatternSet patterns(&getContext());
    cnnc::populateCNNToLinalgPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
