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
