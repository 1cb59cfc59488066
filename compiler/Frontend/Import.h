// The frontend's entry point: a model file in, a module of cnn ops and a per-layer summary out.
#ifndef CNNC_FRONTEND_IMPORT_H
#define CNNC_FRONTEND_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cnnc {

/// One row of `model.summary()`.
struct LayerSummary {
  std::string name;
  std::string className;
  mlir::RankedTensorType outputType;
  int64_t trainableParams = 0;
  int64_t nonTrainableParams = 0;
  std::vector<std::string> inbound; // the layers it takes its inputs from
  size_t position = 0;               // in the file's list of layers
};

struct ImportedModel {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::string modelName;
  std::string inputName;
  bool functional = false; // its summary shows the input and the connections
  std::vector<LayerSummary> layers;
  mlir::RankedTensorType inputType;  // with a dynamic batch
  mlir::RankedTensorType outputType; // with a dynamic batch
  /// The file's training config (Keras 3 `compile_config`, Keras 2
  /// `training_config`, TF.js `trainingConfig`), or null; and its JSON path.
  nlohmann::json trainingConfig;
  std::string trainingConfigPath;
  /// Layer outputs with an activity regularizer, which a training build adds
  /// to the loss (inference ignores it, as Keras does); Keras 2 divides the
  /// penalty by the batch, Keras 3 does not.
  struct ActivityRegularizer {
    std::string layer;
    mlir::Value output; // in the forward function as imported
    double l1 = 0.0, l2 = 0.0;
  };
  std::vector<ActivityRegularizer> activityRegularizers;
  bool keras3 = false; // the file's keras_version is 3 or later
  /// The other files read (the weight shards a TF.js manifest names, as they
  /// are opened, or the --topology JSON), in the order the provenance hash
  /// takes them after the model file: cnnc writes no output over them (nor
  /// over the model file).
  std::vector<std::string> weightFiles;
};

struct ImportOptions {
  /// The name of the generated function (`<name>_forward`).
  std::string funcName = "forward";
  /// Seeds Keras' default initialisers for weights the file does not carry.
  uint64_t seed = 1;
  /// Leaves the weight shards unread (a summary needs only the shapes), so
  /// that a model.json whose shards are absent still gets its summary.
  bool skipWeightFiles = false;
  /// With a weights-only .h5 (Keras' save_weights) as the model file: the
  /// JSON of its model (cnnc --topology).
  std::string topologyPath;
};

/// Reads the Keras or TF.js model at `path` (JSON with its TF.js weight
/// shards, if any; a Keras 3 .keras archive; a Keras 2 .h5; or a weights .h5
/// with options.topologyPath) and builds its forward function on cnn ops. Every error is reported through
/// `context`'s diagnostics with the file and the layer or JSON path.
mlir::FailureOr<ImportedModel> importModel(const std::string &path,
                                           mlir::MLIRContext &context,
                                           const ImportOptions &options);

/// Reads a module in the cnn dialect (as `cnnc --emit=mlir` prints it):
/// its one public function is the forward pass, renamed to
/// `options.funcName`. It has no Keras summary and no training config.
mlir::FailureOr<ImportedModel> importMlirModel(const std::string &path,
                                               mlir::MLIRContext &context,
                                               const ImportOptions &options);

} // namespace cnnc

#endif
