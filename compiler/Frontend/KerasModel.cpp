// Reads a Keras `model.to_json()` file or a TF.js layers model.json into a ModelSpec.
#include "Frontend/KerasModel.h"
#include "Frontend/Json.h"
#include "Frontend/SpecReader.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Path.h"

#include <set>

using json = nlohmann::json;
using namespace mlir;

namespace cnnc {

LogicalResult SpecReader::readInputShape(const json &shape,
                                         const std::string &path,
                                         ModelSpec &spec) {
  if (!shape.is_array() || shape.size() < 2)
    return error(path) << "expected an input shape [null, dims...], got "
                       << briefJson(shape);
  spec.inputShape.clear();
  for (size_t i = 1; i < shape.size(); ++i) {
    std::optional<int64_t> dim = jsonInt64(shape[i]);
    if (!dim || *dim < 1)
      return error(path) << "expected positive input dimensions after the "
                            "batch, got "
                         << briefJson(shape);
    spec.inputShape.push_back(*dim);
  }
  return success();
}

LogicalResult SpecReader::readInputLayer(const json &layer,
                                         const std::string &path,
                                         ModelSpec &spec) {
  const json *shape = declaredInputShape(layer);
  if (!shape)
    return error(path + ".config")
           << "expected an InputLayer with batch_input_shape or batch_shape";
  return readInputShape(*shape, path + ".config", spec);
}

LogicalResult SpecReader::checkDType(const json &config,
                                     const std::string &path) {
  auto dtype = config.find("dtype");
  if (dtype == config.end() || dtype->is_null())
    return success();
  if (*dtype != "float32")
    return error(path + ".dtype")
           << "unsupported dtype " << briefJson(*dtype)
           << ": cnnc compiles float32 models";
  return success();
}

const json *declaredInputShape(const json &layer) {
  const json &config = layer["config"];
  for (const char *key : {"batch_input_shape", "batch_shape"})
    if (config.contains(key) && !config[key].is_null())
      return &config[key];
  if (layer.contains("build_config") && layer["build_config"].is_object() &&
      layer["build_config"].contains("input_shape"))
    return &layer["build_config"]["input_shape"];
  return nullptr;
}

FailureOr<LayerSpec> SpecReader::readLayer(const json &layer,
                                           const std::string &path,
                                           size_t position) {
  if (!layer.is_object() || !layer.contains("class_name") ||
      !layer["class_name"].is_string() || !layer.contains("config") ||
      !layer["config"].is_object())
    return error(path) << "expected a layer {\"class_name\": ..., \"config\": {...}}";
  // The config stays in `layer` (takeConfig moves it into the spec).
  const json &config = layer["config"];
  LayerSpec spec;
  spec.className = layer["class_name"];
  spec.jsonPath = path;
  spec.position = position;
  // Functional models name layers at the top as well as in the config.
  const json *name = layer.contains("name") ? &layer["name"] : nullptr;
  if (!name || !name->is_string())
    name = config.contains("name") ? &config["name"] : nullptr;
  spec.name = name && name->is_string() ? name->get<std::string>() : path;
  if (failed(checkDType(config, path + ".config")))
    return failure();
  return spec;
}

void takeConfig(json &layer, LayerSpec &spec) {
  spec.config = std::move(layer["config"]);
}

LogicalResult SpecReader::readSequential(json &config, const std::string &path,
                                         ModelSpec &spec) {
  json *layers = &config;
  std::string layersPath = path;
  if (config.is_object()) {
    if (config.contains("name") && config["name"].is_string())
      spec.name = config["name"];
    layers = config.contains("layers") ? &config["layers"] : nullptr;
    layersPath += ".layers";
  }
  if (!layers || !layers->is_array())
    return error(layersPath) << "expected a list of layers";
  std::set<std::string> names;
  std::string previous;
  for (size_t i = 0; i < layers->size(); ++i) {
    json &layer = (*layers)[i];
    std::string layerPath = layersPath + "[" + std::to_string(i) + "]";
    auto read = readLayer(layer, layerPath, i);
    if (failed(read))
      return failure();
    LayerSpec layerSpec = std::move(*read);
    if (!names.insert(layerSpec.name).second)
      return error(layerPath + ".config.name")
             << "layer name '" << layerSpec.name << "' is used twice";
    if (layerSpec.className == "InputLayer") {
      // Keras builds a Sequential model on its first layer's input; a later
      // InputLayer would cut the layers before it off the model.
      if (i != 0)
        return error(layerPath)
               << "an InputLayer must be the first layer of a Sequential "
                  "model; this one is layer "
               << i;
      if (failed(readInputLayer(layer, layerPath, spec)))
        return failure();
      spec.inputName = layerSpec.name;
      previous = layerSpec.name;
      continue;
    }
    const json *shape = declaredInputShape(layer);
    if (spec.inputShape.empty() && shape) {
      if (failed(readInputShape(*shape, layerPath + ".config", spec)))
        return failure();
      spec.inputName = "input";
      previous = spec.inputName;
    }
    if (spec.inputShape.empty())
      return error(layerPath)
             << "no input shape: expected an InputLayer, or batch_input_shape "
                "(Keras 3: batch_shape) on the first layer";
    layerSpec.inbound = {previous};
    previous = layerSpec.name;
    takeConfig(layer, layerSpec);
    spec.layers.push_back(std::move(layerSpec));
  }
  if (spec.layers.empty())
    return error(layersPath) << "the model has no layers";
  spec.outputName = previous;
  return success();
}

LogicalResult SpecReader::readModel(json &model, const std::string &path,
                                    ModelSpec &spec) {
  if (!model.is_object() || !model.contains("class_name") ||
      !model["class_name"].is_string() || !model.contains("config"))
    return error(path) << "expected a model {\"class_name\": ..., \"config\": ...}";
  std::string cls = model["class_name"].get<std::string>();
  if (cls == "Sequential")
    return readSequential(model["config"], path + ".config", spec);
  if (cls == "Functional" || cls == "Model")
    return readFunctional(model["config"], path + ".config", spec);
  return error(path + ".class_name")
         << "unknown model class '" << cls
         << "': expected Sequential, Functional or Model";
}

/// Keras 3 writes `module` beside every class name, and a keras_version of 3.
static bool writtenByKeras3(const json &root, const json &model) {
  for (const json *v : {&root, &model})
    if (v->is_object() && (v->contains("module") ||
                           (v->contains("keras_version") &&
                            (*v)["keras_version"].is_string() &&
                            (*v)["keras_version"].get<std::string>().rfind("3.", 0) == 0)))
      return true;
  return false;
}

FailureOr<ModelSpec> readModelSpec(json root, const std::string &path,
                                   Location fileLoc) {
  SpecReader reader(fileLoc);
  ModelSpec spec;
  // The parts are moved out of `root`, never copied: the readers keep one
  // copy of the file's JSON at a time.
  json model;
  std::string modelPath = "$";
  if (root.is_object() && root.contains("modelTopology")) {
    json &topology = root["modelTopology"];
    modelPath = "$.modelTopology";
    if (topology.is_object() && topology.contains("model_config")) {
      model = std::move(topology["model_config"]);
      modelPath += ".model_config";
    } else {
      model = std::move(topology);
    }
    if (root.contains("weightsManifest")) {
      spec.weightsManifest = std::move(root["weightsManifest"]);
      spec.weightsDir = llvm::sys::path::parent_path(path).str();
      if (spec.weightsDir.empty())
        spec.weightsDir = ".";
    }
  } else {
    model = std::move(root);
  }
  spec.keras3 = writtenByKeras3(root, model);
  normaliseKerasJson(model);
  if (failed(reader.readModel(model, modelPath, spec)))
    return failure();
  return spec;
}

} // namespace cnnc
