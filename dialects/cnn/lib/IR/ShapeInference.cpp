// Shape rules of the cnn ops; every diagnostic says what was expected and what was found.
#include "cnn/IR/ShapeInference.h"
#include "cnn/IR/CheckedSize.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <array>

using namespace mlir;

namespace cnn {

std::optional<int64_t> boundedElementCount(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (ShapedType::isDynamic(extent))
      continue;
    std::optional<int64_t> next = checkedMul(count, extent);
    if (extent < 0 || !next || *next > kMaxElements)
      return std::nullopt;
    count = *next;
  }
  return count;
}

/// "N elements", or "over 2^63 elements" when N does not fit int64_t.
static std::string elementCountStr(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t extent : shape) {
    if (ShapedType::isDynamic(extent))
      continue;
    if (extent < 0)
      return "a negative extent";
    std::optional<int64_t> next = checkedMul(count, extent);
    if (!next)
      return "over 2^63 elements";
    count = *next;
  }
  return std::to_string(count) + " elements";
}

std::optional<std::string> tensorSizeError(Type type, StringRef what) {
  auto ranked = dyn_cast_or_null<RankedTensorType>(type);
  if (!ranked || boundedElementCount(ranked.getShape()))
    return std::nullopt;
  std::string message;
  llvm::raw_string_ostream os(message);
  os << "expected " << what << " of at most " << kMaxElements << " elements"
     << (ranked.getRank() > 0 && ranked.isDynamicDim(0) ? " per sample" : "")
     << ", got '" << type << "' (" << elementCountStr(ranked.getShape()) << ")";
  return message;
}

LogicalResult checkTensorSize(OptLoc loc, Type type, StringRef what) {
  if (std::optional<std::string> error = tensorSizeError(type, what))
    return emitOptionalError(loc, *error);
  return success();
}

/// The type of an op's result of `shape`, which must hold at most kMaxElements
/// elements per sample.
static FailureOr<RankedTensorType> resultType(OptLoc loc, ArrayRef<int64_t> shape,
                                              Type elementType) {
  auto type = RankedTensorType::get(shape, elementType);
  if (failed(checkTensorSize(loc, type, "an output")))
    return failure();
  return type;
}

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

/// "a, b, c": attribute values as written in the op.
static std::string listStr(ArrayRef<int64_t> values) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(values, os);
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
  if (failed(checkTensorSize(loc, t, what)))
    return failure();
  return t;
}

/// As expectActivations, for any rank from `minRank` up.
static FailureOr<RankedTensorType> expectActivationsOfRankAtLeast(
    OptLoc loc, Type type, int64_t minRank, StringRef what) {
  auto t = dyn_cast_or_null<RankedTensorType>(type);
  if (!t || t.getRank() < minRank)
    return emitOptionalError(loc, "expected ", what, " of rank >= ", minRank,
                             ", got ", type);
  return expectActivations(loc, type, t.getRank(), what);
}

/// A ranked tensor with exactly the static shape `shape`.
static LogicalResult expectWeights(OptLoc loc, Type type,
                                   ArrayRef<int64_t> shape, StringRef what) {
  auto t = dyn_cast_or_null<RankedTensorType>(type);
  if (!t || !t.hasStaticShape() || t.getShape() != shape)
    return emitOptionalError(loc, "expected ", what, " of shape ",
                             shapeStr(shape), ", got ", type);
  return checkTensorSize(loc, t, what);
}

static LogicalResult expectPositive(OptLoc loc, ArrayRef<int64_t> values,
                                    StringRef what) {
  if (llvm::any_of(values, [](int64_t v) { return v < 1; }))
    return emitOptionalError(loc, "expected positive ", what, ", got [",
                             shapeStr(values), "]");
  return success();
}

/// The extents of a (positive) window dilated by (positive) dilations, each at
/// most kMaxElements, and strides no larger: what keeps the padding and output
/// arithmetic of computePadding and computeOutputSize far from overflowing.
static FailureOr<std::array<int64_t, 2>>
checkWindowExtents(OptLoc loc, ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                   ArrayRef<int64_t> dilations) {
  std::array<int64_t, 2> extents;
  for (int i = 0; i < 2; ++i) {
    std::optional<int64_t> dilated = checkedMul(window[i] - 1, dilations[i]);
    if (!dilated || *dilated >= kMaxElements || strides[i] > kMaxElements)
      return emitOptionalError(loc, "expected windows (dilated) and strides of at most ",
                               kMaxElements, " cells, got a window of [",
                               listStr(window), "], dilations [", listStr(dilations),
                               "] and strides [", listStr(strides), "]");
    extents[i] = *dilated + 1;
  }
  return extents;
}

