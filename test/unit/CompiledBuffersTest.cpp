// The buffers of compiled code: kept for the next call on the thread (a steady state of calls allocates
// nothing), given back when a call does not reuse them, all freed after a failed allocation.
#include "cnnrt/compiled.h"
#include "cnnrt/model.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

/// What the fake forward function allocates, and the blocks it got.
std::vector<uint64_t> sizes;
std::vector<void *> blocks;

/// Stands for generated code: allocates its buffers, writes them, frees them.
void forward(void *, void *, void *) {
  blocks.clear();
  for (uint64_t size : sizes) {
    void *block = cnnrt_compiled_alloc(size);
    std::memset(block, 1, size);
    blocks.push_back(block);
  }
  for (void *block : blocks)
    cnnrt_compiled_free(block);
}

const float kInitial[] = {0};

struct Model {
  int64_t input[2] = {-1, 1};
  int64_t output[2] = {-1, 1};
  cnnrt_model_info info;
  cnnrt_model *model;
  Model() {
    std::memset(&info, 0, sizeof info);
    info.abi_version = CNNRT_ABI_VERSION;
    info.cpu_features = "";
    info.input_rank = info.output_rank = 2;
    info.name = "m";
    info.input_shape = input;
    info.output_shape = output;
    info.param_count = 1;
    info.initial_params = kInitial;
    info.forward = forward;
    model = cnnrt_model_create(&info);
  }
  ~Model() { cnnrt_model_destroy(model); }
  int predict() {
    float in = 0, out = 0;
    return cnnrt_model_predict(model, &in, 1, &out);
  }
};

long minorPageFaults() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

TEST(CompiledBuffers, ASecondCallReusesTheFirstCallsBlocks) {
  Model m;
  ASSERT_NE(m.model, nullptr);
  sizes = {4096, 4 << 20, 64};
  ASSERT_EQ(m.predict(), 0);
  std::vector<void *> first = blocks;
  long before = minorPageFaults();
  ASSERT_EQ(m.predict(), 0);
  long faults = minorPageFaults() - before;
  EXPECT_EQ(blocks, first);
  // Fresh memory for the 4 MiB block would fault on each of its 1024 pages.
  EXPECT_LT(faults, 64);
}

TEST(CompiledBuffers, BlocksOutliveACallThatDoesNotUseThem) {
  // A training step is two calls: the gradients (large buffers), then the optimizer's update.
  Model m;
  sizes = {4 << 20};
  ASSERT_EQ(m.predict(), 0);
  void *gradients = blocks[0];
  sizes = {64};
  ASSERT_EQ(m.predict(), 0);
  sizes = {4 << 20};
  long before = minorPageFaults();
  ASSERT_EQ(m.predict(), 0);
  EXPECT_LT(minorPageFaults() - before, 64);
  EXPECT_EQ(blocks[0], gradients);
}

TEST(CompiledBuffers, BlocksOfOtherSizesAreNotReused) {
  Model m;
  sizes = {1000};
  ASSERT_EQ(m.predict(), 0);
  void *small = blocks[0];
  sizes = {2000, 1000};
  ASSERT_EQ(m.predict(), 0);
  EXPECT_NE(blocks[0], small);
  EXPECT_EQ(blocks[1], small);
}

TEST(CompiledBuffers, AFailedAllocationEndsTheCallAndTheNextOneWorks) {
  Model m;
  sizes = {4096};
  ASSERT_EQ(m.predict(), 0);
  sizes = {4096, UINT64_MAX};
  EXPECT_NE(m.predict(), 0);
  EXPECT_NE(std::string(cnnrt_model_error(m.model)).find("out of memory"), std::string::npos);
  sizes = {4096};
  EXPECT_EQ(m.predict(), 0);
}

TEST(CompiledBuffers, EachThreadHasItsOwnBlocks) {
  Model m;
  sizes = {4096};
  ASSERT_EQ(m.predict(), 0);
  void *mine = blocks[0];
  void *theirs = nullptr;
  std::thread other([&] {
    Model n;
    n.predict();
    theirs = blocks[0];
  });
  other.join();
  EXPECT_NE(theirs, nullptr);
  EXPECT_NE(theirs, mine); // both alive at once: this thread still keeps its block
}

} // namespace
