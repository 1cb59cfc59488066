// Adds to a model's module the functions a training build exports beside the forward one.
#ifndef CNNC_TRAINING_TRAININGPROGRAM_H
#define CNNC_TRAINING_TRAININGPROGRAM_H

#include "Codegen/ModelInterface.h"
#include "Training/TrainingOptions.h"

#include "mlir/IR/BuiltinOps.h"

namespace cnnc {

/// A penalty l1 * sum(|x|) + l2 * sum(x^2) on a value x of the forward
/// function (a layer's output: Keras' activity regularizers), divided by the
/// batch when `perSample` (Keras 2).
struct OutputPenalty {
  mlir::Value value;
  double l1 = 0.0, l2 = 0.0;
  bool perSample = false;
};

/// Adds `functions.evaluate`: the forward function followed by the loss plus
/// the regularized weights' penalties and `outputPenalties`, returning
/// (loss, output) and marked for cnn-autodiff to derive `functions.gradients`
/// from it.
mlir::LogicalResult addEvaluateFunction(mlir::ModuleOp module,
                                        const CompiledFunctions &functions,
                                        const TrainingOptions &options,
                                        llvm::ArrayRef<OutputPenalty> outputPenalties = {});

/// Adds `functions.applyGradients`: one step of the optimizer on memrefs,
/// (params, slots, grads, hyper), updating params[0, T) and the slots in
/// place with Keras' update rule (T = the size of grads).
void addOptimizerFunction(mlir::ModuleOp module,
                          const CompiledFunctions &functions,
                          const TrainingOptions &options);

} // namespace cnnc

#endif
