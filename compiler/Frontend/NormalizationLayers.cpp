// Builder of BatchNormalization, with Keras' trainable / non-trainable weights and its momentum.
#include "Frontend/Json.h"
#include "Frontend/LayerBuilder.h"

using namespace mlir;

namespace cnnc {

/// `axis` is an integer or a one-element list (Keras 2 writes [3] after
/// building); only the last axis is supported.
static LogicalResult checkLastAxis(LayerBuilder &b, int64_t rank) {
  const nlohmann::json *given = b.config.find("axis");
  if (!given)
    return success();
  const nlohmann::json *axis = given;
  if (axis->is_array() && axis->size() == 1)
    axis = &(*axis)[0];
  std::optional<int64_t> index = jsonInt64(*axis);
  if (index && (*index == -1 || *index == rank - 1))
    return success();
  return b.config.error("axis")
         << "only the last (channel) axis is supported, got " << briefJson(*given);
}

static FailureOr<Value> buildBatchNormalization(LayerBuilder &b, Value input) {
  LayerConfig &c = b.config;
  auto epsilon = c.number("epsilon", 1e-3,
                          NumberRange::above(0, "a positive epsilon"));
  auto center = c.boolean("center", true);
  auto scale = c.boolean("scale", true);
  auto momentum = c.number("momentum", 0.99,
                           NumberRange::closed(0, 1, "a number in [0, 1]"));
  auto trainable = c.boolean("trainable", true);
  auto type = b.typeOf(input);
  if (failed(epsilon) || failed(center) || failed(scale) || failed(momentum) ||
      failed(trainable) || failed(checkLastAxis(b, type.getRank())))
    return failure();
  if (type.getRank() < 2)
    return emitError(b.loc) << "expected an input of rank >= 2, got " << type;
  int64_t channels = type.getShape().back();
  FailureOr<Value> gamma = *scale ? b.weight("gamma", {channels}, Init::Ones)
                                  : FailureOr<Value>(b.splat(channels, 1.0f));
  FailureOr<Value> beta = *center ? b.weight("beta", {channels}, Init::Zeros)
                                  : FailureOr<Value>(b.splat(channels, 0.0f));
  if (failed(gamma) || failed(beta))
    return failure();
  auto mean = b.weight("moving_mean", {channels}, Init::Zeros,
                       /*trainable=*/false);
  if (failed(mean))
    return failure();
  auto variance = b.weight("moving_variance", {channels}, Init::Ones,
                           /*trainable=*/false);
  if (failed(variance))
    return failure();
  // Keras updates the moving statistics only of a trainable layer; a frozen
  // one normalises with them in training too.
  FloatAttr momentumAttr =
      *trainable ? b.builder.getF32FloatAttr(*momentum) : FloatAttr();
  return b.create<cnn::BatchNormOp>(input, *gamma, *beta, *mean, *variance,
                                    b.builder.getF32FloatAttr(*epsilon),
                                    momentumAttr);
}

void addNormalizationLayers(LayerTable &table) {
  table["BatchNormalization"] = oneInput(buildBatchNormalization);
}

} // namespace cnnc
