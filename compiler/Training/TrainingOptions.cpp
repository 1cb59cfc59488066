// Resolves the loss and optimizer names and Keras' default hyperparameters; reads a file's training config.
#include "Training/TrainingOptions.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <cfloat>
#include <cmath>

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

/// A hyperparameter and the values it may take.
struct HyperRange {
  const char *name;
  double value;
  double min, max;
  bool minIncluded, maxIncluded;
  const char *expected;

  bool contains(double v) const {
    return (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
  }
};

/// The shortest text that reads back as `value` ("0.99999999999", "1e+300").
static std::string shortest(double value) {
  if (std::isnan(value))
    return "nan";
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  return nlohmann::json(value).dump();
}

/// A value for messages, cut after 60 characters (the parser bounds its depth).
static std::string brief(const nlohmann::json &value) {
  std::string text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

/// Checks the value as given (flag or file, in double), then as the float32
/// the compiled model keeps: 1e-50 must not become an epsilon of 0, nor
/// 0.99999999999 a beta of 1.
static LogicalResult checkHyperparameter(const HyperRange &h, Location loc) {
  if (!std::isfinite(h.value) || !h.contains(h.value))
    return emitError(loc) << h.name << ": expected " << h.expected << ", got "
                          << shortest(h.value);
  double narrowed = static_cast<float>(h.value);
  if (!h.contains(narrowed))
    return emitError(loc) << h.name << ": expected " << h.expected << ", got "
                          << shortest(h.value) << ", which float32 rounds to "
                          << shortest(narrowed);
  return success();
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
  double beta1 = choices.beta1.value_or(0.9), beta2 = choices.beta2.value_or(0.999);
  double epsilon = choices.epsilon.value_or(1e-7), rho = choices.rho.value_or(0.9);
  double accumulator = choices.initialAccumulator.value_or(0.1);
  const HyperRange ranges[] = {
      {"learning_rate", rate, 0.0, FLT_MAX, false, true, "a number > 0"},
      {"momentum", momentum, 0.0, 1.0, true, false, "a number in [0, 1)"},
      {"beta_1", beta1, 0.0, 1.0, true, false, "a number in [0, 1)"},
      {"beta_2", beta2, 0.0, 1.0, true, false, "a number in [0, 1)"},
      {"epsilon", epsilon, 0.0, 1.0, false, false, "a number in (0, 1)"},
      {"rho", rho, 0.0, 1.0, true, false, "a number in [0, 1)"},
      {"initial_accumulator_value", accumulator, 0.0, 1e30, true, false,
       "a number in [0, 1e30)"}};
  for (const HyperRange &range : ranges)
    if (failed(checkHyperparameter(range, loc)))
      return failure();
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
                        << "{class_name, config}, got " << brief(loss);
}

/// The first of `keys` that the optimizer config has (null counts as absent);
/// anything but a number there is an error (a learning-rate schedule, say).
static LogicalResult numberAt(const nlohmann::json &config,
                              std::initializer_list<const char *> keys,
                              std::optional<double> &out, const std::string &path,
                              Location loc) {
  for (const char *key : keys) {
    auto it = config.find(key);
    if (it == config.end() || it->is_null())
      continue;
    if (!it->is_number())
      return emitError(loc) << path << ".optimizer.config." << key
                            << ": expected a number, got " << brief(*it);
    out = it->get<double>();
    return success();
  }
  return success();
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
    return emitError(loc) << path << ": expected an object, got " << brief(config);
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
                          << "{class_name, config}, got " << brief(*optimizer);
  choices.optimizer = (*optimizer)["class_name"].get<std::string>();
  auto optimizerConfig = optimizer->find("config");
  if (optimizerConfig == optimizer->end() || !optimizerConfig->is_object())
    return choices;
  const nlohmann::json &c = *optimizerConfig;
  if (failed(numberAt(c, {"learning_rate", "learningRate", "lr"}, choices.learningRate,
                      path, loc)) ||
      failed(numberAt(c, {"momentum"}, choices.momentum, path, loc)) ||
      failed(numberAt(c, {"beta_1", "beta1"}, choices.beta1, path, loc)) ||
      failed(numberAt(c, {"beta_2", "beta2"}, choices.beta2, path, loc)) ||
      failed(numberAt(c, {"epsilon"}, choices.epsilon, path, loc)) ||
      failed(numberAt(c, {"rho", "decay"}, choices.rho, path, loc)) ||
      failed(numberAt(c, {"initial_accumulator_value", "initialAccumulatorValue"},
                      choices.initialAccumulator, path, loc)))
    return failure();
  choices.nesterov = boolAt(c, "nesterov");
  choices.amsgrad = boolAt(c, "amsgrad");
  choices.centered = boolAt(c, "centered");
  return choices;
}

} // namespace cnnc
