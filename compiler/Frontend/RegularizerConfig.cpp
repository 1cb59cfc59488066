// Reads a Keras regularizer from a layer's config: a name, or {class_name, config} (Keras 2/3, TF.js).
#include "Frontend/Json.h"
#include "Frontend/LayerConfig.h"

using json = nlohmann::json;
using namespace mlir;

namespace cnnc {

/// The class (or its name) with Keras' defaults: L1 and L2 take 0.01, L1L2
/// takes 0 for both; the names "l1", "l2" and "l1_l2" are Keras' shortcuts
/// (l1_l2 with 0.01 each, as keras.regularizers.l1_l2() gives).
static std::optional<Regularizer> regularizerByName(const std::string &name) {
  if (name == "L1" || name == "l1")
    return Regularizer{0.01, 0.0};
  if (name == "L2" || name == "l2")
    return Regularizer{0.0, 0.01};
  if (name == "L1L2")
    return Regularizer{0.0, 0.0};
  if (name == "l1_l2")
    return Regularizer{0.01, 0.01};
  return std::nullopt;
}

/// Reads `key` of `config` into `factor` when present: a number >= 0.
static LogicalResult readFactor(const LayerConfig &c, StringRef where,
                                const json &config, const char *key, double &factor) {
  auto value = c.numberIn(config, where, key,
                          NumberRange::atLeast(0, "a finite number >= 0"));
  if (failed(value))
    return failure();
  if (*value)
    factor = **value;
  return success();
}

FailureOr<std::optional<Regularizer>> LayerConfig::regularizer(StringRef key) const {
  if (!find(key))
    return std::optional<Regularizer>();
  auto given = classAndConfig(key, "a regularizer");
  if (failed(given))
    return failure();
  auto [className, config] = *given;
  std::optional<Regularizer> regularizer = regularizerByName(className);
  if (!regularizer)
    return error(key) << "unknown regularizer '" << className
                      << "'; cnnc knows L1, L2, L1L2 (and l1, l2, l1_l2)";
  if (config && (failed(readFactor(*this, key, *config, "l1", regularizer->l1)) ||
                 failed(readFactor(*this, key, *config, "l2", regularizer->l2))))
    return failure();
  return regularizer;
}

FailureOr<std::optional<Regularizer>> LayerConfig::activityRegularizer() const {
  if (layer.className != "ActivityRegularization")
    return regularizer("activity_regularizer");
  // Keras: ActivityRegularization(l1=0.0, l2=0.0) is L1L2(l1, l2) on its output.
  Regularizer factors;
  for (auto [key, factor] : {std::pair{"l1", &factors.l1}, std::pair{"l2", &factors.l2}}) {
    auto value = number(key, 0.0, NumberRange::atLeast(0, "a finite number >= 0"));
    if (failed(value))
      return failure();
    *factor = *value;
  }
  return std::optional<Regularizer>(factors);
}

} // namespace cnnc
