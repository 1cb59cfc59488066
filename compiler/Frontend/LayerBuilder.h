// What a layer's builder is given: its config, its inputs, a way to make weights, and typed op creation.
#ifndef CNNC_FRONTEND_LAYERBUILDER_H
#define CNNC_FRONTEND_LAYERBUILDER_H

#include "Frontend/Import.h"
#include "Frontend/LayerConfig.h"
#include "Frontend/Weights.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include <functional>

namespace cnnc {

enum class Init { GlorotUniform, Zeros };

class LayerBuilder {
public:
  LayerBuilder(mlir::OpBuilder &builder, const LayerSpec &layer,
               mlir::Location loc, const WeightStore &weights, uint64_t seed,
               LayerSummary &summary)
      : builder(builder), config(layer, loc), loc(loc), weights(weights),
        seed(seed), summary(summary) {}

  /// The weight `<layer>/<kind>` of `shape`: from the weight file when there
  /// is one (it must be there, with that shape), else from `init`. Counted as
  /// a trainable parameter.
  mlir::FailureOr<mlir::Value> weight(const std::string &kind,
                                      std::vector<int64_t> shape, Init init,
                                      int64_t fanIn = 0, int64_t fanOut = 0);

  /// Creates `OpTy` with its result type given by the op's own shape
  /// inference; fails (with the op's diagnostic at the layer) when the
  /// operands or attributes do not fit.
  template <typename OpTy, typename... Args>
  mlir::FailureOr<mlir::Value> create(Args &&...args) {
    auto placeholder = mlir::UnrankedTensorType::get(builder.getF32Type());
    auto op = builder.create<OpTy>(loc, placeholder, std::forward<Args>(args)...);
    return inferResultType(op.getOperation());
  }

  /// Applies the Keras activation named in config.<key> (if not linear).
  mlir::FailureOr<mlir::Value> activation(mlir::Value input,
                                          llvm::StringRef key = "activation");

  mlir::RankedTensorType typeOf(mlir::Value v) const {
    return llvm::cast<mlir::RankedTensorType>(v.getType());
  }

  mlir::OpBuilder &builder;
  LayerConfig config;
  mlir::Location loc;

private:
  mlir::FailureOr<mlir::Value> inferResultType(mlir::Operation *op);

  const WeightStore &weights;
  uint64_t seed;
  LayerSummary &summary;
};

/// Builds one Keras layer class on its inputs, returning its output.
using LayerBuildFn = std::function<mlir::FailureOr<mlir::Value>(
    LayerBuilder &, llvm::ArrayRef<mlir::Value>)>;

/// The builder for a Keras class name, or null if cnnc does not know it.
const LayerBuildFn *lookupLayerBuilder(llvm::StringRef className);

/// The class names cnnc knows, for messages.
std::string knownLayerClasses();

/// The activation kind a Keras activation name stands for.
mlir::FailureOr<cnn::ActivationKind> parseActivationName(LayerConfig &config,
                                                         llvm::StringRef key);

} // namespace cnnc

#endif