/// Output H and W of a window sliding over the spatial dims of `input`; the
/// input padded for it must hold at most kMaxElements per sample too.
static FailureOr<std::pair<int64_t, int64_t>>
inferWindowOutput(OptLoc loc, RankedTensorType input, ArrayRef<int64_t> window,
                  ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                  Padding padding) {
  auto extent = checkWindowExtents(loc, window, strides, dilations);
  if (failed(extent))
    return failure();
  int64_t out[2], padded[2];
  for (int i = 0; i < 2; ++i) {
    int64_t size = input.getDimSize(1 + i);
    Pad pad = computePadding(padding, size, window[i], strides[i], dilations[i]);
    padded[i] = size + pad.before + pad.after;
    out[i] = computeOutputSize(size, pad, window[i], strides[i], dilations[i]);
  }
  if (out[0] < 1 || out[1] < 1)
    return emitOptionalError(
        loc, "window of ", shapeStr(*extent), " does not fit the ",
        shapeStr(input.getShape().slice(1, 2)), " input with '",
        stringifyPadding(padding), "' padding");
  int64_t paddedShape[3] = {padded[0], padded[1], input.getDimSize(3)};
  if (!boundedElementCount(paddedShape))
    return emitOptionalError(
        loc, "expected an input padded to at most ", kMaxElements,
        " elements per sample, got ", shapeStr(paddedShape), " (",
        elementCountStr(paddedShape), ") for a window of ", shapeStr(*extent),
        " over the ", shapeStr(input.getShape().slice(1, 3)), " input");
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
      failed(expectPositive(loc, filter.getShape(), "filter dimensions")) ||
      failed(checkTensorSize(loc, filter, "a filter")))
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
  return resultType(loc, {input->getDimSize(0), hw->first, hw->second, filters},
                    input->getElementType());
}

/// `lp` needs a positive p; the other kinds take none.
static LogicalResult checkExponent(OptLoc loc, PoolKind kind, OptF32 p) {
  if (kind != PoolKind::lp) {
    if (p)
      return emitOptionalError(loc, "only lp pooling takes an exponent p");
    return success();
  }
  if (!p || !(p->convertToFloat() > 0.0f))
    return emitOptionalError(loc, "expected lp pooling with a positive p");
  return success();
}

FailureOr<RankedTensorType> inferPool2DType(OptLoc loc, PoolKind kind, OptF32 p,
                                            Type inputType,
                                            ArrayRef<int64_t> window,
                                            ArrayRef<int64_t> strides,
                                            Padding padding) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input) || failed(checkExponent(loc, kind, p)) ||
      failed(expectPositive(loc, window, "window")) ||
      failed(expectPositive(loc, strides, "strides")))
    return failure();
  int64_t dilations[2] = {1, 1};
  auto hw = inferWindowOutput(loc, *input, window, strides, dilations, padding);
  if (failed(hw))
    return failure();
  return resultType(
      loc, {input->getDimSize(0), hw->first, hw->second, input->getDimSize(3)},
      input->getElementType());
}

FailureOr<RankedTensorType> inferGlobalPool2DType(OptLoc loc, PoolKind kind,
                                                  OptF32 p, Type inputType,
                                                  bool keepdims) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input) || failed(checkExponent(loc, kind, p)))
    return failure();
  int64_t n = input->getDimSize(0), c = input->getDimSize(3);
  SmallVector<int64_t> shape =
      keepdims ? SmallVector<int64_t>{n, 1, 1, c} : SmallVector<int64_t>{n, c};
  return resultType(loc, shape, input->getElementType());
}

