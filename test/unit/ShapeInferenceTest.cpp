// The padding and output-size rules against a brute-force count of TensorFlow's window positions.
#include "cnn/IR/ShapeInference.h"

#include <gtest/gtest.h>

using cnn::computeOutputSize;
using cnn::computePadding;
using cnn::Pad;
using cnn::Padding;

namespace {
/// Window positions that start on the padded axis and fit inside it.
int64_t countWindows(int64_t size, Pad pad, int64_t window, int64_t stride,
                     int64_t dilation) {
  int64_t extent = (window - 1) * dilation + 1, count = 0;
  for (int64_t start = 0; start + extent <= size + pad.before + pad.after;
       start += stride)
    ++count;
  return count;
}
} // namespace

TEST(ShapeInference, ValidPaddingIsNone) {
  Pad pad = computePadding(Padding::valid, 28, 3, 1, 1);
  EXPECT_EQ(pad.before, 0);
  EXPECT_EQ(pad.after, 0);
  EXPECT_EQ(computeOutputSize(28, pad, 3, 1, 1), 26);
}

TEST(ShapeInference, SameSplitsLikeTensorFlow) {
  // 13 wide, window 3, stride 2: output 7, total (7-1)*2+3-13 = 2 -> 1 / 1.
  Pad odd = computePadding(Padding::same, 13, 3, 2, 1);
  EXPECT_EQ(odd.before, 1);
  EXPECT_EQ(odd.after, 1);
  // 28 wide, window 3, stride 2: output 14, total 1 -> the smaller half first.
  Pad even = computePadding(Padding::same, 28, 3, 2, 1);
  EXPECT_EQ(even.before, 0);
  EXPECT_EQ(even.after, 1);
  // A stride larger than the window can need no padding at all.
  Pad none = computePadding(Padding::same, 10, 1, 3, 1);
  EXPECT_EQ(none.before + none.after, 0);
}

TEST(ShapeInference, OutputSizeMatchesBruteForce) {
  for (int64_t size = 1; size <= 17; ++size)
    for (int64_t window = 1; window <= 5; ++window)
      for (int64_t stride = 1; stride <= 4; ++stride)
        for (int64_t dilation = 1; dilation <= 3; ++dilation)
          for (Padding padding : {Padding::valid, Padding::same}) {
            Pad pad = computePadding(padding, size, window, stride, dilation);
            int64_t expected = countWindows(size, pad, window, stride, dilation);
            EXPECT_EQ(computeOutputSize(size, pad, window, stride, dilation),
                      expected)
                << "size " << size << " window " << window << " stride "
                << stride << " dilation " << dilation;
            if (padding == Padding::same) {
              EXPECT_EQ(expected, (size + stride - 1) / stride);
              EXPECT_LE(pad.before, pad.after);
              EXPECT_GE(pad.after - pad.before, 0);
              EXPECT_LE(pad.after - pad.before, 1);
            }
          }
}

TEST(ShapeInference, WindowLargerThanValidInputGivesNoOutput) {
  EXPECT_LT(computeOutputSize(3, {}, 5, 1, 1), 1);
  EXPECT_LT(computeOutputSize(4, {}, 3, 1, 2), 1); // dilated extent 5
}

TEST(ShapeInference, BoundedElementCount) {
  using cnn::boundedElementCount;
  int64_t dynamic = mlir::ShapedType::kDynamic;
  EXPECT_EQ(boundedElementCount({dynamic, 28, 28, 1}), 784);
  EXPECT_EQ(boundedElementCount({}), 1);
  EXPECT_EQ(boundedElementCount({dynamic, cnn::kMaxElements}), cnn::kMaxElements);
  EXPECT_EQ(boundedElementCount({dynamic, 65536, 32768}), std::nullopt);
  EXPECT_EQ(boundedElementCount({int64_t(1) << 32, int64_t(1) << 32}), std::nullopt);
  EXPECT_EQ(boundedElementCount({dynamic, -3}), std::nullopt);
}
