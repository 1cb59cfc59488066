// What a layer's builder is given: its config, its inputs, a way to make weights, and typed op creation.
#ifndef CNNC_FRONTEND_LAYERBUILDER_H
#define CNNC_FRONTEND_LAYERBUILDER_H

#include "Frontend/Import.h"
#include "Frontend/LayerConfig.h"
#include "Frontend/Weights.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

#include "llvm/ADT/StringMap.h"

#include <functional>
#include <optional>

namespace cnnc {

enum class Init { GlorotUniform, Zeros, Ones };

/// The optional parameters of cnn.activation.
struct ActivationParams {
  std::optional<double> alpha, maxValue, threshold;
};

class LayerBuilder {
public:
  /// `modelParameters` counts the parameters of the layers built so far;
  /// weight() adds this layer's, up to maxModelParameters.
  LayerBuilder(mlir::OpBuilder &builder, const LayerSpec &layer,
               mlir::Location loc, const WeightStore &weights, uint64_t seed,
               bool keras3, LayerSummary &summary, int64_t &modelParameters)
      : builder(builder), config(layer, loc), loc(loc), keras3(keras3),
        weights(weights), seed(seed), summary(summary),
        modelParameters(modelParameters) {}

  /// The weight `<layer>/<kind>` of `shape`: from the weight file when there
  /// is one (it must be there, with that shape), else from the layer's
  /// `<kind>_initializer` config, Keras' default `init` when it has none.
  /// Counted in the summary as a trainable parameter or not (not when the
  /// layer has trainable=false).
  mlir::FailureOr<mlir::Value> weight(const std::string &kind,
                                      std::vector<int64_t> shape, Init init,
                                      bool trainable = true);

  /// The weight `<layer>/<kind>` is named state of the model instance: an
  /// ml_program.global (mutable, with its initial value, `cnn.trainable`,
  /// `cnn.initializer` and, from `<kind>_regularizer`, `cnn.regularizer`
  /// {l1, l2}) loaded where the layer uses it.

  /// The bias `<layer>/bias` of `size` zeros by default, or a null value
  /// when the layer has none (`use_bias` false).
  mlir::FailureOr<mlir::Value> optionalBias(bool useBias, int64_t size);

  /// A constant vector that is not a weight (not counted as a parameter).
  mlir::Value splat(int64_t size, float value);

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

  /// A cnn.activation of `kind` with `params`.
  mlir::FailureOr<mlir::Value> activationOp(cnn::ActivationKind kind,
                                            mlir::Value input,
                                            ActivationParams params = {});

  mlir::RankedTensorType typeOf(mlir::Value v) const {
    return llvm::cast<mlir::RankedTensorType>(v.getType());
  }

  mlir::OpBuilder &builder;
  LayerConfig config;
  mlir::Location loc;
  /// Keras 3 wrote the file (some names mean something else there).
  bool keras3;

private:
  /// The element count of the weight `<layer>/<kind>` of `shape`, checked
  /// (before anything of its size is allocated) to fit, with the weights the
  /// model holds already, in maxModelParameters; counted in modelParameters.
  mlir::FailureOr<int64_t> checkParameterBudget(const std::string &kind,
                                                const std::vector<int64_t> &shape);
  mlir::FailureOr<mlir::Value> inferResultType(mlir::Operation *op);
  static mlir::DenseResourceElementsAttr stateValue(mlir::RankedTensorType type,
                                                    llvm::StringRef name,
                                                    std::vector<float> values);
  mlir::Value loadState(const std::string &name,
                        mlir::ElementsAttr initial, bool trainable,
                        llvm::StringRef initializer,
                        std::optional<Regularizer> regularizer);
  static llvm::StringRef initName(Init init);

  const WeightStore &weights;
  uint64_t seed;
  LayerSummary &summary;
  int64_t &modelParameters;
};

/// Builds one Keras layer class on its inputs, returning its output.
using LayerBuildFn = std::function<mlir::FailureOr<mlir::Value>(
    LayerBuilder &, llvm::ArrayRef<mlir::Value>)>;

/// Layer builders by Keras class name.
using LayerTable = llvm::StringMap<LayerBuildFn>;

/// The builder for a Keras class name, or null if cnnc does not know it.
const LayerBuildFn *lookupLayerBuilder(llvm::StringRef className);

/// The class names cnnc knows, for messages.
std::string knownLayerClasses();

/// Each family of layers adds its builders (one file each).
void addConvLayers(LayerTable &table);
void addPoolingLayers(LayerTable &table);
void addCoreLayers(LayerTable &table);
void addActivationLayers(LayerTable &table);
void addNormalizationLayers(LayerTable &table);
void addMergeLayers(LayerTable &table);

/// Inputs of a layer that takes exactly one: fails with a message otherwise.
mlir::LogicalResult expectOneInput(LayerBuilder &b,
                                   llvm::ArrayRef<mlir::Value> inputs);

/// A builder of a one-input layer, checking that it gets one.
template <typename Fn> LayerBuildFn oneInput(Fn fn) {
  return [fn](LayerBuilder &b, llvm::ArrayRef<mlir::Value> inputs)
             -> mlir::FailureOr<mlir::Value> {
    if (mlir::failed(expectOneInput(b, inputs)))
      return mlir::failure();
    return fn(b, inputs.front());
  };
}

/// The padding of a sliding window: "valid" or "same".
mlir::FailureOr<cnn::Padding> readPadding(LayerConfig &config);

/// The channel count of an NHWC input, or an error if the input is not 4-D.
mlir::FailureOr<int64_t> channelsOf(LayerBuilder &b, mlir::Value input);

} // namespace cnnc

#endif
