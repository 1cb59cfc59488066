// The runtime's list of checked CPU features (runtime/include/cnnrt/cpu_features.def) uses LLVM's names:
// a name LLVM does not know would never be recorded, and its check would silently never happen.
#include "Codegen/CpuFeatures.h"

#include <gtest/gtest.h>

TEST(CpuFeatures, EveryCheckedNameIsAnLLVMX86Feature) {
  EXPECT_EQ(cnnc::unknownCpuFeatureNames(), std::vector<std::string>{});
}
