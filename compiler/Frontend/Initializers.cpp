// Keras' initialisers by their formulas, reproducible from a seed and the weight's name.
#include "Frontend/Initializers.h"

#include "llvm/ADT/StringSwitch.h"

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

double SplitMix64::normal() {
  double u1 = (static_cast<double>(next() >> 11) + 1.0) * (1.0 / 9007199254740993.0);
  double u2 = static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

/// FNV-1a, to key a generator by a weight's name.
static uint64_t hashName(const std::string &name) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : name)
    h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

static Initializer varianceScaling(const char *name, double scale,
                                   Initializer::Mode mode,
                                   Initializer::Distribution distribution) {
  Initializer init;
  init.kind = Initializer::Kind::VarianceScaling;
  init.name = name;
  init.scale = scale;
  init.mode = mode;
  init.distribution = distribution;
  return init;
}

static Initializer simple(Initializer::Kind kind, const char *name) {
  Initializer init;
  init.kind = kind;
  init.name = name;
  return init;
}

std::optional<Initializer> initializerByName(const std::string &className) {
  using K = Initializer::Kind;
  using M = Initializer::Mode;
  using D = Initializer::Distribution;
  // Class names and Keras' snake_case aliases: one spelling without case or '_'.
  std::string key;
  for (char c : className)
    if (c != '_')
      key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return llvm::StringSwitch<std::optional<Initializer>>(key)
      .Case("zeros", simple(K::Zeros, "Zeros"))
      .Case("ones", simple(K::Ones, "Ones"))
      .Case("constant", simple(K::Constant, "Constant"))
      .Case("randomnormal", simple(K::RandomNormal, "RandomNormal"))
      .Case("randomuniform", simple(K::RandomUniform, "RandomUniform"))
      .Case("truncatednormal", simple(K::TruncatedNormal, "TruncatedNormal"))
      .Case("orthogonal", simple(K::Orthogonal, "Orthogonal"))
      .Case("variancescaling",
            varianceScaling("VarianceScaling", 1, M::FanIn, D::TruncatedNormal))
      .Case("glorotuniform", varianceScaling("GlorotUniform", 1, M::FanAvg, D::Uniform))
      .Case("glorotnormal",
            varianceScaling("GlorotNormal", 1, M::FanAvg, D::TruncatedNormal))
      .Case("heuniform", varianceScaling("HeUniform", 2, M::FanIn, D::Uniform))
      .Case("henormal", varianceScaling("HeNormal", 2, M::FanIn, D::TruncatedNormal))
      .Case("lecununiform", varianceScaling("LecunUniform", 1, M::FanIn, D::Uniform))
      .Case("lecunnormal",
            varianceScaling("LecunNormal", 1, M::FanIn, D::TruncatedNormal))
      .Default(std::nullopt);
}

std::pair<double, double> computeFans(const std::vector<int64_t> &shape) {
  if (shape.empty())
    return {1, 1};
  if (shape.size() == 1)
    return {double(shape[0]), double(shape[0])};
  double receptive = 1;
  for (size_t i = 0; i + 2 < shape.size(); ++i)
    receptive *= shape[i];
  return {shape[shape.size() - 2] * receptive, shape.back() * receptive};
}

/// A normal value cut at two standard deviations (drawn again beyond).
static double truncatedNormal(SplitMix64 &rng) {
  for (;;) {
    double x = rng.normal();
    if (std::fabs(x) <= 2.0)
      return x;
  }
}

