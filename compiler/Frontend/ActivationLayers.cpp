// Activations by Keras name, and the activation layers: Activation, ReLU, LeakyReLU, ELU, Softmax.
#include "Frontend/Json.h"
#include "Frontend/LayerBuilder.h"

using namespace mlir;

namespace cnnc {

namespace {
struct NamedActivation {
  cnn::ActivationKind kind;
  ActivationParams params;
};
} // namespace

/// Keras (2 and 3) and TF.js activation names. Where Keras 3 changed a
/// definition (hard_sigmoid), `keras3` picks its meaning.
static std::optional<NamedActivation> lookupActivation(llvm::StringRef name,
                                                       bool keras3) {
  using K = cnn::ActivationKind;
  if (name == "relu6")
    return NamedActivation{K::relu, {std::nullopt, 6.0, std::nullopt}};
  if (name == "leaky_relu")
    return NamedActivation{K::relu, {0.2, std::nullopt, std::nullopt}};
  if (name == "hard_sigmoid")
    return NamedActivation{keras3 ? K::hard_sigmoid6 : K::hard_sigmoid, {}};
  if (name == "silu")
    return NamedActivation{K::swish, {}};
  if (name == "gelu_new")
    return NamedActivation{K::gelu_tanh, {}};
  if (name == "hard_sigmoid6" || name == "gelu_tanh")
    return std::nullopt; // cnnc's own names, not Keras'
  if (auto kind = cnn::symbolizeActivationKind(name))
    return NamedActivation{*kind, {}};
  return std::nullopt;
}

FailureOr<Value> LayerBuilder::activation(Value input, llvm::StringRef key) {
  auto name = config.string(key, "linear");
  if (failed(name))
    return failure();
  auto named = lookupActivation(*name, keras3);
  if (!named)
    return config.error(key)
           << "unknown activation '" << *name
           << "'; expected one of linear, relu, relu6, leaky_relu, elu, selu, "
              "sigmoid, hard_sigmoid, tanh, softplus, softsign, swish, silu, "
              "gelu, gelu_new, exponential, mish, softmax, log_softmax";
  if (named->kind == cnn::ActivationKind::linear)
    return input;
  return activationOp(named->kind, input, named->params);
}

static FailureOr<Value> buildActivation(LayerBuilder &b, Value input) {
  return b.activation(input);
}

/// Keras' ReLU(max_value, negative_slope, threshold).
static FailureOr<Value> buildReLU(LayerBuilder &b, Value input) {
  LayerConfig &c = b.config;
  auto maxValue = c.optionalNumber("max_value");
  auto slope = c.number("negative_slope", 0.0,
                        NumberRange::atLeast(0, "a non-negative slope"));
  auto threshold = c.number("threshold", 0.0);
  if (failed(maxValue) || failed(slope) || failed(threshold))
    return failure();
  ActivationParams params;
  if (*slope != 0.0)
    params.alpha = *slope;
  if (*threshold != 0.0)
    params.threshold = *threshold;
  params.maxValue = *maxValue;
  return b.activationOp(cnn::ActivationKind::relu, input, params);
}

/// LeakyReLU: `alpha` (Keras 2, TF.js) or `negative_slope` (Keras 3), 0.3 by default.
static FailureOr<Value> buildLeakyReLU(LayerBuilder &b, Value input) {
  LayerConfig &c = b.config;
  const char *key = c.layer.config.contains("negative_slope") ? "negative_slope"
                                                               : "alpha";
  auto slope = c.number(key, 0.3);
  if (failed(slope))
    return failure();
  return b.activationOp(cnn::ActivationKind::relu, input,
                        {*slope, std::nullopt, std::nullopt});
}

static FailureOr<Value> buildELU(LayerBuilder &b, Value input) {
  auto alpha = b.config.number("alpha", 1.0);
  if (failed(alpha))
    return failure();
  return b.activationOp(cnn::ActivationKind::elu, input,
                        {*alpha, std::nullopt, std::nullopt});
}

static FailureOr<Value> buildSoftmax(LayerBuilder &b, Value input) {
  auto axis = b.config.integer("axis", -1);
  if (failed(axis))
    return failure();
  int64_t rank = b.typeOf(input).getRank();
  if (*axis != -1 && *axis != rank - 1)
    return b.config.error("axis") << "only the last axis is supported, got "
                                  << *axis;
  return b.activationOp(cnn::ActivationKind::softmax, input);
}

void addActivationLayers(LayerTable &table) {
  table["Activation"] = oneInput(buildActivation);
  table["ReLU"] = oneInput(buildReLU);
  table["LeakyReLU"] = oneInput(buildLeakyReLU);
  table["ELU"] = oneInput(buildELU);
  table["Softmax"] = oneInput(buildSoftmax);
}

} // namespace cnnc
