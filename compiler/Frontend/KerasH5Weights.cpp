// A model's weights from a Keras HDF5 file: Keras 2's layout (layer_names, weight_names) or Keras 3's (layers/<class>/vars/<i>).
#include "Frontend/KerasH5Weights.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

using namespace mlir;

namespace cnnc {

std::string kerasSnakeCase(const std::string &className) {
  // Keras' own three substitutions (keras.src.utils.naming.to_snake_case).
  std::string name = std::regex_replace(className, std::regex("[^A-Za-z0-9_]+"), "");
  name = std::regex_replace(name, std::regex("(.)([A-Z][a-z]+)"), "$1_$2");
  name = std::regex_replace(name, std::regex("([a-z])([A-Z])"), "$1_$2");
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

/// The variables Keras creates for a layer of `spec`'s class, in order (its
/// trainable ones first, then the others): what `vars/0, 1, ...` hold.
static std::vector<std::string> kerasVariables(const LayerSpec &layer) {
  auto flag = [&](const char *key) {
    auto it = layer.config.find(key);
    return it == layer.config.end() || !it->is_boolean() || it->get<bool>();
  };
  if (layer.className == "Conv2D" || layer.className == "Dense")
    return flag("use_bias") ? std::vector<std::string>{"kernel", "bias"}
                            : std::vector<std::string>{"kernel"};
  if (layer.className == "BatchNormalization") {
    std::vector<std::string> kinds;
    if (flag("scale"))
      kinds.push_back("gamma");
    if (flag("center"))
      kinds.push_back("beta");
    kinds.push_back("moving_mean");
    kinds.push_back("moving_variance");
    return kinds;
  }
  return {};
}

namespace {
class Reader {
public:
  Reader(const Hdf5File &file, const std::string &where, Location fileLoc)
      : file(file), where(where), fileLoc(fileLoc) {}

  LogicalResult readKeras2(const std::string &root);
  LogicalResult readKeras3(const std::string &layersGroup, const ModelSpec &spec);
  std::vector<WeightTensor> take() { return std::move(tensors); }

private:
  LogicalResult add(const std::string &name, const std::string &dataset);
  InFlightDiagnostic error() {
    InFlightDiagnostic diag = emitError(fileLoc);
    if (!where.empty())
      diag << where << ": ";
    return diag;
  }

  const Hdf5File &file;
  const std::string &where;
  Location fileLoc;
  std::vector<WeightTensor> tensors;
  std::map<std::string, std::string> seen; // name -> dataset
};
} // namespace

/// Reads `dataset` as the weight `name`.
LogicalResult Reader::add(const std::string &name, const std::string &dataset) {
  auto earlier = seen.find(name);
  if (earlier != seen.end())
    return error() << "'" << dataset << "' and '" << earlier->second
                   << "' are both weight '" << name << "': expected each weight once";
  auto floats = file.readFloats(dataset, maxWeightElements);
  if (!floats)
    return error() << llvm::toString(floats.takeError());
  WeightTensor tensor;
  tensor.name = name;
  tensor.where = where.empty() ? dataset : where + ": " + dataset;
  tensor.shape = std::move(floats->shape);
  tensor.count = floats->count;
  tensor.data = std::move(floats->values);
  if (failed(checkFiniteWeight(tensor, fileLoc)))
    return failure();
  seen[name] = dataset;
  tensors.push_back(std::move(tensor));
  return success();
}

LogicalResult Reader::readKeras2(const std::string &root) {
  auto layers = file.stringListAttribute(root, "layer_names");
  if (!layers)
    return error() << llvm::toString(layers.takeError());
  for (const std::string &layer : *layers) {
    std::string group = (root == "/" ? "" : root + "/") + layer;
    if (!file.has(group))
      return error() << "no group '" << group << "' for layer '" << layer
                     << "', which the attribute layer_names of '" << root
                     << "' lists (soft and external links are not followed)";
    auto names = file.stringListAttribute(group, "weight_names");
    if (!names)
      return error() << llvm::toString(names.takeError());
    for (const std::string &weightName : *names) {
      // "conv2d/kernel:0" (tf.keras) or "kernel" (Keras 3's legacy .h5): the
      // weight is "<layer>/<kind>"; a nested model's keep their inner prefix.
      llvm::StringRef name = llvm::StringRef(weightName).rsplit(':').first;
      std::string full = name.contains('/') ? name.str() : layer + "/" + name.str();
      if (failed(add(full, group + "/" + weightName)))
        return failure();
    }
  }
  return success();
}

LogicalResult Reader::readKeras3(const std::string &layersGroup, const ModelSpec &spec) {
  std::vector<const LayerSpec *> inFileOrder;
  for (const LayerSpec &layer : spec.layers)
    inFileOrder.push_back(&layer);
  std::stable_sort(inFileOrder.begin(), inFileOrder.end(),
                   [](const LayerSpec *a, const LayerSpec *b) { return a->position < b->position; });
  std::map<std::string, int> used; // snake-case class -> layers of it so far
  for (const LayerSpec *layer : inFileOrder) {
    std::string key = kerasSnakeCase(layer->className);
    int index = used.count(key) ? ++used[key] : (used[key] = 0);
    if (index)
      key += "_" + std::to_string(index);
    std::vector<std::string> kinds = kerasVariables(*layer);
    if (kinds.empty())
      continue;
    std::string vars = layersGroup + "/" + key + "/vars";
    auto members = file.members(vars);
    if (!members)
      return error() << "no group '" << vars << "' for layer '" << layer->name
                     << "' (Keras 3 keeps the " << layer->className << " layers' weights in "
                     << layersGroup << "/" << kerasSnakeCase(layer->className)
                     << ", _1, ... in the model's order)";
    if (members->size() != kinds.size())
      return error() << "'" << vars << "' holds " << members->size()
                     << " variables, but layer '" << layer->name << "' (" << layer->className
                     << ") has " << kinds.size() << " in Keras' order ("
                     << llvm::join(kinds, ", ") << ")";
    for (size_t i = 0; i < kinds.size(); ++i)
      if (failed(add(layer->name + "/" + kinds[i], vars + "/" + std::to_string(i))))
        return failure();
  }
  return success();
}

FailureOr<WeightStore> readKerasH5Weights(const Hdf5File &file, const std::string &root,
                                          const ModelSpec &spec, const std::string &where,
                                          Location fileLoc) {
  Reader reader(file, where, fileLoc);
  std::string prefix = root == "/" ? "" : root + "/";
  LogicalResult read = failure();
  if (file.hasAttribute(root, "layer_names"))
    read = reader.readKeras2(root);
  else if (file.has(prefix + "layers"))
    read = reader.readKeras3(prefix + "layers", spec);
  else if (file.has(prefix + "_layer_checkpoint_dependencies")) // Keras 2.13's spelling
    read = reader.readKeras3(prefix + "_layer_checkpoint_dependencies", spec);
  else
    return emitError(fileLoc) << (where.empty() ? "" : where + ": ") << "'" << root
                              << "' holds no Keras weights: expected Keras 2's attribute "
                                 "layer_names or Keras 3's group 'layers'";
  if (failed(read))
    return failure();
  return WeightStore::fromTensors(reader.take(), where.empty() ? "the HDF5 file" : where);
}

} // namespace cnnc