/// Keras' Orthogonal: the Q of a normal matrix's QR (signs fixed so that R
/// has a positive diagonal), over the flattened [prod(shape[:-1]), shape[-1]].
static std::vector<float> orthogonal(const Initializer &init,
                                     const std::vector<int64_t> &shape,
                                     SplitMix64 &rng) {
  int64_t cols = shape.empty() ? 1 : shape.back();
  int64_t rows = 1;
  for (size_t i = 0; i + 1 < shape.size(); ++i)
    rows *= shape[i];
  int64_t n = std::max(rows, cols), k = std::min(rows, cols);
  // Modified Gram-Schmidt on the k columns of an n x k normal matrix.
  std::vector<double> q(n * k);
  for (double &v : q)
    v = rng.normal();
  for (int64_t j = 0; j < k; ++j) {
    for (int64_t p = 0; p < j; ++p) {
      double dot = 0;
      for (int64_t i = 0; i < n; ++i)
        dot += q[i * k + p] * q[i * k + j];
      for (int64_t i = 0; i < n; ++i)
        q[i * k + j] -= dot * q[i * k + p];
    }
    double norm = 0;
    for (int64_t i = 0; i < n; ++i)
      norm += q[i * k + j] * q[i * k + j];
    norm = std::sqrt(norm);
    for (int64_t i = 0; i < n; ++i)
      q[i * k + j] /= norm;
  }
  std::vector<float> values(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      values[r * cols + c] =
          init.gain * (rows >= cols ? q[r * k + c] : q[c * k + r]); // Q or Q^T
  return values;
}

/// `count` values of `init` for a weight of `shape` with the given fans.
static std::vector<float> draw(const Initializer &init, size_t count,
                               std::pair<double, double> fans,
                               const std::vector<int64_t> &shape, SplitMix64 &rng) {
  std::vector<float> values(count);
  using K = Initializer::Kind;
  switch (init.kind) {
  case K::Zeros:
  case K::Ones:
  case K::Constant:
    std::fill(values.begin(), values.end(),
              init.kind == K::Ones ? 1.0f : init.kind == K::Zeros ? 0.0f : init.value);
    return values;
  case K::RandomNormal:
    for (float &v : values)
      v = init.mean + init.stddev * rng.normal();
    return values;
  case K::RandomUniform:
    for (float &v : values)
      v = rng.uniform(init.minval, init.maxval);
    return values;
  case K::TruncatedNormal:
    for (float &v : values)
      v = init.mean + init.stddev * truncatedNormal(rng);
    return values;
  case K::Orthogonal:
    return orthogonal(init, shape, rng);
  case K::VarianceScaling:
    break;
  }
  auto [fanIn, fanOut] = fans;
  double n = init.mode == Initializer::Mode::FanIn    ? fanIn
             : init.mode == Initializer::Mode::FanOut ? fanOut
                                                      : (fanIn + fanOut) / 2;
  double variance = init.scale / std::max(1.0, n);
  switch (init.distribution) {
  case Initializer::Distribution::Uniform: {
    float limit = std::sqrt(3.0 * variance);
    for (float &v : values)
      v = rng.uniform(-limit, limit);
    break;
  }
  case Initializer::Distribution::TruncatedNormal: {
    // The standard deviation of a unit normal cut at 2 sigma, as Keras divides by.
    double stddev = std::sqrt(variance) / 0.87962566103423978;
    for (float &v : values)
      v = stddev * truncatedNormal(rng);
    break;
  }
  case Initializer::Distribution::UntruncatedNormal:
    for (float &v : values)
      v = std::sqrt(variance) * rng.normal();
    break;
  }
  return values;
}

std::vector<float> initialize(const Initializer &init,
                              const std::vector<int64_t> &shape, uint64_t seed,
                              const std::string &name) {
  size_t count = 1;
  for (int64_t d : shape)
    count *= d;
  SplitMix64 rng(init.seed.value_or(seed) ^ hashName(name));
  return draw(init, count, computeFans(shape), shape, rng);
}

std::vector<float> glorotUniform(size_t count, int64_t fanIn, int64_t fanOut,
                                 uint64_t seed, const std::string &name) {
  SplitMix64 rng(seed ^ hashName(name));
  return draw(*initializerByName("GlorotUniform"), count,
              {double(fanIn), double(fanOut)}, {int64_t(count)}, rng);
}

} // namespace cnnc
