// Type inference and verifiers of batch normalisation's training ops: batch statistics, their gradient, moving averages.
#include "cnn/IR/CNNOps.h"
#include "cnn/IR/ShapeInference.h"

using namespace mlir;
using namespace cnn;

/// The per-channel vector type of a normalised input.
static Type channelVector(RankedTensorType input) {
  return RankedTensorType::get({input.getShape().back()}, input.getElementType());
}

LogicalResult BatchNormTrainOp::inferReturnTypes(MLIRContext *,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &results) {
  SmallVector<Type> vectors = {adaptor.getGamma().getType(),
                               adaptor.getBeta().getType()};
  auto input = inferBatchNormType(loc, adaptor.getInput().getType(), vectors,
                                  {"gamma", "beta"},
                                  adaptor.getEpsilon().convertToFloat());
  if (failed(input))
    return failure();
  results.append({*input, channelVector(*input), channelVector(*input)});
  return success();
}

LogicalResult BatchNormGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &results) {
  SmallVector<Type> vectors = {adaptor.getGamma().getType(),
                               adaptor.getMean().getType(),
                               adaptor.getVariance().getType()};
  auto input = inferBatchNormType(loc, adaptor.getInput().getType(), vectors,
                                  {"gamma", "batch mean", "batch variance"},
                                  adaptor.getEpsilon().convertToFloat());
  if (failed(input))
    return failure();
  if (adaptor.getGrad().getType() != *input)
    return emitOptionalError(loc, "expected a gradient of the input's type ",
                             *input, ", got ", adaptor.getGrad().getType());
  results.append({*input, channelVector(*input), channelVector(*input)});
  return success();
}

LogicalResult MovingAverageOp::verify() {
  float momentum = getMomentum().convertToFloat();
  if (!(momentum >= 0.0f && momentum <= 1.0f))
    return emitOpError("expected a momentum in [0, 1], got ") << momentum;
  return success();
}
