// The reader of a model's config into a ModelSpec, shared by the Sequential and Functional parts.
#ifndef CNNC_FRONTEND_SPECREADER_H
#define CNNC_FRONTEND_SPECREADER_H

#include "Frontend/ModelSpec.h"

#include "mlir/IR/Diagnostics.h"

namespace cnnc {

/// Reads one model's config; reports errors at the file's location, each
/// starting with the JSON path it is about.
class SpecReader {
public:
  explicit SpecReader(mlir::Location fileLoc) : fileLoc(fileLoc) {}

  /// Reads `model`, moving each layer's config out of it into the spec.
  mlir::LogicalResult readModel(nlohmann::json &model, const std::string &path,
                                ModelSpec &spec);

private:
  mlir::InFlightDiagnostic error(const std::string &path) {
    mlir::InFlightDiagnostic diag = mlir::emitError(fileLoc);
    diag << path << ": ";
    return diag;
  }

  // KerasModel.cpp
  mlir::LogicalResult readSequential(nlohmann::json &config,
                                     const std::string &path, ModelSpec &spec);
  mlir::FailureOr<LayerSpec> readLayer(const nlohmann::json &layer,
                                       const std::string &path,
                                       size_t position);
  mlir::LogicalResult readInputShape(const nlohmann::json &shape,
                                     const std::string &path, ModelSpec &spec);
  /// The input shape of an InputLayer, which must declare one.
  mlir::LogicalResult readInputLayer(const nlohmann::json &layer,
                                     const std::string &path, ModelSpec &spec);
  mlir::LogicalResult checkDType(const nlohmann::json &config,
                                 const std::string &path);

  // FunctionalModel.cpp
  mlir::LogicalResult readFunctional(nlohmann::json &config,
                                     const std::string &path, ModelSpec &spec);
  mlir::FailureOr<std::vector<std::string>>
  readInbound(const nlohmann::json &layer, const std::string &path);
  mlir::FailureOr<std::string> readEndpoint(const nlohmann::json &config,
                                            const char *key,
                                            const std::string &path);
  mlir::LogicalResult sortLayers(std::vector<LayerSpec> &layers,
                                 const std::string &inputName,
                                 const std::string &outputName,
                                 const std::string &path);

  mlir::Location fileLoc;
};

/// Moves the config of `layer` (read by readLayer) into `spec`, once nothing
/// else needs it.
void takeConfig(nlohmann::json &layer, LayerSpec &spec);

/// The input shape a layer's own config declares (batch_input_shape,
/// batch_shape, or Keras 3's build_config.input_shape), if any.
const nlohmann::json *declaredInputShape(const nlohmann::json &layer);

} // namespace cnnc

#endif
