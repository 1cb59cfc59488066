// Small formatting rules users see: thousands separators in the summary, model names and sample sizes.
#include "Codegen/ModelInterface.h"
#include "Codegen/ModelName.h"
#include "Frontend/Summary.h"

#include <gtest/gtest.h>

TEST(Summary, ThousandsSeparators) {
  EXPECT_EQ(cnnc::withThousands(0), "0");
  EXPECT_EQ(cnnc::withThousands(999), "999");
  EXPECT_EQ(cnnc::withThousands(1000), "1,000");
  EXPECT_EQ(cnnc::withThousands(113386), "113,386");
  EXPECT_EQ(cnnc::withThousands(1234567), "1,234,567");
}

TEST(ModelName, CIdentifiers) {
  EXPECT_EQ(cnnc::toCIdentifier("mnist"), "mnist");
  EXPECT_EQ(cnnc::toCIdentifier("mnist-v2.final"), "mnist_v2_final");
  EXPECT_EQ(cnnc::toCIdentifier("2nets"), "m_2nets");
  EXPECT_EQ(cnnc::toCIdentifier(""), "m_");
  EXPECT_EQ(cnnc::toCIdentifier("_hidden"), "m_hidden");
  // Each byte of a non-ASCII character is spelled out, so names stay distinct.
  EXPECT_EQ(cnnc::toCIdentifier("donn\xc3\xa9" "es"), "donn_xc3_xa9es");
  EXPECT_EQ(cnnc::toCIdentifier("\xd0\xb0"), "m_xd0_xb0");
  EXPECT_NE(cnnc::toCIdentifier("\xd0\xb0"), cnnc::toCIdentifier("\xd0\xb1"));
}

TEST(ModelName, RefusedNames) {
  for (const char *name : {"mnist", "m_2nets", "semantic", "timers", "Cnn_rt"})
    EXPECT_FALSE(cnnc::whyNotModelName(name)) << name;
  for (const char *name : {"", "a-b", "2nets", "_x", "__x", "_X", "int", "while",
                           "cnnrt", "cnnrt_model", "CNNRT_x", "pthread", "sem",
                           "timer", "pthread_mutex", "epoll", "gai", "aio",
                           "caf\xc3\xa9"})
    EXPECT_TRUE(cnnc::whyNotModelName(name)) << name;
}

TEST(ModelName, Resolved) {
  auto name = [](llvm::StringRef requested, llvm::StringRef path) {
    auto resolved = cnnc::resolveModelName(requested, path);
    return resolved ? *resolved : "error: " + llvm::toString(resolved.takeError());
  };
  EXPECT_EQ(name("", "out/mnist-v2.o"), "mnist_v2");
  EXPECT_EQ(name("digits", "out/mnist.o"), "digits");
  EXPECT_EQ(name("", "caf\xc3\xa9.o"), "caf_xc3_xa9");
  EXPECT_EQ(name("a-b", "x.o"), "error: --name 'a-b': expected a C identifier "
                                "(ASCII letters, digits and '_', not starting "
                                "with a digit)");
  EXPECT_EQ(name("", "pthread.o"),
            "error: model name 'pthread' (from the file name 'pthread'; --name "
            "sets another): 'pthread_' is a namespace of the C library: the "
            "model's symbols (pthread_create, ...) could replace its functions");
}

TEST(ModelInterface, SampleSize) {
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 28, 28, 1}), 784);
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 10}), 10);
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 4294967296, 4294967296, 1}),
            std::nullopt);
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 65536, 32768}), std::nullopt);
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 65536, 32767}), 65536 * 32767);
  EXPECT_EQ(cnnc::ModelInterface::sampleSize({-1, 0}), std::nullopt);
}
