// The staged lowering from cnn ops to the LLVM dialect, in one place.
#ifndef CNNC_PIPELINE_PIPELINE_H
#define CNNC_PIPELINE_PIPELINE_H

#include "Kernels/TargetShape.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

namespace cnnc {

/// The stages a module passes through; `cnnc --emit=` and the registered
/// `cnnc-pipeline{last-stage=...}` can stop after each.
enum class Stage { CNN, Linalg, Tiled, LLVMDialect };

/// How a module is compiled.
struct PipelineOptions {
  /// The module has training functions: cnn-autodiff derives the gradient
  /// function, and nothing is folded into the weights (they change).
  bool training = false;
  /// The vector registers tile sizes are chosen for.
  TargetShape target;
  /// Compute convolutions, their activation and pool per pool row
  /// (cnnc-fuse-linalg).
  bool fuse = true;
  /// Tile convolutions, pools, matmuls and elementwise ops (cnnc-tile-linalg).
  bool tile = true;
  /// Vectorise the tiles (cnnc-vectorize-linalg, cnnc-lower-vector).
  bool vectorize = true;
};

/// Registers what the pipeline needs beyond the dialects its passes load:
/// the bufferization and deallocation models of the dialects it meets, and
/// the translations to LLVM IR.
void registerPipelineInterfaces(mlir::DialectRegistry &registry);

/// Rewrites on cnn ops: a cross-entropy after softmax on the logits,
/// batch normalisation folded into the layer before it (inference only).
void addCNNOptimizationPasses(mlir::OpPassManager &pm,
                              const PipelineOptions &options);

/// Training: the gradient function derived by cnn-autodiff.
void addAutodiffPasses(mlir::OpPassManager &pm);

/// The weights packed into the instance's flat parameter buffer.
void addStatePasses(mlir::OpPassManager &pm);

/// cnn ops -> linalg named ops on tensors, then checks that no cnn op is left.
void addCNNToLinalgPasses(mlir::OpPassManager &pm);

/// linalg on tensors -> fused pool rows -> register tiles of static shape ->
/// vector ops, as the options ask.
void addKernelPasses(mlir::OpPassManager &pm, const PipelineOptions &options);

/// linalg on tensors -> buffers -> loops -> the LLVM dialect. Buffer sizes
/// are checked for overflow (cnn-check-allocation-sizes), and allocated
/// through MLIR's generic functions, which the runtime provides.
void addLinalgToLLVMPasses(mlir::OpPassManager &pm,
                           const PipelineOptions &options);

/// Runs the stages up to and including `last` on `module`.
mlir::LogicalResult lowerModule(mlir::ModuleOp module, Stage last,
                                const PipelineOptions &options);

/// Registers `cnnc-pipeline{training last-stage=cnn|linalg|tiled|llvm
/// vector-bits=N vector-registers=N no-fuse no-tile no-vectorize}` for cnn-opt.
void registerPipeline();

} // namespace cnnc

#endif
