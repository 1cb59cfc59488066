// Resolves the loss and optimizer names and Keras' default hyperparameters; reads a file's training config.
#include "Training/TrainingOptions.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;

namespace cnnc {

void TrainingChoices::fillFrom(const TrainingChoices &other) {
  auto fill = [](auto &mine, const auto &theirs) {
    if (!mine)
      mine = theirs;
  };
  fill(loss, other.loss);
  fill(optimizer, other.optimizer);
  fill(learningRate, other.learningRate);
  fill(momentum, other.momentum);
  fill(fromLogits, other.fromLogits);
  fill(nesterov, other.nesterov);
  fill(amsgrad, other.amsgrad);
  fill(centered, other.centered);
  fill(beta1, other.beta1);
  fill(beta2, other.beta2);
  fill(epsilon, other.epsilon);
  fill(rho, other.rho);
  fill(initialAccumulator, other.initialAccumulator);
}

/// "sparseCategoricalCrossentropy", "SparseCategoricalCrossentropy" and
/// "sparse_categorical_crossentropy" are one name.
static std::string normalizeName(llvm::StringRef name) {
  std::string out;
  for (char c : name) {
    if (c == '_' || c == '-')
      continue;
    out += llvm::toLower(c);
  }
  return out;
}

static std::optional<cnn::LossKind> lossByName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<cnn::LossKind>>(normalizeName(name))
      .Case("sparsecategoricalcrossentropy",
            cnn::LossKind::sparse_categorical_crossentropy)
      .Case("categoricalcrossentropy", cnn::LossKind::categorical_crossentropy)
      .Case("binarycrossentropy", cnn::LossKind::binary_crossentropy)
      .Cases("meansquarederror", "mse", cnn::LossKind::mean_squared_error)
      .Default(std::nullopt);
}

static std::optional<cnnrt_optimizer> optimizerByName(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<cnnrt_optimizer>>(normalizeName(name))
      .Case("sgd", CNNRT_OPTIMIZER_SGD)
      .Case("adam", CNNRT_OPTIMIZER_ADAM)
      .Case("rmsprop", CNNRT_OPTIMIZER_RMSPROP)
      .Case("adagrad", CNNRT_OPTIMIZER_ADAGRAD)
      .Default(std::nullopt);
}

FailureOr<TrainingOptions> resolveTrainingOptions(const TrainingChoices &choices,
                                                  Location loc) {
  if (!choices.loss)
    return emitError(loc) << "training needs a loss: --loss "
                             "sparse_categorical_crossentropy|categorical_crossentropy|"
                             "binary_crossentropy|mean_squared_error";
  if (!choices.optimizer)
    return emitError(loc) << "training needs an optimizer: --optimizer "
                             "sgd|adam|rmsprop|adagrad";
  auto loss = lossByName(*choices.loss);
  if (!loss)
    return emitError(loc) << "unknown loss '" << *choices.loss
                          << "'; cnnc trains with sparse_categorical_crossentropy, "
                             "categorical_crossentropy, binary_crossentropy, "
                             "mean_squared_error";
  auto optimizer = optimizerByName(*choices.optimizer);
  if (!optimizer)
    return emitError(loc) << "unknown optimizer '" << *choices.optimizer
                          << "'; cnnc trains with sgd, adam, rmsprop, adagrad";
  TrainingOptions options;
  options.loss = *loss;
  options.fromLogits = choices.fromLogits.value_or(false);
  if (options.fromLogits && *loss == cnn::LossKind::mean_squared_error)
    return emitError(loc) << "mean_squared_error takes no from_logits";
  options.optimizer = *optimizer;
  double defaultRate = *optimizer == CNNRT_OPTIMIZER_SGD ? 0.01 : 0.001;
  double rate = choices.learningRate.value_or(defaultRate);
  double momentum = choices.momentum.value_or(0.0);
  if (!(rate > 0.0) || !(momentum >= 0.0 && momentum < 1.0))
    return emitError(loc) << "expected a learning rate > 0 and a momentum in "
                             "[0, 1), got "
                          << rate << " and " << momentum;
  double beta1 = choices.beta1.value_or(0.9), beta2 = choices.beta2.value_or(0.999);
  double epsilon = choices.epsilon.value_or(1e-7), rho = choices.rho.value_or(0.9);
  double accumulator = choices.initialAccumulator.value_or(0.1);
  auto unit = [](double x) { return x >= 0.0 && x < 1.0; };
  if (!unit(beta1) || !unit(beta2) || !unit(rho))
    return emitError(loc) << "expected beta_1, beta_2 and rho in [0, 1), got " << beta1
                          << ", " << beta2 << " and " << rho;
  if (!(epsilon > 0.0 && epsilon < 1.0) || !(accumulator >= 0.0 && accumulator < 1e30))
    return emitError(loc) << "expected an epsilon in (0, 1) and an initial accumulator "
                             "value >= 0, got "
                          << epsilon << " and " << accumulator;
  float *h = options.hyper;
  h[CNNRT_HYPER_LEARNING_RATE] = rate;
  h[CNNRT_HYPER_MOMENTUM] = momentum;
  h[CNNRT_HYPER_BETA_1] = beta1;
  h[CNNRT_HYPER_BETA_2] = beta2;
  h[CNNRT_HYPER_EPSILON] = epsilon;
  h[CNNRT_HYPER_RHO] = rho;
  options.nesterov = choices.nesterov.value_or(false);
  options.amsgrad = choices.amsgrad.value_or(false);
  options.centered = choices.centered.value_or(false);
  switch (*optimizer) {
  case CNNRT_OPTIMIZER_SGD:
    options.slots = momentum > 0.0 ? 1 : 0;
    break;
  case CNNRT_OPTIMIZER_ADAM:
    options.slots = options.amsgrad ? 3 : 2;
    break;
  case CNNRT_OPTIMIZER_RMSPROP:
    options.slots = 1 + (momentum > 0.0) + options.centered;
    break;
  case CNNRT_OPTIMIZER_ADAGRAD:
    options.slots = 1;
    options.slotInit = accumulator;
    break;
  }
  return options;
}

