// Keras' default initialisers, reproducible from a seed: Glorot-uniform kernels and zero biases.
#include "Frontend/Initializers.h"

#include <cmath>

namespace cnnc {

uint64_t SplitMix64::next() {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

float SplitMix64::uniform(float lo, float hi) {
  float unit = static_cast<float>(next() >> 40) * (1.0f / 16777216.0f);
  return lo + (hi - lo) * unit;
}

/// FNV-1a, to key a generator by a weight's name.
static uint64_t hashName(const std::string &name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name)
    h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

std::vector<float> glorotUniform(size_t count, int64_t fanIn, int64_t fanOut,
                                 uint64_t seed, const std::string &name) {
  float limit = std::sqrt(6.0f / static_cast<float>(fanIn + fanOut));
  SplitMix64 rng(seed ^ hashName(name));
  std::vector<float> values(count);
  for (float &v : values)
    v = rng.uniform(-limit, limit);
  return values;
}

} // namespace cnnc
