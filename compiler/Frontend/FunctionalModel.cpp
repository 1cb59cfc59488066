// Reads Keras Functional models (Keras 2, Keras 3 and TF.js `inbound_nodes` forms) into a ModelSpec in graph order.
#include "Frontend/Json.h"
#include "Frontend/KerasModel.h"
#include "Frontend/SpecReader.h"

#include "mlir/IR/Diagnostics.h"

#include <map>
#include <set>
#include <vector>

using json = nlohmann::json;
using namespace mlir;

namespace cnnc {

/// Collects the layer names of the Keras 3 tensors (`__keras_tensor__` with a
/// `keras_history` [layer, node, tensor]) anywhere below `value`. Recursive:
/// readJsonFile bounds the depth.
static void collectKerasTensors(const json &value,
                                std::vector<const json *> &histories) {
  if (value.is_array()) {
    for (const json &item : value)
      collectKerasTensors(item, histories);
    return;
  }
  if (!value.is_object())
    return;
  auto cls = value.find("class_name");
  if (cls != value.end() && *cls == "__keras_tensor__" &&
      value.contains("config") && value["config"].contains("keras_history")) {
    histories.push_back(&value["config"]["keras_history"]);
    return;
  }
  for (const auto &item : value.items())
    collectKerasTensors(item.value(), histories);
}

FailureOr<std::vector<std::string>>
SpecReader::readInbound(const json &layer, const std::string &path) {
  std::vector<std::string> names;
  auto nodes = layer.find("inbound_nodes");
  if (nodes == layer.end() || (nodes->is_array() && nodes->empty()))
    return names;
  if (!nodes->is_array())
    return error(path + ".inbound_nodes") << "expected a list of nodes";
  if (nodes->size() > 1)
    return error(path + ".inbound_nodes")
           << "the layer is called " << nodes->size()
           << " times: shared layers are not supported yet";
  const json &node = (*nodes)[0];
  // Keras 2 / TF.js: [[layer, node_index, tensor_index, kwargs], ...];
  // Keras 3: {"args": [...keras tensors...], "kwargs": {...}}.
  std::vector<const json *> histories;
  if (node.is_object() && node.contains("args"))
    collectKerasTensors(node["args"], histories); // pointers into `node`
  else if (node.is_array())
    for (const json &entry : node)
      histories.push_back(&entry);
  for (const json *history : histories) {
    if (!history->is_array() || history->size() < 3 ||
        !(*history)[0].is_string() || !(*history)[1].is_number_integer() ||
        !(*history)[2].is_number_integer())
      return error(path + ".inbound_nodes")
             << "expected [layer, node_index, tensor_index], got "
             << briefJson(*history);
    if ((*history)[1] != 0 || (*history)[2] != 0)
      return error(path + ".inbound_nodes")
             << "input " << briefJson(*history)
             << " is not the first output of the first call of its layer: "
                "shared layers and multi-output layers are not supported yet";
    names.push_back((*history)[0]);
  }
  return names;
}

FailureOr<std::string> SpecReader::readEndpoint(const json &config,
                                                const char *key,
                                                const std::string &path) {
  auto it = config.find(key);
  if (it == config.end() || !it->is_array())
    return error(path + "." + key) << "expected a list of [layer, 0, 0]";
  // One endpoint may be written bare: ["input_1", 0, 0].
  json endpoints = (!it->empty() && (*it)[0].is_string()) ? json::array({*it}) : *it;
  if (endpoints.size() != 1)
    return error(path + "." + key)
           << "cnnc compiles models with one input and one output; this one "
              "has "
           << endpoints.size() << " " << (std::string(key) == "input_layers" ? "inputs" : "outputs");
  const json &endpoint = endpoints[0];
  if (!endpoint.is_array() || endpoint.empty() || !endpoint[0].is_string())
    return error(path + "." + key) << "expected [layer, 0, 0], got "
                                   << briefJson(endpoint);
  return endpoint[0].get<std::string>();
}

/// Orders `layers` by a depth-first walk from the output, visiting each
/// layer's inputs in order: the order depends on the graph, not on how the
/// file lists it. Layers that do not feed the output are left out (with a
/// warning), cycles and unknown inputs are errors.
LogicalResult SpecReader::sortLayers(std::vector<LayerSpec> &layers,
                                     const std::string &inputName,
                                     const std::string &outputName,
                                     const std::string &path) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < layers.size(); ++i)
    index[layers[i].name] = i;
  for (const LayerSpec &layer : layers) {
    if (layer.inbound.empty())
      return error(layer.jsonPath) << "layer '" << layer.name << "' has no inputs";
    for (const std::string &input : layer.inbound)
      if (input != inputName && !index.count(input))
        return error(layer.jsonPath + ".inbound_nodes")
               << "input '" << input << "' of layer '" << layer.name
               << "' is not a layer of the model";
  }
  enum class Mark { None, Visiting, Done };
  std::vector<Mark> marks(layers.size(), Mark::None);
  std::vector<size_t> order, stack;
  // Iterative DFS: (layer, next input to visit).
  std::vector<std::pair<size_t, size_t>> work = {{index.at(outputName), 0}};
  marks[work.back().first] = Mark::Visiting;
  stack.push_back(work.back().first);
  while (!work.empty()) {
    auto &[current, next] = work.back();
    const std::vector<std::string> &inbound = layers[current].inbound;
    if (next == inbound.size()) {
      marks[current] = Mark::Done;
      order.push_back(current);
      stack.pop_back();
      work.pop_back();
      continue;
    }
    const std::string &input = inbound[next++];
    if (input == inputName)
      continue;
    size_t i = index.at(input);
    if (marks[i] == Mark::Done)
      continue;
    if (marks[i] == Mark::Visiting) {
      InFlightDiagnostic diag = error(path + ".layers");
      diag << "the graph has a cycle: '" << input << "'";
      for (auto it = stack.rbegin(); *it != i; ++it)
        diag << " -> '" << layers[*it].name << "'";
      return diag << " -> '" << input << "'";
    }
    marks[i] = Mark::Visiting;
    stack.push_back(i);
    work.push_back({i, 0});
  }
  std::vector<LayerSpec> sorted;
  for (size_t i : order)
    sorted.push_back(std::move(layers[i]));
  for (size_t i = 0; i < layers.size(); ++i)
    if (marks[i] == Mark::None)
      emitWarning(fileLoc) << layers[i].jsonPath << ": layer '" << layers[i].name
                           << "' does not feed the output; it is not compiled";
  layers = std::move(sorted);
  return success();
}

