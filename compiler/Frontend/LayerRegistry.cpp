// The table from Keras class names to layer builders, gathered from each family's file.
#include "Frontend/LayerBuilder.h"

#include <algorithm>

using namespace mlir;

namespace cnnc {

static const LayerTable &layerTable() {
  static const LayerTable table = [] {
    LayerTable t;
    addConvLayers(t);
    addPoolingLayers(t);
    addCoreLayers(t);
    addActivationLayers(t);
    addNormalizationLayers(t);
    addMergeLayers(t);
    return t;
  }();
  return table;
}

const LayerBuildFn *lookupLayerBuilder(llvm::StringRef className) {
  auto it = layerTable().find(className);
  return it == layerTable().end() ? nullptr : &it->second;
}

std::string knownLayerClasses() {
  std::vector<std::string> names;
  for (const auto &entry : layerTable())
    names.push_back(entry.getKey().str());
  std::sort(names.begin(), names.end());
  std::string s;
  for (const std::string &n : names)
    s += (s.empty() ? "" : ", ") + n;
  return s;
}

FailureOr<cnn::Padding> readPadding(LayerConfig &c) {
  auto padding = c.string("padding", "valid", {"valid", "same"});
  if (failed(padding))
    return failure();
  return *cnn::symbolizePadding(*padding);
}

FailureOr<int64_t> channelsOf(LayerBuilder &b, Value input) {
  auto type = b.typeOf(input);
  if (type.getRank() != 4)
    return emitError(b.loc) << "expected a 4-D input (batch, height, width, "
                               "channels), got "
                            << type;
  return type.getDimSize(3);
}

} // namespace cnnc
