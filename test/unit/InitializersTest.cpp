// Glorot-uniform: the limit Keras uses, reproducible per seed and name.
#include "Frontend/Initializers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

TEST(Initializers, GlorotUniformStaysWithinKerasLimit) {
  // Conv2D(32, 3x3) on 1 channel: fan_in = 9, fan_out = 288.
  std::vector<float> w = cnnc::glorotUniform(10000, 9, 288, 1, "conv2d/kernel");
  float limit = std::sqrt(6.0f / (9 + 288));
  auto [lo, hi] = std::minmax_element(w.begin(), w.end());
  EXPECT_GE(*lo, -limit);
  EXPECT_LT(*hi, limit);
  // Spread over the whole range, with a mean near zero.
  EXPECT_LT(*lo, -0.95f * limit);
  EXPECT_GT(*hi, 0.95f * limit);
  double mean = 0;
  for (float v : w)
    mean += v;
  EXPECT_NEAR(mean / w.size(), 0.0, 0.02 * limit);
}

TEST(Initializers, SameSeedAndNameSameValues) {
  auto a = cnnc::glorotUniform(100, 10, 10, 7, "dense/kernel");
  auto b = cnnc::glorotUniform(100, 10, 10, 7, "dense/kernel");
  auto c = cnnc::glorotUniform(100, 10, 10, 8, "dense/kernel");
  auto d = cnnc::glorotUniform(100, 10, 10, 7, "dense_1/kernel");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, d);
}

static double meanOf(const std::vector<float> &v) {
  double s = 0;
  for (float x : v)
    s += x;
  return s / v.size();
}

static double stddevOf(const std::vector<float> &v) {
  double m = meanOf(v), s = 0;
  for (float x : v)
    s += (x - m) * (x - m);
  return std::sqrt(s / v.size());
}

TEST(Initializers, FansAreKeras) {
  EXPECT_EQ(cnnc::computeFans({3, 3, 8, 16}), std::make_pair(72.0, 144.0));
  EXPECT_EQ(cnnc::computeFans({800, 128}), std::make_pair(800.0, 128.0));
  EXPECT_EQ(cnnc::computeFans({32}), std::make_pair(32.0, 32.0));
}

TEST(Initializers, VarianceScalingFamiliesHaveKerasVariance) {
  // A [3, 3, 16, 32] kernel: fan_in 144, fan_out 288.
  std::vector<int64_t> shape = {3, 3, 16, 32};
  struct Case { const char *name; double variance; } cases[] = {
      {"he_normal", 2.0 / 144}, {"HeUniform", 2.0 / 144},
      {"lecun_normal", 1.0 / 144}, {"LecunUniform", 1.0 / 144},
      {"glorot_normal", 2.0 / (144 + 288)}, {"GlorotUniform", 2.0 / (144 + 288)}};
  for (const Case &c : cases) {
    auto init = cnnc::initializerByName(c.name);
    ASSERT_TRUE(init) << c.name;
    auto w = cnnc::initialize(*init, shape, 3, "conv/kernel");
    EXPECT_NEAR(meanOf(w), 0.0, 0.05 * std::sqrt(c.variance)) << c.name;
    EXPECT_NEAR(stddevOf(w), std::sqrt(c.variance), 0.05 * std::sqrt(c.variance)) << c.name;
  }
}

TEST(Initializers, TruncatedNormalStaysWithinTwoStddev) {
  auto init = *cnnc::initializerByName("TruncatedNormal");
  init.stddev = 0.5;
  auto w = cnnc::initialize(init, {5000}, 1, "w");
  auto [lo, hi] = std::minmax_element(w.begin(), w.end());
  EXPECT_GE(*lo, -1.0f);
  EXPECT_LE(*hi, 1.0f);
}

TEST(Initializers, OrthogonalGivesOrthonormalColumnsOrRows) {
  auto init = *cnnc::initializerByName("orthogonal");
  for (auto shape : {std::vector<int64_t>{12, 5}, std::vector<int64_t>{5, 12},
                     std::vector<int64_t>{2, 2, 3, 4}}) {
    auto w = cnnc::initialize(init, shape, 9, "w");
    int64_t cols = shape.back(), rows = w.size() / cols;
    bool tall = rows >= cols;
    int64_t n = tall ? cols : rows, len = tall ? rows : cols;
    for (int64_t a = 0; a < n; ++a)
      for (int64_t b = 0; b < n; ++b) {
        double dot = 0;
        for (int64_t i = 0; i < len; ++i)
          dot += tall ? double(w[i * cols + a]) * w[i * cols + b]
                      : double(w[a * cols + i]) * w[b * cols + i];
        EXPECT_NEAR(dot, a == b ? 1.0 : 0.0, 1e-5);
      }
  }
}

TEST(Initializers, UnknownNameIsNone) {
  EXPECT_FALSE(cnnc::initializerByName("identity_ish"));
}
