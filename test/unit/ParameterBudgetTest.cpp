// The model-wide parameter limit: a weight that would take the model past maxModelParameters is refused
// before it is allocated (a lit test would need a gigabyte of weights to get there).
#include "Frontend/LayerBuilder.h"
#include "Frontend/Limits.h"

#include "cnn/IR/CNNDialect.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Diagnostics.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
/// A module with an empty function to build one Dense layer's weights in.
struct BudgetFixture : ::testing::Test {
  BudgetFixture() : builder(&ctx) {
    ctx.loadDialect<::cnn::CNNDialect, func::FuncDialect, ml_program::MLProgramDialect>();
    module = ModuleOp::create(UnknownLoc::get(&ctx));
    auto func = func::FuncOp::create(UnknownLoc::get(&ctx), "forward",
                                     FunctionType::get(&ctx, {}, {}));
    module->push_back(func);
    builder.setInsertionPointToStart(func.addEntryBlock());
    layer.name = "dense";
    layer.className = "Dense";
    layer.config = nlohmann::json::object();
  }

  /// Builds `dense/kernel` of `shape` when the model holds `held` parameters
  /// already; the error message, if any, goes to `message`.
  bool buildKernel(int64_t held, std::vector<int64_t> shape) {
    ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &diag) {
      message = diag.str();
      return success();
    });
    parameters = held;
    cnnc::LayerSummary summary;
    cnnc::LayerBuilder b(builder, layer, UnknownLoc::get(&ctx), weights, 1,
                         /*keras3=*/false, summary, parameters);
    return succeeded(b.weight("kernel", shape, cnnc::Init::Zeros));
  }

  MLIRContext ctx;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  cnnc::LayerSpec layer;
  cnnc::WeightStore weights;
  int64_t parameters = 0;
  std::string message;
};
} // namespace

TEST_F(BudgetFixture, WeightThatFitsIsCounted) {
  EXPECT_TRUE(buildKernel(cnnc::maxModelParameters - 6, {2, 3}));
  EXPECT_EQ(parameters, cnnc::maxModelParameters);
}

TEST_F(BudgetFixture, WeightPastTheModelLimitIsRefused) {
  EXPECT_FALSE(buildKernel(cnnc::maxModelParameters - 5, {2, 3}));
  EXPECT_EQ(message, "weight 'dense/kernel' of shape [2, 3] brings the model to 268435457 "
                     "parameters: cnnc compiles models of at most 268435456 parameters "
                     "(1024 MiB of float32)");
  EXPECT_EQ(parameters, cnnc::maxModelParameters - 5); // nothing counted
}

TEST_F(BudgetFixture, OverflowingShapeIsRefused) {
  EXPECT_FALSE(buildKernel(0, {int64_t(1) << 40, int64_t(1) << 40}));
  EXPECT_NE(message.find("is too large"), std::string::npos) << message;
}