/// A loss given as a name, or as {"class_name", "config": {"from_logits"}}.
static LogicalResult readLoss(const nlohmann::json &loss, TrainingChoices &choices,
                              const std::string &path, Location loc) {
  if (loss.is_string()) {
    choices.loss = loss.get<std::string>();
    return success();
  }
  if (loss.is_object() && loss.contains("class_name") &&
      loss["class_name"].is_string()) {
    choices.loss = loss["class_name"].get<std::string>();
    const auto &config = loss.value("config", nlohmann::json::object());
    if (config.is_object() && config.contains("from_logits") &&
        config["from_logits"].is_boolean())
      choices.fromLogits = config["from_logits"].get<bool>();
    return success();
  }
  return emitError(loc) << path << ".loss: expected a loss name or "
                        << "{class_name, config}, got " << loss.dump();
}

static std::optional<double> numberAt(const nlohmann::json &config,
                                      std::initializer_list<const char *> keys) {
  for (const char *key : keys)
    if (config.contains(key) && config[key].is_number())
      return config[key].get<double>();
  return std::nullopt;
}

static std::optional<bool> boolAt(const nlohmann::json &config, const char *key) {
  if (config.contains(key) && config[key].is_boolean())
    return config[key].get<bool>();
  return std::nullopt;
}

FailureOr<TrainingChoices> readTrainingConfig(const nlohmann::json &config,
                                              const std::string &path,
                                              Location loc) {
  TrainingChoices choices;
  if (config.is_null())
    return choices;
  if (!config.is_object())
    return emitError(loc) << path << ": expected an object, got " << config.dump();
  if (config.contains("loss") && !config["loss"].is_null() &&
      failed(readLoss(config["loss"], choices, path, loc)))
    return failure();
  // Keras 2 / TF.js: optimizer_config; Keras 3: optimizer.
  const nlohmann::json *optimizer = nullptr;
  for (const char *key : {"optimizer_config", "optimizer"})
    if (config.contains(key) && !config[key].is_null())
      optimizer = &config[key];
  if (!optimizer)
    return choices;
  if (optimizer->is_string()) {
    choices.optimizer = optimizer->get<std::string>();
    return choices;
  }
  if (!optimizer->is_object() || !optimizer->contains("class_name") ||
      !(*optimizer)["class_name"].is_string())
    return emitError(loc) << path << ".optimizer: expected a name or "
                          << "{class_name, config}, got " << optimizer->dump();
  choices.optimizer = (*optimizer)["class_name"].get<std::string>();
  const auto &c = optimizer->value("config", nlohmann::json::object());
  if (!c.is_object())
    return choices;
  choices.learningRate = numberAt(c, {"learning_rate", "learningRate", "lr"});
  choices.momentum = numberAt(c, {"momentum"});
  choices.beta1 = numberAt(c, {"beta_1", "beta1"});
  choices.beta2 = numberAt(c, {"beta_2", "beta2"});
  choices.epsilon = numberAt(c, {"epsilon"});
  choices.rho = numberAt(c, {"rho", "decay"});
  choices.initialAccumulator =
      numberAt(c, {"initial_accumulator_value", "initialAccumulatorValue"});
  choices.nesterov = boolAt(c, "nesterov");
  choices.amsgrad = boolAt(c, "amsgrad");
  choices.centered = boolAt(c, "centered");
  return choices;
}

} // namespace cnnc
