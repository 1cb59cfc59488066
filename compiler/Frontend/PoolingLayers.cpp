// Builders of every pooling layer: spatial (Max/Average and cnnc's Min/L2/LP), global, and across channels.
#include "Frontend/Json.h"
#include "Frontend/LayerBuilder.h"

using namespace mlir;

namespace cnnc {

/// The exponent of LP pooling (config `p`, > 0), or none for other kinds.
static FailureOr<FloatAttr> readExponent(LayerBuilder &b, cnn::PoolKind kind) {
  if (kind != cnn::PoolKind::lp)
    return FloatAttr();
  auto p = b.config.number("p", std::nullopt,
                           NumberRange::above(0, "a positive exponent"));
  if (failed(p))
    return failure();
  return b.builder.getF32FloatAttr(*p);
}

/// Max/Min/Average/L2/LP pooling over H and W.
static LayerBuildFn spatialPool(cnn::PoolKind kind) {
  return oneInput([kind](LayerBuilder &b, Value input) -> FailureOr<Value> {
    LayerConfig &c = b.config;
    auto window = c.pair("pool_size", IntPair{2, 2});
    if (failed(window))
      return failure();
    auto strides = c.pair("strides", *window);
    auto padding = readPadding(c);
    auto p = readExponent(b, kind);
    if (failed(c.requireChannelsLast()) || failed(strides) || failed(padding) ||
        failed(p) || failed(channelsOf(b, input)))
      return failure();
    return b.create<cnn::Pool2DOp>(kind, input, ArrayRef<int64_t>(*window),
                                   ArrayRef<int64_t>(*strides), *padding, *p);
  });
}

/// Global pooling of each feature map, with Keras' `keepdims`.
static LayerBuildFn globalPool(cnn::PoolKind kind) {
  return oneInput([kind](LayerBuilder &b, Value input) -> FailureOr<Value> {
    auto keepdims = b.config.boolean("keepdims", false);
    auto p = readExponent(b, kind);
    if (failed(b.config.requireChannelsLast()) || failed(keepdims) ||
        failed(p) || failed(channelsOf(b, input)))
      return failure();
    return b.create<cnn::GlobalPool2DOp>(kind, input, *keepdims, *p);
  });
}

/// cnnc's ChannelPooling2D {pool_size, strides (= pool_size), kind, p}:
/// pooling across the channels of each pixel.
static FailureOr<Value> buildChannelPooling2D(LayerBuilder &b, Value input) {
  LayerConfig &c = b.config;
  auto window = c.positiveInt("pool_size");
  auto kindName = c.string("kind", "max", {"max", "min", "avg", "l2", "lp"});
  if (failed(window) || failed(kindName))
    return failure();
  auto stride = c.pair("strides", IntPair{*window, *window});
  if (failed(stride))
    return failure();
  if ((*stride)[0] != (*stride)[1])
    return c.error("strides") << "expected one stride along the channels";
  cnn::PoolKind kind = *cnn::symbolizePoolKind(*kindName);
  auto p = readExponent(b, kind);
  if (failed(p) || failed(channelsOf(b, input)))
    return failure();
  return b.create<cnn::ChannelPoolOp>(kind, input, *window, (*stride)[0], *p);
}

void addPoolingLayers(LayerTable &table) {
  using K = cnn::PoolKind;
  std::pair<const char *, K> kinds[] = {{"Max", K::max}, {"Average", K::avg},
                                        {"Min", K::min}, {"L2", K::l2},
                                        {"LP", K::lp}};
  for (auto [name, kind] : kinds) {
    table[std::string(name) + "Pooling2D"] = spatialPool(kind);
    table["Global" + std::string(name) + "Pooling2D"] = globalPool(kind);
  }
  table["ChannelPooling2D"] = oneInput(buildChannelPooling2D);
}

} // namespace cnnc
