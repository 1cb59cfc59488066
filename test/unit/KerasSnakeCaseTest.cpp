// Keras 3 names a layer's weights group by its class in snake case; cnnc's copy of Keras' rule gives what
// Python's keras.src.utils.naming.to_snake_case gives (the expected values below are its outputs).
#include "Frontend/KerasH5Weights.h"

#include <gtest/gtest.h>

TEST(KerasSnakeCase, MatchesKeras) {
  EXPECT_EQ(cnnc::kerasSnakeCase("Conv2D"), "conv2d");
  EXPECT_EQ(cnnc::kerasSnakeCase("Dense"), "dense");
  EXPECT_EQ(cnnc::kerasSnakeCase("BatchNormalization"), "batch_normalization");
  EXPECT_EQ(cnnc::kerasSnakeCase("MaxPooling2D"), "max_pooling2d");
  EXPECT_EQ(cnnc::kerasSnakeCase("GlobalAveragePooling2D"), "global_average_pooling2d");
  EXPECT_EQ(cnnc::kerasSnakeCase("ReLU"), "re_lu");
  EXPECT_EQ(cnnc::kerasSnakeCase("PReLU"), "p_re_lu");
  EXPECT_EQ(cnnc::kerasSnakeCase("ABCDef"), "abc_def");
  EXPECT_EQ(cnnc::kerasSnakeCase("aBcDe"), "a_bc_de");
}
