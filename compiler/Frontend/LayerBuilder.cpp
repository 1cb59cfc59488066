// Weights, typed op creation and activations for the layer builders.
#include "Frontend/LayerBuilder.h"
#include "Frontend/Initializers.h"
#include "Frontend/Json.h"
#include "Frontend/Limits.h"
#include "cnn/IR/CheckedSize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/AsmState.h"

#include <cmath>

using namespace mlir;

namespace cnnc {

FailureOr<Value> LayerBuilder::weight(const std::string &kind,
                                      std::vector<int64_t> shape, Init init,
                                      bool trainable) {
  const std::string &layer = config.layer.name;
  FailureOr<int64_t> count = checkParameterBudget(kind, shape);
  if (failed(count))
    return failure();
  std::vector<float> values;
  std::string initializerName = "weights file";
  if (weights.loaded()) {
    FailureOr<const WeightTensor *> found = weights.lookup(layer, kind, shape, loc);
    if (failed(found))
      return failure();
    values.assign((*found)->values().begin(), (*found)->values().end());
  } else {
    auto initializer =
        config.initializer(kind + "_initializer", *initializerByName(initName(init).str()));
    if (failed(initializer))
      return failure();
    values = initialize(*initializer, shape, seed, layer + "/" + kind);
    if (!llvm::all_of(values, [](float v) { return std::isfinite(v); }))
      return config.error(kind + "_initializer")
             << "initializer '" << initializer->name << "' gives values beyond "
             << "float32's range for weight '" << layer << "/" << kind << "'";
    initializerName = initializer->name;
  }
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  auto attr = stateValue(type, layer + "/" + kind, std::move(values));
  // Keras: a layer with trainable=false has only non-trainable weights.
  FailureOr<bool> layerTrainable = config.boolean("trainable", true);
  if (failed(layerTrainable))
    return failure();
  trainable = trainable && *layerTrainable;
  (trainable ? summary.trainableParams : summary.nonTrainableParams) += *count;
  // Kept on the state: a training build adds its penalty to the loss
  // (inference ignores regularizers, as Keras does).
  auto regularizer = config.regularizer(kind + "_regularizer");
  if (failed(regularizer))
    return failure();
  return loadState(layer + "/" + kind, attr, trainable, initializerName, *regularizer);
}

FailureOr<int64_t> LayerBuilder::checkParameterBudget(const std::string &kind,
                                                      const std::vector<int64_t> &shape) {
  auto refuse = [&](const std::string &why) {
    return emitError(loc) << "weight '" << config.layer.name << "/" << kind
                          << "' of shape " << shapeToString(shape) << " " << why
                          << ": cnnc compiles models of at most " << maxModelParameters
                          << " parameters (" << (maxModelParameters * 4 >> 20)
                          << " MiB of float32)";
  };
  std::optional<int64_t> count = cnn::checkedElementCount(shape);
  if (!count || *count > maxModelParameters)
    return refuse("is too large");
  if (*count > maxModelParameters - modelParameters)
    return refuse("brings the model to " + std::to_string(modelParameters + *count) +
                  " parameters");
  modelParameters += *count;
  return *count;
}

/// The key of a weight's blob: its name as an MLIR bare identifier, which
/// the printed `dense_resource<key>` needs ("conv/kernel" -> "conv_kernel";
/// MLIR makes equal keys unique).
static std::string blobKey(StringRef name) {
  std::string key = "_";
  for (char c : name)
    key += llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_';
  return llvm::isAlpha(key[1]) ? key.substr(1) : key;
}

/// A weight's initial value: a dense_resource blob named after the weight,
/// which owns `values`. MLIR neither copies nor hashes a blob's bytes, as it
/// would a DenseElementsAttr's (hundreds of MB for a large model).
DenseResourceElementsAttr LayerBuilder::stateValue(RankedTensorType type,
                                                   StringRef name,
                                                   std::vector<float> values) {
  auto owned = std::make_unique<std::vector<float>>(std::move(values));
  ArrayRef<float> data = *owned;
  // The vector goes with the deleter, when the blob is released.
  AsmResourceBlob blob(data, [owned = std::move(owned)](float *, size_t, size_t) {},
                       /*dataIsMutable=*/false);
  return DenseResourceElementsAttr::get(type, blobKey(name), std::move(blob));
}

/// The name of an initialiser as Keras spells it, kept on the state.
StringRef LayerBuilder::initName(Init init) {
  switch (init) {
  case Init::GlorotUniform:
    return "GlorotUniform";
  case Init::Zeros:
    return "Zeros";
  case Init::Ones:
    return "Ones";
  }
  llvm_unreachable("unknown initialiser");
}

/// Declares the named state `name` of the model instance (an
/// ml_program.global before the function being built) and loads it.
Value LayerBuilder::loadState(const std::string &name, ElementsAttr initial,
                              bool trainable, StringRef initializer,
                              std::optional<Regularizer> regularizer) {
  Operation *func = builder.getInsertionBlock()->getParentOp();
  OpBuilder moduleBuilder(func);
  auto global = moduleBuilder.create<ml_program::GlobalOp>(
      loc, name, initial.getType(), /*is_mutable=*/true, initial,
      moduleBuilder.getStringAttr("private"));
  if (trainable)
    global->setAttr("cnn.trainable", moduleBuilder.getUnitAttr());
  global->setAttr("cnn.initializer", moduleBuilder.getStringAttr(initializer));
  if (regularizer)
    global->setAttr("cnn.regularizer",
                    moduleBuilder.getDictionaryAttr(
                        {moduleBuilder.getNamedAttr(
                             "l1", moduleBuilder.getF32FloatAttr(regularizer->l1)),
                         moduleBuilder.getNamedAttr(
                             "l2", moduleBuilder.getF32FloatAttr(regularizer->l2))}));
  return builder.create<ml_program::GlobalLoadOp>(
      loc, initial.getType(), FlatSymbolRefAttr::get(global.getSymNameAttr()));
}

FailureOr<Value> LayerBuilder::optionalBias(bool useBias, int64_t size) {
  if (!useBias)
    return Value();
  return weight("bias", {size}, Init::Zeros);
}

Value LayerBuilder::splat(int64_t size, float value) {
  auto type = RankedTensorType::get({size}, builder.getF32Type());
  return builder.create<arith::ConstantOp>(loc, DenseElementsAttr::get(type, value));
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

FailureOr<Value> LayerBuilder::activationOp(::cnn::ActivationKind kind,
                                            Value input, ActivationParams params) {
  auto attr = [&](std::optional<double> v) {
    return v ? builder.getF32FloatAttr(*v) : FloatAttr();
  };
  return create<cnn::ActivationOp>(kind, input, attr(params.alpha),
                                     attr(params.maxValue), attr(params.threshold));
}

LogicalResult expectOneInput(LayerBuilder &b, ArrayRef<Value> inputs) {
  if (inputs.size() != 1)
    return emitError(b.loc) << "expected one input, got " << inputs.size();
  return success();
}

} // namespace cnnc
