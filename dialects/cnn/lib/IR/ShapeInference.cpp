// Shape rules of the cnn ops; every diagnostic says what was expected and what was found.
#include "cnn/IR/ShapeInference.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace cnn {

Pad computePadding(Padding padding, int64_t size, int64_t window,
                   int64_t stride, int64_t dilation) {
  if (padding == Padding::valid)
    return {};
  int64_t outSize = (size + stride - 1) / stride;
  int64_t total = std::max<int64_t>(
      (outSize - 1) * stride + dilatedExtent(window, dilation) - size, 0);
  return {total / 2, total - total / 2};
}

int64_t computeOutputSize(int64_t size, Pad pad, int64_t window,
                          int64_t stride, int64_t dilation) {
  int64_t span = size + pad.before + pad.after - dilatedExtent(window, dilation);
  if (span < 0)
    return 0;
  return span / stride + 1;
}

static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os,
      [&](int64_t d) {
        if (ShapedType::isDynamic(d))
          os << "?";
        else
          os << d;
      },
      "x");
  return s;
}

/// A ranked f32 tensor of `rank` dims whose dims after the first are static.
static FailureOr<RankedTensorType> expectActivations(OptLoc loc, Type type,
                                                     int64_t rank,
                                                     StringRef what) {
  auto t = dyn_cast_or_null<RankedTensorType>(type);
  if (!t || t.getRank() != rank)
    return emitOptionalError(loc, "expected ", what, " of rank ", rank,
                             ", got ", type);
  for (int64_t i = 1; i < rank; ++i)
    if (t.isDynamicDim(i))
      return emitOptionalError(loc, "expected ", what,
                               " with static dimensions after the batch, got ",
                               type);
  return t;
}

/// A ranked tensor with exactly the static shape `shape`.
static LogicalResult expectWeights(OptLoc loc, Type type,
                                   ArrayRef<int64_t> shape, StringRef what) {
  auto t = dyn_cast_or_null<RankedTensorType>(type);
  if (!t || !t.hasStaticShape() || t.getShape() != shape)
    return emitOptionalError(loc, "expected ", what, " of shape ",
                             shapeStr(shape), ", got ", type);
  return success();
}

static LogicalResult expectPositive(OptLoc loc, ArrayRef<int64_t> values,
                                    StringRef what) {
  if (llvm::any_of(values, [](int64_t v) { return v < 1; }))
    return emitOptionalError(loc, "expected positive ", what, ", got [",
                             shapeStr(values), "]");
  return success();
}

/// Output H and W of a window sliding over the spatial dims of `input`.
static FailureOr<std::pair<int64_t, int64_t>>
inferWindowOutput(OptLoc loc, RankedTensorType input, ArrayRef<int64_t> window,
                  ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                  Padding padding) {
  int64_t out[2];
  for (int i = 0; i < 2; ++i) {
    int64_t size = input.getDimSize(1 + i);
    Pad pad = computePadding(padding, size, window[i], strides[i], dilations[i]);
    out[i] = computeOutputSize(size, pad, window[i], strides[i], dilations[i]);
  }
  if (out[0] < 1 || out[1] < 1) {
    int64_t extent[2] = {dilatedExtent(window[0], dilations[0]),
                         dilatedExtent(window[1], dilations[1])};
    return emitOptionalError(
        loc, "window of ", shapeStr(extent), " does not fit the ",
        shapeStr(input.getShape().slice(1, 2)), " input with '",
        stringifyPadding(padding), "' padding");
  }
  return std::make_pair(out[0], out[1]);
}

FailureOr<RankedTensorType> inferConv2DType(OptLoc loc, Type inputType,
                                            Type filterType, Type biasType,
                                            ArrayRef<int64_t> strides,
                                            ArrayRef<int64_t> dilations,
                                            Padding padding) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input))
    return failure();
  auto filter = dyn_cast_or_null<RankedTensorType>(filterType);
  if (!filter || filter.getRank() != 4 || !filter.hasStaticShape())
    return emitOptionalError(loc, "expected a static HWIO filter of rank 4, got ",
                             filterType);
  if (failed(expectPositive(loc, strides, "strides")) ||
      failed(expectPositive(loc, dilations, "dilations")) ||
      failed(expectPositive(loc, filter.getShape(), "filter dimensions")))
    return failure();
  int64_t channels = input->getDimSize(3);
  if (filter.getDimSize(2) != channels)
    return emitOptionalError(loc, "expected a filter with ", channels,
                             " input channels (the input's), got ", filterType);
  int64_t filters = filter.getDimSize(3);
  if (biasType && failed(expectWeights(loc, biasType, {filters}, "a bias")))
    return failure();
  auto hw = inferWindowOutput(loc, *input, filter.getShape().take_front(2),
                              strides, dilations, padding);
  if (failed(hw))
    return failure();
  return RankedTensorType::get(
      {input->getDimSize(0), hw->first, hw->second, filters},
      input->getElementType());
}

FailureOr<RankedTensorType> inferPool2DType(OptLoc loc, Type inputType,
                                            ArrayRef<int64_t> window,
                                            ArrayRef<int64_t> strides,
                                            Padding padding) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input) || failed(expectPositive(loc, window, "window")) ||
      failed(expectPositive(loc, strides, "strides")))
    return failure();
  int64_t dilations[2] = {1, 1};
  auto hw = inferWindowOutput(loc, *input, window, strides, dilations, padding);
  if (failed(hw))
    return failure();
  return RankedTensorType::get(
      {input->getDimSize(0), hw->first, hw->second, input->getDimSize(3)},
      input->getElementType());
}

FailureOr<RankedTensorType> inferDenseType(OptLoc loc, Type inputType,
                                           Type kernelType, Type biasType) {
  auto input = expectActivations(loc, inputType, 2, "an input");
  if (failed(input))
    return failure();
  auto kernel = dyn_cast_or_null<RankedTensorType>(kernelType);
  if (!kernel || kernel.getRank() != 2 || !kernel.hasStaticShape())
    return emitOptionalError(loc, "expected a static kernel of rank 2, got ",
                             kernelType);
  int64_t units = kernel.getDimSize(1);
  if (failed(expectWeights(loc, kernelType, {input->getDimSize(1), units},
                           "a kernel")))
    return failure();
  if (biasType && failed(expectWeights(loc, biasType, {units}, "a bias")))
    return failure();
  return RankedTensorType::get({input->getDimSize(0), units},
                               input->getElementType());
}

FailureOr<RankedTensorType> inferFlattenType(OptLoc loc, Type inputType) {
  auto input = dyn_cast_or_null<RankedTensorType>(inputType);
  if (!input || input.getRank() < 2)
    return emitOptionalError(loc, "expected an input of rank >= 2, got ",
                             inputType);
  auto input2 = expectActivations(loc, inputType, input.getRank(), "an input");
  if (failed(input2))
    return failure();
  int64_t features = 1;
  for (int64_t d : input.getShape().drop_front())
    features *= d;
  return RankedTensorType::get({input.getDimSize(0), features},
                               input.getElementType());
}

FailureOr<RankedTensorType> inferActivationType(OptLoc loc, ActivationKind kind,
                                                Type inputType) {
  auto input = dyn_cast_or_null<RankedTensorType>(inputType);
  if (!input)
    return emitOptionalError(loc, "expected a ranked tensor, got ", inputType);
  if (kind == ActivationKind::softmax &&
      (input.getRank() < 1 || input.isDynamicDim(input.getRank() - 1)))
    return emitOptionalError(
        loc, "expected softmax input with a static last dimension, got ",
        inputType);
  return input;
}

} // namespace cnn
