// Type inference and verifiers of the cnn ops; the shape rules themselves are in ShapeInference.cpp.
#include "cnn/IR/CNNOps.h"
#include "cnn/IR/ShapeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace cnn;

static Type typeOrNull(Value v) { return v ? v.getType() : Type(); }

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return appendInferred(
      inferConv2DType(loc, adaptor.getInput().getType(),
                      adaptor.getFilter().getType(),
                      typeOrNull(adaptor.getBias()), adaptor.getStrides(),
                      adaptor.getDilations(), adaptor.getPadding()),
      results);
}

LogicalResult Pool2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return appendInferred(inferPool2DType(loc, adaptor.getKind(), adaptor.getP(),
                                   adaptor.getInput().getType(),
                                   adaptor.getWindow(), adaptor.getStrides(),
                                   adaptor.getPadding()),
                   results);
}

LogicalResult GlobalPool2DOp::inferReturnTypes(MLIRContext *,
                                               std::optional<Location> loc,
                                               Adaptor adaptor,
                                               SmallVectorImpl<Type> &results) {
  return appendInferred(inferGlobalPool2DType(loc, adaptor.getKind(), adaptor.getP(),
                                         adaptor.getInput().getType(),
                                         adaptor.getKeepdims()),
                   results);
}

LogicalResult ChannelPoolOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &results) {
  return appendInferred(inferChannelPoolType(loc, adaptor.getKind(), adaptor.getP(),
                                        adaptor.getInput().getType(),
                                        static_cast<int64_t>(adaptor.getWindow()),
                                        static_cast<int64_t>(adaptor.getStride())),
                   results);
}

LogicalResult DenseOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  return appendInferred(inferDenseType(loc, adaptor.getInput().getType(),
                                  adaptor.getKernel().getType(),
                                  typeOrNull(adaptor.getBias())),
                   results);
}

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return appendInferred(inferFlattenType(loc, adaptor.getInput().getType()), results);
}

LogicalResult ActivationOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &results) {
  return appendInferred(inferActivationType(loc, adaptor.getKind(),
                                       adaptor.getInput().getType(),
                                       adaptor.getAlpha(), adaptor.getMaxValue(),
                                       adaptor.getThreshold()),
                   results);
}

LogicalResult ZeroPad2DOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  return appendInferred(inferZeroPad2DType(loc, adaptor.getInput().getType(),
                                      adaptor.getPadding()),
                   results);
}

LogicalResult Crop2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return appendInferred(inferCrop2DType(loc, adaptor.getInput().getType(),
                                        adaptor.getCropping()),
                        results);
}

LogicalResult ReshapeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  return appendInferred(inferReshapeType(loc, adaptor.getInput().getType(),
                                    adaptor.getShape()),
                   results);
}

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &results) {
  SmallVector<Type> vectors = {
      adaptor.getGamma().getType(), adaptor.getBeta().getType(),
      adaptor.getMean().getType(), adaptor.getVariance().getType()};
  std::optional<APFloat> momentum = adaptor.getMomentum();
  if (momentum && !(momentum->convertToFloat() >= 0.0f &&
                    momentum->convertToFloat() <= 1.0f))
    return emitOptionalError(loc, "expected a momentum in [0, 1], got ",
                             momentum->convertToFloat());
  return appendInferred(inferBatchNormType(loc, adaptor.getInput().getType(),
                                           vectors,
                                           {"gamma", "beta", "moving mean",
                                            "moving variance"},
                                           adaptor.getEpsilon().convertToFloat()),
                        results);
}

LogicalResult MergeOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &results) {
  return appendInferred(inferMergeType(loc, adaptor.getKind(),
                                  adaptor.getInputs().getTypes()),
                   results);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &results) {
  return appendInferred(inferConcatType(loc, adaptor.getInputs().getTypes(),
                                   static_cast<int64_t>(adaptor.getAxis())),
                   results);
}

LogicalResult DropoutOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &results) {
  float rate = adaptor.getRate().convertToFloat();
  if (!(rate >= 0.0f && rate < 1.0f))
    return emitOptionalError(loc, "expected a dropout rate in [0, 1), got ", rate);
  results.push_back(adaptor.getInput().getType());
  return success();
}

#define GET_OP_CLASSES
#include "cnn/IR/CNNOps.cpp.inc"
