// Adds to a model's module the functions a training build exports beside the forward one.
#ifndef CNNC_TRAINING_TRAININGPROGRAM_H
#define CNNC_TRAINING_TRAININGPROGRAM_H

#include "Codegen/ModelInterface.h"
#include "Training/TrainingOptions.h"

#include "mlir/IR/BuiltinOps.h"

namespace cnnc {

/// Adds `functions.evaluate`: the forward function followed by the loss,
/// returning (loss, output) and marked for cnn-autodiff to derive
/// `functions.gradients` from it.
mlir::LogicalResult addEvaluateFunction(mlir::ModuleOp module,
                                        const CompiledFunctions &functions,
                                        const TrainingOptions &options);

/// Adds `functions.applyGradients`: one step of the optimizer on memrefs,
/// (params, slots, grads, hyper), updating params[0, T) and the slots in
/// place with Keras' update rule (T = the size of grads).
void addOptimizerFunction(mlir::ModuleOp module,
                          const CompiledFunctions &functions,
                          const TrainingOptions &options);

} // namespace cnnc

#endif
