// cnnrt_model_create refuses descriptors cnnc could not have written (a hand-made or corrupted
// cnnrt_model_info), so that no later size computation divides by zero or overflows.
#include "cnnrt/model.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace {

void forward(void *, void *, void *) {}

const float kInitial[] = {0, 0};

struct Descriptor {
  int64_t input[4] = {-1, 2, 3, 1};
  int64_t output[2] = {-1, 4};
  cnnrt_model_info info;
  Descriptor() {
    std::memset(&info, 0, sizeof info);
    info.abi_version = CNNRT_ABI_VERSION;
    info.cpu_features = "";
    info.input_rank = 4;
    info.output_rank = 2;
    info.name = "m";
    info.input_shape = input;
    info.output_shape = output;
    info.param_count = 2;
    info.initial_params = kInitial;
    info.forward = forward;
  }
  bool accepted() {
    cnnrt_model *model = cnnrt_model_create(&info);
    cnnrt_model_destroy(model);
    return model != nullptr;
  }
};

TEST(ModelInfo, AcceptsWhatCnncWrites) { EXPECT_TRUE(Descriptor().accepted()); }

TEST(ModelInfo, RefusesEmptyOrNegativeExtents) {
  Descriptor zero;
  zero.input[2] = 0; // a sample size of 0 would divide by zero in the batch checks
  EXPECT_FALSE(zero.accepted());
  Descriptor negative;
  negative.output[1] = -4;
  EXPECT_FALSE(negative.accepted());
}

TEST(ModelInfo, RefusesSampleSizesBeyondInt32) {
  Descriptor d;
  d.input[1] = d.input[2] = int64_t(1) << 32; // 2^64 elements: wrapped to 0 before
  EXPECT_FALSE(d.accepted());
  Descriptor justOver;
  justOver.output[1] = int64_t(INT32_MAX) + 1;
  EXPECT_FALSE(justOver.accepted());
  Descriptor atLimit;
  atLimit.output[1] = INT32_MAX;
  EXPECT_TRUE(atLimit.accepted());
}

TEST(ModelInfo, RefusesInconsistentCounts) {
  Descriptor d;
  d.info.trainable_count = 3; // more trainable floats than parameters
  EXPECT_FALSE(d.accepted());
  Descriptor slots;
  slots.info.optimizer_slots = 4; // no optimizer keeps more than 3 slots
  EXPECT_FALSE(slots.accepted());
  Descriptor rank;
  rank.info.input_rank = CNNRT_MAX_RANK + 1;
  EXPECT_FALSE(rank.accepted());
}

} // namespace
