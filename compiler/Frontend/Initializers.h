// Keras' default initialisers, reproducible from a seed: Glorot-uniform kernels and zero biases.
#ifndef CNNC_FRONTEND_INITIALIZERS_H
#define CNNC_FRONTEND_INITIALIZERS_H

#include <cstdint>
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

private:
  uint64_t state;
};

/// `count` values uniform in [-limit, limit) with limit = sqrt(6 / (fanIn +
/// fanOut)). The stream is keyed by `seed` and the weight's `name`, so that
/// adding a layer does not change the others' weights.
std::vector<float> glorotUniform(size_t count, int64_t fanIn, int64_t fanOut,
                                 uint64_t seed, const std::string &name);

} // namespace cnnc

#endif
