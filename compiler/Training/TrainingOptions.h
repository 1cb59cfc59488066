// What a training build compiles: the loss, the optimizer and its hyperparameters (Keras' names and defaults).
#ifndef CNNC_TRAINING_TRAININGOPTIONS_H
#define CNNC_TRAINING_TRAININGOPTIONS_H

#include "cnn/IR/CNNDialect.h"
#include "cnnrt/model.h"

#include "mlir/IR/Diagnostics.h"
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace cnnc {

/// Choices as given (flags, or the file's training config); unset fields
/// take Keras' defaults when resolved.
struct TrainingChoices {
  std::optional<std::string> loss, optimizer;
  std::optional<double> learningRate, momentum;
  std::optional<bool> fromLogits, nesterov, amsgrad, centered;
  std::optional<double> beta1, beta2, epsilon, rho, initialAccumulator;
  /// Fills the fields that are unset here from `other` (flags win over the file).
  void fillFrom(const TrainingChoices &other);
  bool empty() const { return !loss && !optimizer; }
};

struct TrainingOptions {
  cnn::LossKind loss;
  bool fromLogits = false;
  cnnrt_optimizer optimizer;
  bool nesterov = false, amsgrad = false, centered = false;
  /// Indexed by cnnrt_hyperparameter: the defaults the instance starts with.
  float hyper[CNNRT_HYPER_COUNT] = {};
  /// Optimizer slots per trainable float, and the value they start at.
  int slots = 0;
  float slotInit = 0.0f;
};

/// Loss and optimizer in Keras' snake_case, camelCase (TF.js) or class
/// name spelling; fails with a message listing what is accepted.
mlir::FailureOr<TrainingOptions> resolveTrainingOptions(const TrainingChoices &choices,
                                                        mlir::Location loc);

/// The choices in a file's training config: Keras 3 `compile_config`,
/// Keras 2 `training_config`, TF.js `trainingConfig` (as `config`, with
/// `path` for messages). None when the file has none.
mlir::FailureOr<TrainingChoices> readTrainingConfig(const nlohmann::json &config,
                                                   const std::string &path,
                                                   mlir::Location loc);

} // namespace cnnc

#endif
