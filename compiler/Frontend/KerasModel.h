// Reads a Keras `model.to_json()` file or a TF.js layers model.json into a ModelSpec.
#ifndef CNNC_FRONTEND_KERASMODEL_H
#define CNNC_FRONTEND_KERASMODEL_H

#include "Frontend/ModelSpec.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

namespace cnnc {

/// Builds the spec of the model in `root`, parsed from the file `path`.
/// Errors are reported at `fileLoc` with the JSON path or the layer name.
mlir::FailureOr<ModelSpec> readModelSpec(nlohmann::json root,
                                         const std::string &path,
                                         mlir::Location fileLoc);

} // namespace cnnc

#endif
