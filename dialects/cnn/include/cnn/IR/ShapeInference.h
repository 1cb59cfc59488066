// The shape rules of every cnn op, in one place: used by the ops' type inference,
// their verifiers, the frontend (through the ops) and the lowering (padding amounts).
#ifndef CNN_IR_SHAPEINFERENCE_H
#define CNN_IR_SHAPEINFERENCE_H

#include "cnn/IR/CNNDialect.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeRange.h"
#include "llvm/ADT/APFloat.h"
#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <cstdint>
#include <optional>
#include <string>

namespace cnn {

/// Cells of padding before and after one spatial dimension.
struct Pad {
  int64_t before = 0;
  int64_t after = 0;
};

/// The most elements a tensor may hold, a dynamic batch dimension aside (so
/// per sample for activations, in all for weights), and the largest extent of
/// a window (dilated) or of a stride: INT32_MAX, 8 GiB of f32 per sample.
/// Every shape is checked against it where it is inferred, and every cnn op's
/// verifier refuses tensors beyond it (BoundedShapes), so that nothing
/// computed from shapes can overflow: window arithmetic stays below 2^34, an
/// in-window offset fits the i32 winners of max pooling, and with the
/// runtime's limit of CNNRT_MAX_BATCH (2^29) samples a call's byte sizes and
/// offsets (batch x elements x 4) stay below 2^62, inside int64 and size_t.
constexpr int64_t kMaxElements = INT32_MAX;

/// The element count of `shape`'s static dimensions (a dynamic one counts as
/// 1), or nothing when it exceeds kMaxElements or a static extent is negative.
std::optional<int64_t> boundedElementCount(llvm::ArrayRef<int64_t> shape);

/// "expected <what> of at most kMaxElements elements [per sample], got <type>
/// (<count> elements)" when a ranked `type` holds more than kMaxElements
/// elements beside a dynamic batch dimension; nothing when it fits.
std::optional<std::string> tensorSizeError(mlir::Type type, llvm::StringRef what);

/// Fails with tensorSizeError's message at `loc` when `type` is too large.
mlir::LogicalResult checkTensorSize(std::optional<mlir::Location> loc,
                                    mlir::Type type, llvm::StringRef what);

/// The extent of a window of `window` cells dilated by `dilation`: for the
/// values a verifier accepted (the extent is at most kMaxElements).
inline int64_t dilatedExtent(int64_t window, int64_t dilation) {
  return (window - 1) * dilation + 1;
}

/// TensorFlow's padding of one dimension of `size` cells (sizes, windows and
/// strides at most kMaxElements, as the verifiers ensure): none for `valid`;
/// for `same`, total = max((ceil(size/stride) - 1) * stride + extent - size, 0)
/// with the smaller half before.
Pad computePadding(Padding padding, int64_t size, int64_t window,
                   int64_t stride, int64_t dilation);

/// Output cells along one dimension: floor((size + pad - extent) / stride) + 1,
/// or a value < 1 when the window does not fit.
int64_t computeOutputSize(int64_t size, Pad pad, int64_t window,
                          int64_t stride, int64_t dilation);

using OptLoc = std::optional<mlir::Location>;

/// For inferReturnTypes: appends an inferred type as the op's only result.
inline mlir::LogicalResult
appendInferred(mlir::FailureOr<mlir::RankedTensorType> type,
               llvm::SmallVectorImpl<mlir::Type> &results) {
  if (mlir::failed(type))
    return mlir::failure();
  results.push_back(*type);
  return mlir::success();
}

mlir::FailureOr<mlir::RankedTensorType>
inferConv2DType(OptLoc loc, mlir::Type input, mlir::Type filter,
                mlir::Type bias, llvm::ArrayRef<int64_t> strides,
                llvm::ArrayRef<int64_t> dilations, Padding padding);

/// `p` is the exponent of `lp` pooling, which it must have (and only it).
using OptF32 = std::optional<llvm::APFloat>;

mlir::FailureOr<mlir::RankedTensorType>
inferPool2DType(OptLoc loc, PoolKind kind, OptF32 p, mlir::Type input,
                llvm::ArrayRef<int64_t> window, llvm::ArrayRef<int64_t> strides,
                Padding padding);

mlir::FailureOr<mlir::RankedTensorType>
inferGlobalPool2DType(OptLoc loc, PoolKind kind, OptF32 p, mlir::Type input,
                      bool keepdims);

mlir::FailureOr<mlir::RankedTensorType>
inferChannelPoolType(OptLoc loc, PoolKind kind, OptF32 p, mlir::Type input,
                     int64_t window, int64_t stride);

mlir::FailureOr<mlir::RankedTensorType>
inferDenseType(OptLoc loc, mlir::Type input, mlir::Type kernel,
               mlir::Type bias);

mlir::FailureOr<mlir::RankedTensorType> inferFlattenType(OptLoc loc,
                                                         mlir::Type input);

/// `alpha`, `maxValue` and `threshold` are relu's parameters (alpha is also
/// elu's); other kinds take none.
mlir::FailureOr<mlir::RankedTensorType>
inferActivationType(OptLoc loc, ActivationKind kind, mlir::Type input,
                    OptF32 alpha = std::nullopt, OptF32 maxValue = std::nullopt,
                    OptF32 threshold = std::nullopt);

/// `padding` is [top, bottom, left, right].
mlir::FailureOr<mlir::RankedTensorType>
inferZeroPad2DType(OptLoc loc, mlir::Type input,
                   llvm::ArrayRef<int64_t> padding);

/// `cropping` is [top, bottom, left, right].
mlir::FailureOr<mlir::RankedTensorType>
inferCrop2DType(OptLoc loc, mlir::Type input, llvm::ArrayRef<int64_t> cropping);

/// `shape` is per sample; one entry may be -1.
mlir::FailureOr<mlir::RankedTensorType>
inferReshapeType(OptLoc loc, mlir::Type input, llvm::ArrayRef<int64_t> shape);

/// An input normalised over its last (channel) axis, with one vector per
/// channel for each of `vectors` (called `names` in errors).
mlir::FailureOr<mlir::RankedTensorType>
inferBatchNormType(OptLoc loc, mlir::Type input, mlir::TypeRange vectors,
                   llvm::ArrayRef<llvm::StringRef> names, float epsilon);

mlir::FailureOr<mlir::RankedTensorType>
inferMergeType(OptLoc loc, MergeKind kind, mlir::TypeRange inputs);

mlir::FailureOr<mlir::RankedTensorType>
inferConcatType(OptLoc loc, mlir::TypeRange inputs, int64_t axis);

/// `size` entries from `offset` along `axis` (not the batch, 0).
mlir::FailureOr<mlir::RankedTensorType>
inferSliceType(OptLoc loc, mlir::Type input, int64_t axis, int64_t offset,
               int64_t size);

/// Gradient ops whose result type follows from their operands.
mlir::FailureOr<mlir::RankedTensorType> inferBiasGradType(OptLoc loc,
                                                          mlir::Type grad);
mlir::FailureOr<mlir::RankedTensorType>
inferDenseGradInputType(OptLoc loc, mlir::Type grad, mlir::Type kernel);
mlir::FailureOr<mlir::RankedTensorType>
inferDenseGradKernelType(OptLoc loc, mlir::Type input, mlir::Type grad);

} // namespace cnn

#endif