FailureOr<RankedTensorType> inferChannelPoolType(OptLoc loc, PoolKind kind,
                                                 OptF32 p, Type inputType,
                                                 int64_t window,
                                                 int64_t stride) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input) || failed(checkExponent(loc, kind, p)) ||
      failed(expectPositive(loc, {window, stride}, "window and stride")))
    return failure();
  int64_t channels = input->getDimSize(3);
  if (window > channels || (channels - window) % stride != 0)
    return emitOptionalError(loc, "channel pooling window ", window,
                             " with stride ", stride, " does not tile the ",
                             channels, " channels");
  SmallVector<int64_t> shape(input->getShape());
  shape[3] = (channels - window) / stride + 1;
  return resultType(loc, shape, input->getElementType());
}

FailureOr<RankedTensorType> inferDenseType(OptLoc loc, Type inputType,
                                           Type kernelType, Type biasType) {
  auto input = expectActivationsOfRankAtLeast(loc, inputType, 2, "an input");
  if (failed(input))
    return failure();
  auto kernel = dyn_cast_or_null<RankedTensorType>(kernelType);
  if (!kernel || kernel.getRank() != 2 || !kernel.hasStaticShape())
    return emitOptionalError(loc, "expected a static kernel of rank 2, got ",
                             kernelType);
  int64_t units = kernel.getDimSize(1);
  int64_t features = input->getShape().back();
  if (failed(expectWeights(loc, kernelType, {features, units}, "a kernel")))
    return failure();
  if (biasType && failed(expectWeights(loc, biasType, {units}, "a bias")))
    return failure();
  SmallVector<int64_t> shape(input->getShape());
  shape.back() = units;
  return resultType(loc, shape, input->getElementType());
}

FailureOr<RankedTensorType> inferFlattenType(OptLoc loc, Type inputType) {
  auto input = expectActivationsOfRankAtLeast(loc, inputType, 2, "an input");
  if (failed(input))
    return failure();
  int64_t features = ShapedType::getNumElements(input->getShape().drop_front());
  return resultType(loc, {input->getDimSize(0), features},
                    input->getElementType());
}

FailureOr<RankedTensorType> inferActivationType(OptLoc loc, ActivationKind kind,
                                                Type inputType, OptF32 alpha,
                                                OptF32 maxValue,
                                                OptF32 threshold) {
  auto input = dyn_cast_or_null<RankedTensorType>(inputType);
  if (!input)
    return emitOptionalError(loc, "expected a ranked tensor, got ", inputType);
  if (failed(checkTensorSize(loc, input, "an input")))
    return failure();
  bool isRelu = kind == ActivationKind::relu;
  if ((alpha && !isRelu && kind != ActivationKind::elu) ||
      ((maxValue || threshold) && !isRelu))
    return emitOptionalError(loc, "activation '", stringifyActivationKind(kind),
                             "' takes no alpha, max_value or threshold");
  if (maxValue && maxValue->convertToFloat() < 0.0f)
    return emitOptionalError(loc, "expected a non-negative max_value, got ",
                             maxValue->convertToFloat());
  bool rowwise =
      kind == ActivationKind::softmax || kind == ActivationKind::log_softmax;
  if (rowwise &&
      (input.getRank() < 1 || input.isDynamicDim(input.getRank() - 1)))
    return emitOptionalError(
        loc, "expected softmax input with a static last dimension, got ",
        inputType);
  return input;
}

FailureOr<RankedTensorType> inferZeroPad2DType(OptLoc loc, Type inputType,
                                               ArrayRef<int64_t> padding) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input))
    return failure();
  if (llvm::any_of(padding, [](int64_t v) { return v < 0; }))
    return emitOptionalError(loc, "expected non-negative padding, got [",
                             shapeStr(padding), "]");
  SmallVector<int64_t> shape(input->getShape());
  for (int axis : {1, 2}) {
    std::optional<int64_t> grown = checkedAdd(padding[2 * axis - 2], padding[2 * axis - 1]);
    std::optional<int64_t> padded = grown ? checkedAdd(shape[axis], *grown) : grown;
    if (!padded || *padded > kMaxElements)
      return emitOptionalError(loc, "expected padding that keeps the output within ",
                               kMaxElements, " elements per sample, got [",
                               listStr(padding), "] for the ",
                               shapeStr(input->getShape().slice(1, 2)), " input");
    shape[axis] = *padded;
  }
  return resultType(loc, shape, input->getElementType());
}

