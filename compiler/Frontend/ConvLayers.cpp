// Builders of the convolution family: Conv2D, ZeroPadding2D and Cropping2D.
#include "Frontend/Json.h"
#include "Frontend/LayerBuilder.h"

using namespace mlir;

namespace cnnc {

static FailureOr<Value> buildConv2D(LayerBuilder &b, Value input) {
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
  auto channels = channelsOf(b, input);
  if (failed(channels))
    return failure();
  auto [kh, kw] = *kernel;
  auto filter = b.weight("kernel", {kh, kw, *channels, *filters},
                         Init::GlorotUniform);
  if (failed(filter))
    return failure();
  auto bias = b.optionalBias(*useBias, *filters);
  if (failed(bias))
    return failure();
  auto conv = b.create<cnn::Conv2DOp>(input, *filter, *bias,
                                      ArrayRef<int64_t>(*strides),
                                      ArrayRef<int64_t>(*dilations), *padding);
  if (failed(conv))
    return failure();
  return b.activation(*conv);
}

/// The four sides [top, bottom, left, right] of config.<key>: n (all sides),
/// [h, w] (symmetric), or [[top, bottom], [left, right]]; `fallback` on every
/// side when absent.
static FailureOr<std::array<int64_t, 4>> readSides(LayerConfig &c, const char *key,
                                                   int64_t fallback) {
  const nlohmann::json *given = c.find(key);
  if (!given)
    return std::array<int64_t, 4>{fallback, fallback, fallback, fallback};
  const nlohmann::json &v = *given;
  auto isCount = [](const nlohmann::json &x) {
    std::optional<int64_t> n = jsonInt64(x);
    return n && *n >= 0;
  };
  if (isCount(v)) {
    int64_t n = v.get<int64_t>();
    return std::array<int64_t, 4>{n, n, n, n};
  }
  if (v.is_array() && v.size() == 2 && isCount(v[0]) && isCount(v[1]))
    return std::array<int64_t, 4>{v[0].get<int64_t>(), v[0].get<int64_t>(),
                                  v[1].get<int64_t>(), v[1].get<int64_t>()};
  if (v.is_array() && v.size() == 2 && v[0].is_array() && v[1].is_array() &&
      v[0].size() == 2 && v[1].size() == 2 && isCount(v[0][0]) &&
      isCount(v[0][1]) && isCount(v[1][0]) && isCount(v[1][1]))
    return std::array<int64_t, 4>{v[0][0].get<int64_t>(), v[0][1].get<int64_t>(),
                                  v[1][0].get<int64_t>(), v[1][1].get<int64_t>()};
  return c.error(key) << "expected n, [h, w] or [[top, bottom], [left, "
                         "right]] of non-negative integers, got "
                      << briefJson(v);
}

static FailureOr<Value> buildZeroPadding2D(LayerBuilder &b, Value input) {
  auto padding = readSides(b.config, "padding", 1);
  if (failed(b.config.requireChannelsLast()) || failed(padding) ||
      failed(channelsOf(b, input)))
    return failure();
  return b.create<cnn::ZeroPad2DOp>(input, ArrayRef<int64_t>(*padding));
}

static FailureOr<Value> buildCropping2D(LayerBuilder &b, Value input) {
  auto cropping = readSides(b.config, "cropping", 0);
  if (failed(b.config.requireChannelsLast()) || failed(cropping) ||
      failed(channelsOf(b, input)))
    return failure();
  return b.create<cnn::Crop2DOp>(input, ArrayRef<int64_t>(*cropping));
}

void addConvLayers(LayerTable &table) {
  table["Conv2D"] = oneInput(buildConv2D);
  table["ZeroPadding2D"] = oneInput(buildZeroPadding2D);
  table["Cropping2D"] = oneInput(buildCropping2D);
}

} // namespace cnnc
