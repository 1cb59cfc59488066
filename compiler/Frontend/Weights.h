// Weights read from a TF.js weightsManifest and its binary shards, looked up by layer and weight name.
#ifndef CNNC_FRONTEND_WEIGHTS_H
#define CNNC_FRONTEND_WEIGHTS_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace cnnc {

struct WeightTensor {
  std::vector<int64_t> shape;
  std::vector<float> values;
  size_t order = 0; // its position in the manifest, across groups
};

class WeightStore {
public:
  /// Reads every group of a TF.js `weightsManifest`: a group's shards (paths
  /// relative to `dir`) are concatenated, then split into its weights in the
  /// order listed. Only float32 weights are supported.
  static mlir::FailureOr<WeightStore> readManifest(const nlohmann::json &manifest,
                                                   const std::string &dir,
                                                   mlir::Location fileLoc);

  /// The weight named `<layer>/<kind>` (or `.../<layer>/<kind>`), or null.
  const WeightTensor *find(const std::string &layer,
                           const std::string &kind) const;

  bool empty() const { return byName.empty(); }

private:
  std::map<std::string, WeightTensor> byName;
};

/// "[3, 3, 1, 32]"
std::string shapeToString(const std::vector<int64_t> &shape);

} // namespace cnnc

#endif
