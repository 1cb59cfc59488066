// Weights, typed op creation and activations for the layer builders.
#include "Frontend/LayerBuilder.h"
#include "Frontend/Initializers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

using namespace mlir;

namespace cnnc {

FailureOr<Value> LayerBuilder::weight(const std::string &kind,
                                      std::vector<int64_t> shape, Init init,
                                      int64_t fanIn, int64_t fanOut) {
  const std::string &layer = config.layer.name;
  // Weights are held in memory and embedded in the object: refuse sizes that
  // cannot be (1 Gi elements is 4 GiB) rather than fail to allocate.
  constexpr int64_t maxElements = int64_t(1) << 30;
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d > maxElements / count)
      return emitError(loc) << "weight '" << layer << "/" << kind
                            << "' of shape " << shapeToString(shape)
                            << " is too large (over 2^30 elements)";
    count *= d;
  }
  std::vector<float> values;
  if (!weights.empty()) {
    const WeightTensor *found = weights.find(layer, kind);
    if (!found)
      return emitError(loc) << "missing weight '" << layer << "/" << kind
                            << "' of shape " << shapeToString(shape)
                            << " in the weightsManifest";
    if (found->shape != shape)
      return emitError(loc) << "weight '" << layer << "/" << kind
                            << "' has shape " << shapeToString(found->shape)
                            << ", expected " << shapeToString(shape);
    values = found->values;
  } else if (init == Init::GlorotUniform) {
    values = glorotUniform(count, fanIn, fanOut, seed, layer + "/" + kind);
  } else {
    values.assign(count, 0.0f);
  }
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto attr = DenseElementsAttr::get(type, llvm::ArrayRef<float>(values));
  summary.trainableParams += count;
  return builder.create<arith::ConstantOp>(loc, attr).getResult();
}

FailureOr<Value> LayerBuilder::inferResultType(Operation *op) {
  auto infer = cast<InferTypeOpInterface>(op);
  SmallVector<Type> types;
  if (failed(infer.inferReturnTypes(op->getContext(), op->getLoc(),
                                    op->getOperands(), op->getAttrDictionary(),
                                    op->getPropertiesStorage(), op->getRegions(),
                                    types))) {
    op->erase();
    return failure();
  }
  op->getResult(0).setType(types.front());
  return op->getResult(0);
}

FailureOr<cnn::ActivationKind> parseActivationName(LayerConfig &config,
                                                   llvm::StringRef key) {
  auto name = config.string(key, "linear");
  if (failed(name))
    return failure();
  if (auto kind = cnn::symbolizeActivationKind(*name))
    return *kind;
  return config.error(key) << "unknown activation '" << *name
                           << "'; expected linear, relu, sigmoid, tanh or softmax";
}

FailureOr<Value> LayerBuilder::activation(Value input, llvm::StringRef key) {
  auto kind = parseActivationName(config, key);
  if (failed(kind))
    return failure();
  if (*kind == cnn::ActivationKind::linear)
    return input;
  return create<cnn::ActivationOp>(*kind, input);
}

} // namespace cnnc