FailureOr<RankedTensorType> inferCrop2DType(OptLoc loc, Type inputType,
                                            ArrayRef<int64_t> cropping) {
  auto input = expectActivations(loc, inputType, 4, "an NHWC input");
  if (failed(input))
    return failure();
  if (llvm::any_of(cropping, [](int64_t v) { return v < 0; }))
    return emitOptionalError(loc, "expected non-negative cropping, got [",
                             listStr(cropping), "]");
  SmallVector<int64_t> shape(input->getShape());
  std::optional<int64_t> rows = checkedAdd(cropping[0], cropping[1]);
  std::optional<int64_t> columns = checkedAdd(cropping[2], cropping[3]);
  if (rows && columns) {
    shape[1] -= *rows;
    shape[2] -= *columns;
  }
  if (!rows || !columns || shape[1] < 1 || shape[2] < 1)
    return emitOptionalError(loc, "cropping [", listStr(cropping),
                             "] leaves nothing of the ",
                             shapeStr(input->getShape().slice(1, 2)), " input");
  return resultType(loc, shape, input->getElementType());
}

FailureOr<RankedTensorType> inferReshapeType(OptLoc loc, Type inputType,
                                             ArrayRef<int64_t> shape) {
  auto input = expectActivationsOfRankAtLeast(loc, inputType, 1, "an input");
  if (failed(input))
    return failure();
  // The input holds at most kMaxElements per sample (expectActivations).
  int64_t elements = ShapedType::getNumElements(input->getShape().drop_front());
  int64_t known = 1, unknown = -1;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (d == -1 && unknown < 0) {
      unknown = i;
      continue;
    }
    if (d < 1)
      return emitOptionalError(loc, "expected positive target dimensions and "
                                    "at most one -1, got [",
                               shapeStr(shape), "]");
    std::optional<int64_t> next = checkedMul(known, d);
    if (!next || *next > elements)
      return emitOptionalError(loc, "cannot reshape ", elements,
                               " elements per sample into [", shapeStr(shape), "]");
    known = *next;
  }
  SmallVector<int64_t> result = {input->getDimSize(0)};
  result.append(shape.begin(), shape.end());
  if (unknown >= 0 && elements % known == 0)
    result[unknown + 1] = elements / known;
  if ((unknown >= 0 && elements % known != 0) ||
      (unknown < 0 && known != elements))
    return emitOptionalError(loc, "cannot reshape ", elements,
                             " elements per sample into [", shapeStr(shape), "]");
  return resultType(loc, result, input->getElementType());
}

FailureOr<RankedTensorType> inferBatchNormType(OptLoc loc, Type inputType,
                                               TypeRange vectors,
                                               ArrayRef<StringRef> names,
                                               float epsilon) {
  auto input = expectActivationsOfRankAtLeast(loc, inputType, 2, "an input");
  if (failed(input))
    return failure();
  int64_t channels = input->getShape().back();
  for (auto [type, name] : llvm::zip_equal(vectors, names))
    if (failed(expectWeights(loc, type, {channels}, name)))
      return failure();
  if (!(epsilon > 0.0f))
    return emitOptionalError(loc, "expected a positive epsilon, got ", epsilon);
  return *input;
}

/// The inputs' common type, which all must have.
static FailureOr<RankedTensorType> sameTypes(OptLoc loc, TypeRange inputs,
                                             StringRef what) {
  if (inputs.size() < 2)
    return emitOptionalError(loc, "expected at least 2 inputs to ", what,
                             ", got ", inputs.size());
  auto first = dyn_cast<RankedTensorType>(inputs.front());
  for (Type t : inputs)
    if (t != inputs.front() || !first)
      return emitOptionalError(loc, "expected inputs of one shape to ", what,
                               ", got ", inputs.front(), " and ", t);
  if (failed(checkTensorSize(loc, first, "inputs")))
    return failure();
  return first;
}

FailureOr<RankedTensorType> inferMergeType(OptLoc loc, MergeKind kind,
                                           TypeRange inputs) {
  if (kind == MergeKind::subtract && inputs.size() != 2)
    return emitOptionalError(loc, "expected exactly 2 inputs to subtract, got ",
                             inputs.size());
  return sameTypes(loc, inputs, stringifyMergeKind(kind));
}

