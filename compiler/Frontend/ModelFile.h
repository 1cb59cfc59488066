// What a model file holds, whatever its format: Keras' JSON, a TF.js model.json, a Keras 3 .keras archive, a Keras 2 .h5 file, or a weights .h5 with its topology beside it.
#ifndef CNNC_FRONTEND_MODELFILE_H
#define CNNC_FRONTEND_MODELFILE_H

#include "Frontend/Hdf5File.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

struct ModelFile {
  /// The model description, as `model.to_json()` or TF.js write it (an .h5's
  /// training_config attribute is put under "training_config").
  nlohmann::json root;
  /// Set when the weights are in an HDF5 file (an .h5, or a .keras' member):
  /// the file, the group that holds them, and how messages name it.
  std::optional<Hdf5File> weights;
  std::string weightsRoot;
  std::string weightsWhere;
  /// Files read besides the model file (the --topology JSON), in the order
  /// its provenance hash takes them after it.
  std::vector<std::string> otherFiles;
};

/// Reads the model file at `path`, telling its format by its first bytes (a
/// zip: .keras; HDF5: .h5; otherwise JSON). `topologyPath` (cnnc
/// --topology) is the JSON of a weights-only .h5 (`save_weights`). Without
/// `withWeights` (a summary) the weights are not opened. Errors name the
/// file and what was expected.
mlir::FailureOr<ModelFile> readModelFile(const std::string &path, const std::string &topologyPath,
                                         bool withWeights, mlir::Location fileLoc);

} // namespace cnnc

#endif
