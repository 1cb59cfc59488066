// The builders of each Keras layer class cnnc compiles: config fields in, cnn ops out.
#include "Frontend/LayerBuilder.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;

namespace cnnc {

namespace {

FailureOr<cnn::Padding> readPadding(LayerConfig &c) {
  auto padding = c.string("padding", "valid", {"valid", "same"});
  if (failed(padding))
    return failure();
  return *cnn::symbolizePadding(*padding);
}

/// The channel count of an NHWC input, or an error if the input is not 4-D.
FailureOr<int64_t> channelsOf(LayerBuilder &b, Value input) {
  auto type = b.typeOf(input);
  if (type.getRank() != 4)
    return emitError(b.loc) << "expected a 4-D input (batch, height, width, "
                               "channels), got "
                            << type;
  return type.getDimSize(3);
}

FailureOr<Value> buildConv2D(LayerBuilder &b, ArrayRef<Value> in) {
  LayerConfig &c = b.config;
  auto filters = c.positiveInt("filters");
  auto kernel = c.pair("kernel_size", std::nullopt);
  auto strides = c.pair("strides", IntPair{1, 1});
  auto dilations = c.pair("dilation_rate", IntPair{1, 1});
  auto padding = readPadding(c);
  auto useBias = c.boolean("use_bias", true);
  auto groups = c.pair("groups", IntPair{1, 1});
  if (failed(c.requireChannelsLast()) || failed(filters) || failed(kernel) ||
      failed(strides) || failed(dilations) || failed(padding) ||
      failed(useBias) || failed(groups))
    return failure();
  if ((*groups)[0] != 1)
    return c.error("groups") << "grouped convolution is not supported yet";
  bool strided = (*strides)[0] > 1 || (*strides)[1] > 1;
  bool dilated = (*dilations)[0] > 1 || (*dilations)[1] > 1;
  if (strided && dilated)
    return c.error("strides")
           << "strides > 1 together with dilation_rate > 1 is not allowed "
              "(Keras refuses it too)";
  auto channels = channelsOf(b, in[0]);
  if (failed(channels))
    return failure();
  auto [kh, kw] = *kernel;
  auto filter = b.weight("kernel", {kh, kw, *channels, *filters},
                         Init::GlorotUniform, kh * kw * *channels,
                         kh * kw * *filters);
  if (failed(filter))
    return failure();
  Value bias;
  if (*useBias) {
    auto biasWeight = b.weight("bias", {*filters}, Init::Zeros);
    if (failed(biasWeight))
      return failure();
    bias = *biasWeight;
  }
  auto conv = b.create<cnn::Conv2DOp>(in[0], *filter, bias,
                                      ArrayRef<int64_t>(*strides),
                                      ArrayRef<int64_t>(*dilations), *padding);
  if (failed(conv))
    return failure();
  return b.activation(*conv);
}

/// Max/Min/Average/L2 pooling over H and W.
LayerBuildFn poolBuilder(cnn::PoolKind kind) {
  return [kind](LayerBuilder &b, ArrayRef<Value> in) -> FailureOr<Value> {
    LayerConfig &c = b.config;
    auto window = c.pair("pool_size", IntPair{2, 2});
    if (failed(window))
      return failure();
    auto strides = c.pair("strides", *window);
    auto padding = readPadding(c);
    if (failed(c.requireChannelsLast()) || failed(strides) || failed(padding) ||
        failed(channelsOf(b, in[0])))
      return failure();
    return b.create<cnn::Pool2DOp>(kind, in[0], ArrayRef<int64_t>(*window),
                                   ArrayRef<int64_t>(*strides), *padding);
  };
}

FailureOr<Value> buildDense(LayerBuilder &b, ArrayRef<Value> in) {
  LayerConfig &c = b.config;
  auto units = c.positiveInt("units");
  auto useBias = c.boolean("use_bias", true);
  if (failed(units) || failed(useBias))
    return failure();
  auto type = b.typeOf(in[0]);
  if (type.getRank() != 2)
    return emitError(b.loc) << "expected a 2-D input (batch, features), got "
                            << type << "; add a Flatten layer before it";
  int64_t features = type.getDimSize(1);
  auto kernel = b.weight("kernel", {features, *units}, Init::GlorotUniform,
                         features, *units);
  if (failed(kernel))
    return failure();
  Value bias;
  if (*useBias) {
    auto biasWeight = b.weight("bias", {*units}, Init::Zeros);
    if (failed(biasWeight))
      return failure();
    bias = *biasWeight;
  }
  auto dense = b.create<cnn::DenseOp>(in[0], *kernel, bias);
  if (failed(dense))
    return failure();
  return b.activation(*dense);
}

FailureOr<Value> buildFlatten(LayerBuilder &b, ArrayRef<Value> in) {
  if (failed(b.config.requireChannelsLast()))
    return failure();
  return b.create<cnn::FlattenOp>(in[0]);
}

FailureOr<Value> buildDropout(LayerBuilder &b, ArrayRef<Value> in) {
  auto rate = b.config.number("rate", std::nullopt);
  if (failed(rate))
    return failure();
  return b.create<cnn::DropoutOp>(in[0], b.builder.getF32FloatAttr(*rate));
}

FailureOr<Value> buildActivation(LayerBuilder &b, ArrayRef<Value> in) {
  return b.activation(in[0]);
}

FailureOr<Value> buildReLU(LayerBuilder &b, ArrayRef<Value> in) {
  LayerConfig &c = b.config;
  for (const char *key : {"max_value", "negative_slope", "threshold"}) {
    auto value = c.number(key, 0.0);
    if (failed(value))
      return failure();
    bool isDefault = *value == 0.0;
    if (!isDefault)
      return c.error(key) << "non-default ReLU parameters are not supported yet";
  }
  return b.create<cnn::ActivationOp>(cnn::ActivationKind::relu, in[0]);
}

FailureOr<Value> buildSoftmax(LayerBuilder &b, ArrayRef<Value> in) {
  auto axis = b.config.number("axis", -1.0);
  if (failed(axis))
    return failure();
  int64_t rank = b.typeOf(in[0]).getRank();
  if (*axis != -1.0 && *axis != static_cast<double>(rank - 1))
    return b.config.error("axis") << "only the last axis is supported, got "
                                  << *axis;
  return b.create<cnn::ActivationOp>(cnn::ActivationKind::softmax, in[0]);
}

const llvm::StringMap<LayerBuildFn> &layerBuilders() {
  static const llvm::StringMap<LayerBuildFn> table = {
      {"Conv2D", buildConv2D},
      {"MaxPooling2D", poolBuilder(cnn::PoolKind::max)},
      {"AveragePooling2D", poolBuilder(cnn::PoolKind::avg)},
      {"MinPooling2D", poolBuilder(cnn::PoolKind::min)},
      {"L2Pooling2D", poolBuilder(cnn::PoolKind::l2)},
      {"Dense", buildDense},
      {"Flatten", buildFlatten},
      {"Dropout", buildDropout},
      {"Activation", buildActivation},
      {"ReLU", buildReLU},
      {"Softmax", buildSoftmax},
  };
  return table;
}

} // namespace

const LayerBuildFn *lookupLayerBuilder(llvm::StringRef className) {
  const auto &table = layerBuilders();
  auto it = table.find(className);
  return it == table.end() ? nullptr : &it->second;
}

std::string knownLayerClasses() {
  std::vector<std::string> names;
  for (const auto &entry : layerBuilders())
    names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  std::string s;
  for (const std::string &n : names)
    s += (s.empty() ? "" : ", ") + n;
  return s;
}

} // namespace cnnc