FailureOr<RankedTensorType> inferConcatType(OptLoc loc, TypeRange inputs,
                                            int64_t axis) {
  if (inputs.size() < 2)
    return emitOptionalError(loc, "expected at least 2 inputs to concatenate, got ",
                             inputs.size());
  auto first = dyn_cast<RankedTensorType>(inputs.front());
  if (!first || axis < 1 || axis >= first.getRank())
    return emitOptionalError(loc, "expected an axis between 1 and the rank - 1, got ",
                             axis, " for ", inputs.front());
  SmallVector<int64_t> shape(first.getShape());
  shape[axis] = 0;
  for (Type t : inputs) {
    if (failed(checkTensorSize(loc, t, "inputs")))
      return failure();
    auto ranked = dyn_cast<RankedTensorType>(t);
    bool fits = ranked && ranked.getRank() == first.getRank() &&
                !ranked.isDynamicDim(axis);
    for (int64_t i = 0; fits && i < first.getRank(); ++i)
      fits = i == axis || ranked.getDimSize(i) == first.getDimSize(i);
    if (!fits)
      return emitOptionalError(loc, "expected inputs that agree on every axis "
                                    "but ",
                               axis, ", got ", inputs.front(), " and ", t);
    std::optional<int64_t> joined = checkedAdd(shape[axis], ranked.getDimSize(axis));
    if (!joined || *joined > kMaxElements)
      return emitOptionalError(loc, "expected at most ", kMaxElements,
                               " entries along axis ", axis, " joined, got more");
    shape[axis] = *joined;
  }
  return resultType(loc, shape, first.getElementType());
}

FailureOr<RankedTensorType> inferSliceType(OptLoc loc, Type inputType,
                                           int64_t axis, int64_t offset,
                                           int64_t size) {
  auto input = expectActivationsOfRankAtLeast(loc, inputType, 2, "an input");
  if (failed(input))
    return failure();
  if (axis < 1 || axis >= input->getRank())
    return emitOptionalError(loc, "expected an axis between 1 and the rank - 1, got ",
                             axis, " for ", inputType);
  int64_t extent = input->getDimSize(axis);
  if (offset < 0 || size < 1 || offset > extent || size > extent - offset)
    return emitOptionalError(loc, "expected a slice inside the ", extent,
                             " entries of axis ", axis, ", got offset ", offset,
                             " and size ", size);
  SmallVector<int64_t> shape(input->getShape());
  shape[axis] = size;
  return resultType(loc, shape, input->getElementType());
}

//===----------------------------------------------------------------------===//
// Gradient ops: their result types follow from the forward rules above.
//===----------------------------------------------------------------------===//


FailureOr<RankedTensorType> inferBiasGradType(OptLoc loc, Type gradType) {
  auto grad = expectActivationsOfRankAtLeast(loc, gradType, 1, "a gradient");
  if (failed(grad))
    return failure();
  return resultType(loc, {grad->getShape().back()}, grad->getElementType());
}

FailureOr<RankedTensorType> inferDenseGradInputType(OptLoc loc, Type gradType,
                                                    Type kernelType) {
  auto grad = expectActivationsOfRankAtLeast(loc, gradType, 2, "a gradient");
  auto kernel = dyn_cast_or_null<RankedTensorType>(kernelType);
  if (failed(grad))
    return failure();
  if (!kernel || kernel.getRank() != 2 || !kernel.hasStaticShape() ||
      kernel.getDimSize(1) != grad->getShape().back())
    return emitOptionalError(loc, "expected a static kernel [in, ",
                             grad->getShape().back(), "], got ", kernelType);
  SmallVector<int64_t> shape(grad->getShape());
  shape.back() = kernel.getDimSize(0);
  return resultType(loc, shape, grad->getElementType());
}

FailureOr<RankedTensorType> inferDenseGradKernelType(OptLoc loc, Type inputType,
                                                     Type gradType) {
  auto input = expectActivationsOfRankAtLeast(loc, inputType, 2, "an input");
  auto grad = expectActivationsOfRankAtLeast(loc, gradType, 2, "a gradient");
  if (failed(input) || failed(grad))
    return failure();
  if (input->getShape().drop_back() != grad->getShape().drop_back())
    return emitOptionalError(loc, "expected an input and a gradient that differ "
                                  "only in the last axis, got ",
                             inputType, " and ", gradType);
  return resultType(loc, {input->getShape().back(), grad->getShape().back()},
                    input->getElementType());
}

} // namespace cnn
