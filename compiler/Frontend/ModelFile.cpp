// What a model file holds, whatever its format: Keras' JSON, a TF.js model.json, a Keras 3 .keras archive, a Keras 2 .h5 file, or a weights .h5 with its topology beside it.
#include "Frontend/ModelFile.h"
#include "Frontend/Json.h"
#include "Frontend/KerasArchive.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/FileSystem.h"

#include <cstring>
#include <fstream>

using namespace mlir;

namespace cnnc {

namespace {
enum class Format { Json, Zip, Hdf5 };
} // namespace

/// The format the file's first bytes say (JSON when they say nothing else,
/// and for anything but a regular file, which the JSON reader reads once,
/// within bounds, or refuses).
static Format formatOf(const std::string &path) {
  if (!llvm::sys::fs::is_regular_file(path))
    return Format::Json;
  char head[8] = {};
  std::ifstream in(path, std::ios::binary);
  in.read(head, sizeof head);
  if (in.gcount() >= 4 && std::memcmp(head, "PK\x03\x04", 4) == 0)
    return Format::Zip;
  if (in.gcount() == 8 && std::memcmp(head, "\x89HDF\r\n\x1a\n", 8) == 0)
    return Format::Hdf5;
  return Format::Json;
}

/// A Keras 3 archive: config.json, and the weights in model.weights.h5.
static FailureOr<ModelFile> readArchive(const std::string &path, bool withWeights,
                                        Location fileLoc) {
  auto archive = readKerasArchive(path, withWeights);
  if (!archive)
    return emitError(fileLoc) << "a .keras archive (zip): " << llvm::toString(archive.takeError());
  ModelFile file;
  auto root = parseJsonText(archive->config, fileLoc, "config.json");
  if (failed(root))
    return failure();
  file.root = std::move(*root);
  if (withWeights) {
    auto h5 = Hdf5File::openImage(*archive->weights);
    if (!h5)
      return emitError(fileLoc) << "model.weights.h5: " << llvm::toString(h5.takeError());
    file.weights.emplace(std::move(*h5));
    file.weightsRoot = "/";
    file.weightsWhere = "model.weights.h5";
  }
  return file;
}

/// A Keras 2 / tf.keras whole-model .h5: the attribute model_config, the
/// weights in the group model_weights (when asked for).
static FailureOr<ModelFile> readWholeModelH5(Hdf5File h5, bool withWeights, Location fileLoc) {
  if (!h5.hasAttribute("/", "model_config")) {
    bool weightsOnly = h5.hasAttribute("/", "layer_names") || h5.has("layers") || h5.has("vars");
    if (weightsOnly)
      return emitError(fileLoc) << "this HDF5 file holds weights only (Keras' save_weights): "
                                   "give the model's JSON (model.to_json()) with --topology";
    return emitError(fileLoc) << "this HDF5 file is not a Keras model: expected the attribute "
                                 "model_config at its root (model.save(\"model.h5\"))";
  }
  auto config = h5.stringAttribute("/", "model_config");
  if (!config)
    return emitError(fileLoc) << llvm::toString(config.takeError());
  ModelFile file;
  auto root = parseJsonText(*config, fileLoc, "the attribute model_config");
  if (failed(root))
    return failure();
  file.root = std::move(*root);
  if (h5.hasAttribute("/", "training_config") && file.root.is_object()) {
    auto training = h5.stringAttribute("/", "training_config");
    if (!training)
      return emitError(fileLoc) << llvm::toString(training.takeError());
    auto parsed = parseJsonText(*training, fileLoc, "the attribute training_config");
    if (failed(parsed))
      return failure();
    file.root["training_config"] = std::move(*parsed);
  }
  if (!withWeights)
    return file;
  if (!h5.has("model_weights"))
    return emitError(fileLoc) << "this Keras .h5 has no group model_weights: expected the "
                                 "model's weights there";
  file.weights.emplace(std::move(h5));
  file.weightsRoot = "model_weights";
  return file;
}

FailureOr<ModelFile> readModelFile(const std::string &path, const std::string &topologyPath,
                                   bool withWeights, Location fileLoc) {
  Format format = formatOf(path);
  if (!topologyPath.empty() && format != Format::Hdf5)
    return emitError(fileLoc) << "--topology goes with a weights file saved by Keras' "
                                 "save_weights (HDF5), and this file is not HDF5";
  if (format == Format::Zip)
    return readArchive(path, withWeights, fileLoc);
  if (format == Format::Json) {
    auto root = readJsonFile(path, fileLoc);
    if (failed(root))
      return failure();
    ModelFile file;
    file.root = std::move(*root);
    return file;
  }
  auto h5 = Hdf5File::open(path);
  if (!h5)
    return emitError(fileLoc) << llvm::toString(h5.takeError());
  if (topologyPath.empty())
    return readWholeModelH5(std::move(*h5), withWeights, fileLoc);
  // Weights only: the topology comes from the JSON beside them.
  Location topologyLoc = FileLineColLoc::get(fileLoc.getContext(), topologyPath, 0, 0);
  auto root = readJsonFile(topologyPath, topologyLoc);
  if (failed(root))
    return failure();
  ModelFile file;
  file.root = std::move(*root);
  file.otherFiles.push_back(topologyPath);
  if (withWeights) {
    file.weights.emplace(std::move(*h5));
    file.weightsRoot = "/";
    file.weightsWhere = path; // messages are about the topology file
  }
  return file;
}

} // namespace cnnc
