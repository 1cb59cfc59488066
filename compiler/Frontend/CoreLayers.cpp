// Builders of the core layers: Dense, Flatten, Reshape, Dropout, ActivityRegularization.
#include "Frontend/Json.h"
#include "Frontend/LayerBuilder.h"

using namespace mlir;

namespace cnnc {

static FailureOr<Value> buildDense(LayerBuilder &b, Value input) {
  LayerConfig &c = b.config;
  auto units = c.positiveInt("units");
  auto useBias = c.boolean("use_bias", true);
  if (failed(units) || failed(useBias))
    return failure();
  auto type = b.typeOf(input);
  if (type.getRank() < 2)
    return emitError(b.loc) << "expected an input of rank >= 2, got " << type;
  int64_t features = type.getShape().back();
  auto kernel = b.weight("kernel", {features, *units}, Init::GlorotUniform);
  if (failed(kernel))
    return failure();
  auto bias = b.optionalBias(*useBias, *units);
  if (failed(bias))
    return failure();
  auto dense = b.create<cnn::DenseOp>(input, *kernel, *bias);
  if (failed(dense))
    return failure();
  return b.activation(*dense);
}

static FailureOr<Value> buildFlatten(LayerBuilder &b, Value input) {
  if (failed(b.config.requireChannelsLast()))
    return failure();
  return b.create<cnn::FlattenOp>(input);
}

static FailureOr<Value> buildReshape(LayerBuilder &b, Value input) {
  const nlohmann::json *target = b.config.find("target_shape");
  if (!target || !target->is_array())
    return b.config.error("target_shape") << "expected a list of dimensions";
  SmallVector<int64_t> shape;
  for (const nlohmann::json &d : *target) {
    std::optional<int64_t> dim = jsonInt64(d);
    if (!dim || (*dim < 1 && *dim != -1))
      return b.config.error("target_shape")
             << "expected positive integers (one may be -1), got "
             << briefJson(*target);
    shape.push_back(*dim);
  }
  return b.create<cnn::ReshapeOp>(input, ArrayRef<int64_t>(shape));
}

static FailureOr<Value> buildDropout(LayerBuilder &b, Value input) {
  auto rate = b.config.number("rate", std::nullopt,
                              NumberRange::halfOpen(0, 1, "a dropout rate in [0, 1)"));
  if (failed(rate))
    return failure();
  return b.create<cnn::DropoutOp>(input, b.builder.getF32FloatAttr(*rate));
}

/// The identity: its l1 and l2 penalise its output in training
/// (LayerConfig::activityRegularizer), as Keras' layer does.
static FailureOr<Value> buildActivityRegularization(LayerBuilder &, Value input) {
  return input;
}

void addCoreLayers(LayerTable &table) {
  table["Dense"] = oneInput(buildDense);
  table["Flatten"] = oneInput(buildFlatten);
  table["Reshape"] = oneInput(buildReshape);
  table["Dropout"] = oneInput(buildDropout);
  table["ActivityRegularization"] = oneInput(buildActivityRegularization);
}

} // namespace cnnc
