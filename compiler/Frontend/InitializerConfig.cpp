// Reads a Keras initialiser from a layer's config: a name, or {class_name, config} (Keras 2/3, TF.js).
#include "Frontend/Json.h"
#include "Frontend/LayerConfig.h"

using json = nlohmann::json;
using namespace mlir;

namespace cnnc {

/// The number at `key` of the initializer's `config`, into `field` when
/// present.
static LogicalResult readNumber(const LayerConfig &c, llvm::StringRef where,
                                const json &config, const char *key, double &field,
                                NumberRange range = NumberRange::any()) {
  auto value = c.numberIn(config, where, key, range);
  if (failed(value))
    return failure();
  if (*value)
    field = **value;
  return success();
}

/// A Keras seed: an integer (any of 64 bits), or null.
static LogicalResult readSeed(const LayerConfig &c, llvm::StringRef where,
                              const json &config, Initializer &init) {
  auto it = config.find("seed");
  if (it == config.end() || it->is_null())
    return success();
  if (it->is_number_unsigned())
    init.seed = it->get<uint64_t>();
  else if (it->is_number_integer())
    init.seed = static_cast<uint64_t>(it->get<int64_t>());
  else
    return c.error(where) << "config.seed: expected an integer or null, got "
                          << briefJson(*it);
  return success();
}

/// VarianceScaling's mode and distribution, as Keras spells them.
static LogicalResult readScaling(const LayerConfig &c, llvm::StringRef where,
                                 const json &config, Initializer &init) {
  auto text = [&](const char *key) -> std::optional<std::string> {
    auto it = config.find(key);
    if (it == config.end() || !it->is_string())
      return std::nullopt;
    return it->get<std::string>();
  };
  if (auto mode = text("mode")) {
    if (*mode == "fan_in")
      init.mode = Initializer::Mode::FanIn;
    else if (*mode == "fan_out")
      init.mode = Initializer::Mode::FanOut;
    else if (*mode == "fan_avg")
      init.mode = Initializer::Mode::FanAvg;
    else
      return c.error(where) << "config.mode: expected 'fan_in', 'fan_out' or "
                               "'fan_avg', got '" << *mode << "'";
  }
  if (auto distribution = text("distribution")) {
    // Keras 2 reads "normal" as the truncated normal.
    if (*distribution == "truncated_normal" || *distribution == "normal")
      init.distribution = Initializer::Distribution::TruncatedNormal;
    else if (*distribution == "untruncated_normal")
      init.distribution = Initializer::Distribution::UntruncatedNormal;
    else if (*distribution == "uniform")
      init.distribution = Initializer::Distribution::Uniform;
    else
      return c.error(where) << "config.distribution: expected 'truncated_normal', "
                               "'untruncated_normal' or 'uniform', got '"
                            << *distribution << "'";
  }
  return success();
}

FailureOr<Initializer> LayerConfig::initializer(llvm::StringRef key,
                                                const Initializer &fallback) const {
  if (!find(key))
    return fallback;
  auto given = classAndConfig(key, "an initializer");
  if (failed(given))
    return failure();
  auto [className, config] = *given;
  std::optional<Initializer> init = initializerByName(className);
  if (!init)
    return error(key) << "unknown initializer '" << className
                      << "'; cnnc knows Zeros, Ones, Constant, RandomNormal, "
                         "RandomUniform, TruncatedNormal, VarianceScaling, "
                         "GlorotUniform/Normal, HeUniform/Normal, "
                         "LecunUniform/Normal, Orthogonal";
  if (!config)
    return *init;
  if (failed(readNumber(*this, key, *config, "value", init->value)) ||
      failed(readNumber(*this, key, *config, "mean", init->mean)) ||
      failed(readNumber(*this, key, *config, "stddev", init->stddev,
                        NumberRange::atLeast(0, "a standard deviation >= 0"))) ||
      failed(readNumber(*this, key, *config, "minval", init->minval)) ||
      failed(readNumber(*this, key, *config, "maxval", init->maxval)) ||
      failed(readNumber(*this, key, *config, "gain", init->gain)) ||
      failed(readSeed(*this, key, *config, *init)) ||
      (init->kind == Initializer::Kind::VarianceScaling &&
       (failed(readNumber(*this, key, *config, "scale", init->scale,
                          NumberRange::above(0, "a scale > 0"))) ||
        failed(readScaling(*this, key, *config, *init)))))
    return failure();
  if (!(init->minval <= init->maxval))
    return error(key) << "expected minval <= maxval, got " << briefJson(init->minval)
                      << " and " << briefJson(init->maxval);
  return *init;
}

} // namespace cnnc
