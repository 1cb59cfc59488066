// A format-neutral description of a Keras model: its input and its layers in order.
#ifndef CNNC_FRONTEND_MODELSPEC_H
#define CNNC_FRONTEND_MODELSPEC_H

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cnnc {

struct LayerSpec {
  std::string name;
  std::string className;
  nlohmann::json config; // the layer's config, normalised (see Json.h)
  std::string jsonPath;  // where the layer sits in the file, for messages
  size_t position = 0;   // its index in the file's list of layers
  /// Names of the layers whose outputs this layer takes, in order.
  std::vector<std::string> inbound;
};

struct ModelSpec {
  std::string name;
  /// The input's shape without the batch dimension (H, W, C for images).
  std::vector<int64_t> inputShape;
  std::string inputName;
  /// Layers in an order where every layer comes after its inputs.
  std::vector<LayerSpec> layers;
  std::string outputName;
  /// A Functional model (its summary shows what each layer is connected to).
  bool functional = false;
  /// Written by Keras 3, where some names mean something else.
  bool keras3 = false;
  /// Set for a TF.js model.json: the weightsManifest, and the folder its
  /// shard paths are relative to.
  nlohmann::json weightsManifest;
  std::string weightsDir;
};

} // namespace cnnc

#endif
