// Weights read from a TF.js weightsManifest and its binary shards, looked up by layer and weight name.
#ifndef CNNC_FRONTEND_WEIGHTS_H
#define CNNC_FRONTEND_WEIGHTS_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/ArrayRef.h"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cnnc {

struct WeightTensor {
  std::string name;  // as the manifest spells it
  std::string where; // its manifest entry, "$.weightsManifest[0].weights[2]"
  std::vector<int64_t> shape;
  int64_t count = 0; // elements
  std::unique_ptr<float[]> data;
  size_t order = 0; // its position in the manifest, across groups

  llvm::ArrayRef<float> values() const {
    return {data.get(), static_cast<size_t>(count)};
  }
};

class WeightStore {
public:
  using Entries = std::map<std::string, WeightTensor>; // by name

  /// Reads every group of a TF.js `weightsManifest`: a group's shards (paths
  /// relative to `dir`, and inside it) are read as one stream, split into its
  /// weights in the order listed; together they must hold exactly those
  /// weights' bytes. Only finite float32 values are accepted, each name once.
  static mlir::FailureOr<WeightStore> readManifest(const nlohmann::json &manifest,
                                                   const std::string &dir,
                                                   mlir::Location fileLoc);

  /// The weights read from elsewhere (a Keras HDF5 file), in the file's
  /// order; `source` names where in messages ("model.weights.h5"). Names
  /// must differ.
  static WeightStore fromTensors(std::vector<WeightTensor> tensors, std::string source);

  /// The weight of `layer` named `kind` ("kernel"): the one named
  /// `<layer>/<kind>`, else the only one whose name ends in `/<layer>/<kind>`
  /// (a nested model's prefix); null when there is none, or several.
  const WeightTensor *find(const std::string &layer,
                           const std::string &kind) const;

  /// As `find`, for a layer that needs the weight with `shape`: reports at
  /// `loc` when it is missing, ambiguous or of another shape.
  mlir::FailureOr<const WeightTensor *> lookup(const std::string &layer,
                                               const std::string &kind,
                                               const std::vector<int64_t> &shape,
                                               mlir::Location loc) const;

  /// The model file has a manifest (possibly listing no weights): its
  /// weights are loaded, never initialised.
  bool loaded() const { return fromFile; }
  bool empty() const { return byName.empty(); }

private:
  std::vector<const WeightTensor *> matches(const std::string &layer,
                                            const std::string &kind) const;

  Entries byName;
  bool fromFile = false;
  std::string source = "the weightsManifest";
};

/// The most elements one weight may have (4 GiB of float32): the layers
/// refuse larger weights too, so reading one would only waste memory.
constexpr int64_t maxWeightElements = int64_t(1) << 30;

/// Refuses a weight holding NaN or Inf (it would poison every prediction it
/// reaches), naming its first such element.
mlir::LogicalResult checkFiniteWeight(const WeightTensor &tensor, mlir::Location fileLoc);

/// "[3, 3, 1, 32]"
std::string shapeToString(const std::vector<int64_t> &shape);

} // namespace cnnc

#endif
