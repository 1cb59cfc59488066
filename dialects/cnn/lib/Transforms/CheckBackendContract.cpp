// The pass that checks no cnn op is left for the code generator.
#include "cnn/IR/CNNDialect.h"
#include "cnn/Transforms/Passes.h"

namespace cnn {
#define GEN_PASS_DEF_CNNCHECKBACKENDCONTRACT
#include "cnn/Transforms/Passes.h.inc"
} // namespace cnn

using namespace mlir;

namespace {
struct CheckBackendContract
    : cnn::impl::CNNCheckBackendContractBase<CheckBackendContract> {
  using Base::Base;

  void runOnOperation() override {
    Dialect *cnnDialect = getContext().getLoadedDialect<cnn::CNNDialect>();
    if (!cnnDialect)
      return; // Nothing could have produced a cnn op.
    WalkResult result = getOperation().walk([&](Operation *op) {
      if (op->getDialect() != cnnDialect)
        return WalkResult::advance();
      op->emitError("cnn op '") << op->getName()
                                << "' survived lowering: no pattern converts it";
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
