// What the generated object and header expose for one model: the one description of its C interface.
#ifndef CNNC_CODEGEN_MODELINTERFACE_H
#define CNNC_CODEGEN_MODELINTERFACE_H

#include "Training/TrainingOptions.h"

#include "mlir/IR/BuiltinOps.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// One weight in the instance's flat parameter buffer.
struct WeightEntry {
  std::string name; // Keras' "<layer>/<kind>"
  std::vector<int64_t> shape;
  int64_t offset = 0; // in floats
  bool trainable = false;
};

/// The MLIR functions an object is built from (their C interfaces are
/// `_mlir_ciface_<name>`); the training ones are empty in inference builds.
struct CompiledFunctions {
  std::string forward, evaluate, gradients, applyGradients;
};

/// The bytes of a compiled function's heap buffers, each block's runtime
/// header and alignment counted: fixed, and per sample of the batch (-1:
/// unknown).
struct FunctionWorkspace {
  int64_t fixed = 0, perSample = -1;
};

struct ModelInterface {
  /// The C prefix of every exported symbol: NAME_create, NAME_predict, ...
  std::string name;
  CompiledFunctions functions;
  /// Shapes with the batch dimension first, as -1.
  std::vector<int64_t> inputShape;
  std::vector<int64_t> outputShape;
  /// In the model file's order; the buffer holds the trainable ones first.
  std::vector<WeightEntry> weights;
  /// The state a training step updates follows the trainable weights.
  int64_t paramCount = 0, trainableCount = 0, updatedCount = 0;
  /// Set for a training build.
  std::optional<TrainingOptions> training;
  /// The loss has a term summed over the batch rather than averaged (Keras
  /// 3's activity regularizers), so a batch cannot be split into chunks.
  bool lossSumsOverBatch = false;
  /// Each compiled function's heap buffers (its planned workspace and what
  /// stays outside it), and the budget of predict's groups of samples (0: none).
  FunctionWorkspace forwardWorkspace, evaluateWorkspace, gradientsWorkspace,
      applyWorkspace;
  int64_t predictGroupBytes = 0;
  /// The threads of a new instance (0: the CPUs the process may run on).
  uint32_t defaultThreads = 0;
  /// The SHA-256 of the files the model was compiled from (Provenance.h).
  std::string modelSha256;
  /// With --weights=external, the name of the weights file written beside
  /// the object (the object then holds none); empty when they are embedded.
  std::string weightsFile;
  /// The x86 extensions the code may use, comma-separated (CpuFeatures.h);
  /// create refuses a CPU that lacks one. Empty on other targets.
  std::string cpuFeatures;

  /// Elements per sample of `shape` (batch first), or nothing when a
  /// dimension is not positive or the count exceeds cnn::kMaxElements (the
  /// frontend refuses such inputs and outputs, so a header never sees one).
  static std::optional<int64_t> sampleSize(const std::vector<int64_t> &shape);
};

/// One exported C function: `<return> NAME_<suffix>(<params>)`, defined as a
/// call of the runtime's `runtimeFunction` (with the model's descriptor
/// first when `passesInfo`). In C types, `$m` stands for NAME_model.
struct ExportedFunction {
  std::string suffix;
  std::string returnType;
  std::vector<std::pair<std::string, std::string>> params; // (C type, name)
  std::string runtimeFunction;
  bool passesInfo = false;
  std::string comment;
  bool training = false;
  /// An int result that is a count, not a status (0: success).
  bool returnsCount = false;
};

/// The exported functions of `model`, in header order: the header and the
/// entry points are both written from this list.
std::vector<ExportedFunction> exportedFunctions(const ModelInterface &model);

/// Reads the state layout cnn-pack-state left on `module` into `model`,
/// and removes it from the module.
mlir::LogicalResult readStateLayout(mlir::ModuleOp module, ModelInterface &model);

/// Reads the forward function's buffers that cnnc-measure-workspace left on
/// `module` into `model`, and removes them from the module.
mlir::LogicalResult readWorkspace(mlir::ModuleOp module, ModelInterface &model);

} // namespace cnnc

#endif
