// The staged lowering from cnn ops to the LLVM dialect, in one place.
#ifndef CNNC_PIPELINE_PIPELINE_H
#define CNNC_PIPELINE_PIPELINE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

namespace cnnc {

/// The stages a module passes through; `cnnc --emit=` can stop after each.
enum class Stage { CNN, Linalg, LLVMDialect };

/// Registers what the pipeline needs beyond the dialects its passes load:
/// the bufferization and deallocation models of the dialects it meets, and
/// the translations to LLVM IR.
void registerPipelineInterfaces(mlir::DialectRegistry &registry);

/// Rewrites on cnn ops: batch normalisation folded into the layer before it.
void addCNNOptimizationPasses(mlir::OpPassManager &pm);

/// cnn ops -> linalg named ops on tensors, then checks that no cnn op is left.
void addCNNToLinalgPasses(mlir::OpPassManager &pm);

/// linalg on tensors -> buffers -> loops -> the LLVM dialect.
void addLinalgToLLVMPasses(mlir::OpPassManager &pm);

/// Runs the stages up to and including `last` on `module`.
mlir::LogicalResult lowerModule(mlir::ModuleOp module, Stage last);

} // namespace cnnc

#endif
