// The evaluate function of a training build: forward pass, then the loss against the labels, plus the weights' and the outputs' penalties.
#include "Training/TrainingProgram.h"

#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace cnnc {

/// Class indices (i32, the output without its last axis) for the sparse
/// loss; floats of the output's type for the others.
static RankedTensorType labelsType(RankedTensorType output, cnn::LossKind loss) {
  if (loss == cnn::LossKind::sparse_categorical_crossentropy)
    return RankedTensorType::get(output.getShape().drop_back(),
                                 IntegerType::get(output.getContext(), 32));
  return output;
}

/// `loss` plus the penalty of every regularized trainable weight (Keras 3
/// counts those of trainable weights only), in the module's order.
static Value addPenalties(OpBuilder &b, Location loc, ModuleOp module, Value loss) {
  for (auto global : module.getOps<ml_program::GlobalOp>()) {
    auto regularizer = global->getAttrOfType<DictionaryAttr>("cnn.regularizer");
    if (!regularizer || !global->hasAttr("cnn.trainable"))
      continue;
    Value weight = b.create<ml_program::GlobalLoadOp>(
        loc, global.getType(), FlatSymbolRefAttr::get(global.getSymNameAttr()));
    loss = b.create<cnn::AddPenaltyOp>(loc, loss, weight,
                                       regularizer.getAs<FloatAttr>("l1"),
                                       regularizer.getAs<FloatAttr>("l2"), /*per_sample=*/UnitAttr());
  }
  return loss;
}

LogicalResult addEvaluateFunction(ModuleOp module, const CompiledFunctions &functions,
                                  const TrainingOptions &options,
                                  ArrayRef<OutputPenalty> outputPenalties) {
  auto forward = module.lookupSymbol<func::FuncOp>(functions.forward);
  if (!forward || forward.getNumResults() != 1)
    return module.emitError("internal error: no forward function to train");
  OpBuilder b(forward);
  b.setInsertionPointAfter(forward);
  IRMapping forwardToEvaluate;
  auto evaluate = cast<func::FuncOp>(b.clone(*forward, forwardToEvaluate));
  evaluate.setSymName(functions.evaluate);
  auto output = cast<RankedTensorType>(forward.getResultTypes().front());
  if (output.getRank() < 2)
    return forward.emitError("a model whose output has no class axis cannot be "
                             "trained with a loss");
  RankedTensorType labels = labelsType(output, options.loss);
  evaluate.insertArgument(1, labels,
                          b.getDictionaryAttr(b.getNamedAttr(
                              "bufferization.writable", b.getBoolAttr(false))),
                          evaluate.getLoc());
  auto ret = cast<func::ReturnOp>(evaluate.getBody().front().getTerminator());
  b.setInsertionPoint(ret);
  Value prediction = ret.getOperand(0);
  Value loss = b.create<cnn::LossOp>(
      ret.getLoc(), RankedTensorType::get({}, b.getF32Type()), options.loss,
      prediction, evaluate.getArgument(1), options.fromLogits);
  loss = addPenalties(b, ret.getLoc(), module, loss);
  for (const OutputPenalty &penalty : outputPenalties) {
    Value value = forwardToEvaluate.lookupOrNull(penalty.value);
    if (!value)
      return forward.emitError("internal error: a penalised value is not in the forward function");
    loss = b.create<cnn::AddPenaltyOp>(ret.getLoc(), loss, value,
                                       b.getF32FloatAttr(penalty.l1),
                                       b.getF32FloatAttr(penalty.l2),
                                       penalty.perSample ? b.getUnitAttr() : UnitAttr());
  }
  b.create<func::ReturnOp>(ret.getLoc(), ValueRange{loss, prediction});
  ret.erase();
  evaluate.setType(b.getFunctionType(evaluate.getArgumentTypes(),
                                     {loss.getType(), prediction.getType()}));
  evaluate->setAttr("cnn.differentiate", b.getStringAttr(functions.gradients));
  return success();
}

} // namespace cnnc
