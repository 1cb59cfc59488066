// The evaluate function of a training build: forward pass, then the loss against the labels.
#include "Training/TrainingProgram.h"

#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

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

LogicalResult addEvaluateFunction(ModuleOp module, const CompiledFunctions &functions,
                                  const TrainingOptions &options) {
  auto forward = module.lookupSymbol<func::FuncOp>(functions.forward);
  if (!forward || forward.getNumResults() != 1)
    return module.emitError("internal error: no forward function to train");
  OpBuilder b(forward);
  b.setInsertionPointAfter(forward);
  auto evaluate = cast<func::FuncOp>(b.clone(*forward));
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
  b.create<func::ReturnOp>(ret.getLoc(), ValueRange{loss, prediction});
  ret.erase();
  evaluate.setType(b.getFunctionType(evaluate.getArgumentTypes(),
                                     {loss.getType(), prediction.getType()}));
  evaluate->setAttr("cnn.differentiate", b.getStringAttr(functions.gradients));
  return success();
}

} // namespace cnnc
