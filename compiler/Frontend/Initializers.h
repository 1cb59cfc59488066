// Keras' initialisers (GlorotUniform, HeNormal, VarianceScaling, Orthogonal, ...), reproducible from a seed.
#ifndef CNNC_FRONTEND_INITIALIZERS_H
#define CNNC_FRONTEND_INITIALIZERS_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// SplitMix64: a small generator whose output depends on nothing but its seed
/// (std:: distributions differ between standard libraries).
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state(seed) {}
  uint64_t next();
  /// Uniform in [lo, hi), from the top 24 bits of next().
  float uniform(float lo, float hi);
  /// Standard normal (Box-Muller, in double).
  double normal();

private:
  uint64_t state;
};

/// One Keras initialiser, by its formula. The Glorot, He and Lecun families
/// are VarianceScaling with Keras' scale, mode and distribution.
struct Initializer {
  enum class Kind {
    Zeros, Ones, Constant, RandomNormal, RandomUniform, TruncatedNormal,
    VarianceScaling, Orthogonal
  };
  Kind kind = Kind::Zeros;
  std::string name; // as Keras spells the class, for the IR
  double value = 0, mean = 0, stddev = 0.05, minval = -0.05, maxval = 0.05;
  double scale = 1, gain = 1;
  enum class Mode { FanIn, FanOut, FanAvg } mode = Mode::FanIn;
  enum class Distribution { TruncatedNormal, UntruncatedNormal, Uniform } distribution =
      Distribution::TruncatedNormal;
  std::optional<uint64_t> seed; // the config's, else cnnc's --seed
};

/// The initialiser Keras names `className` (GlorotUniform, glorot_uniform,
/// he_normal, ...) with Keras' defaults, or none if unknown.
std::optional<Initializer> initializerByName(const std::string &className);

/// Keras' fans of a weight shape: [in, out] for rank 2; for a convolution
/// kernel [..., in, out], both times the receptive field.
std::pair<double, double> computeFans(const std::vector<int64_t> &shape);

/// The values of a weight of `shape` drawn from `init`. The stream is keyed
/// by the seed and the weight's `name`, so that adding a layer does not
/// change the others' weights.
std::vector<float> initialize(const Initializer &init,
                              const std::vector<int64_t> &shape, uint64_t seed,
                              const std::string &name);

/// GlorotUniform of `count` values (Keras' default kernel initialiser).
std::vector<float> glorotUniform(size_t count, int64_t fanIn, int64_t fanOut,
                                 uint64_t seed, const std::string &name);

} // namespace cnnc

#endif