LogicalResult SpecReader::readFunctional(json &config,
                                         const std::string &path,
                                         ModelSpec &spec) {
  spec.functional = true;
  if (!config.is_object() || !config.contains("layers") ||
      !config["layers"].is_array())
    return error(path + ".layers") << "expected a list of layers";
  if (config.contains("name") && config["name"].is_string())
    spec.name = config["name"];
  auto inputName = readEndpoint(config, "input_layers", path);
  auto outputName = readEndpoint(config, "output_layers", path);
  if (failed(inputName) || failed(outputName))
    return failure();
  std::set<std::string> seen;
  json &layers = config["layers"];
  for (size_t i = 0; i < layers.size(); ++i) {
    std::string layerPath = path + ".layers[" + std::to_string(i) + "]";
    auto layer = readLayer(layers[i], layerPath, i);
    if (failed(layer))
      return failure();
    if (!seen.insert(layer->name).second)
      return error(layerPath) << "layer name '" << layer->name
                              << "' is used twice";
    if (layer->name == *inputName) {
      if (layer->className != "InputLayer")
        return error(layerPath) << "the model's input '" << layer->name
                                << "' is not an InputLayer";
      if (failed(readInputLayer(layers[i], layerPath, spec)))
        return failure();
      continue;
    }
    auto inbound = readInbound(layers[i], layerPath);
    if (failed(inbound))
      return failure();
    layer->inbound = std::move(*inbound);
    takeConfig(layers[i], *layer);
    spec.layers.push_back(std::move(*layer));
  }
  if (spec.inputShape.empty())
    return error(path + ".input_layers")
           << "input '" << *inputName << "' is not a layer of the model";
  spec.inputName = *inputName;
  spec.outputName = *outputName;
  if (!seen.count(spec.outputName) || spec.outputName == spec.inputName)
    return error(path + ".output_layers")
           << "output '" << spec.outputName << "' is not a layer of the model";
  if (spec.layers.empty())
    return error(path + ".layers") << "the model has no layers";
  return sortLayers(spec.layers, spec.inputName, spec.outputName, path);
}

} // namespace cnnc
