// Small formatting rules users see: thousands separators in the summary, C identifiers of model names.
#include "Codegen/ModelInterface.h"
#include "Frontend/Summary.h"

#include <gtest/gtest.h>

TEST(Summary, ThousandsSeparators) {
  EXPECT_EQ(cnnc::withThousands(0), "0");
  EXPECT_EQ(cnnc::withThousands(999), "999");
  EXPECT_EQ(cnnc::withThousands(1000), "1,000");
  EXPECT_EQ(cnnc::withThousands(113386), "113,386");
  EXPECT_EQ(cnnc::withThousands(1234567), "1,234,567");
}

TEST(ModelInterface, CIdentifiers) {
  EXPECT_EQ(cnnc::toCIdentifier("mnist"), "mnist");
  EXPECT_EQ(cnnc::toCIdentifier("mnist-v2.final"), "mnist_v2_final");
  EXPECT_EQ(cnnc::toCIdentifier("2nets"), "m_2nets");
  EXPECT_EQ(cnnc::toCIdentifier(""), "m_");
}

TEST(ModelInterface, SampleSize) {
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 28, 28, 1}), 784);
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 10}), 10);
}
