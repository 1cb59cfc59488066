// The staged lowering from cnn ops to the LLVM dialect, in one place.
#include "Pipeline/Pipeline.h"
#include "Conversion/Passes.h"
#include "Kernels/Passes.h"
#include "Pipeline/Passes.h"
#include "cnn/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/ControlFlow/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/IR/MemRefMemorySlot.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/TensorInferTypeOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/SubsetInsertionOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/Transforms/SubsetOpInterfaceImpl.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace cnnc {

void registerPipelineInterfaces(DialectRegistry &registry) {
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
  cf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
  // Hoisting the register tiles out of loops sees slices and transfers as
  // subsets of the tensors the loops carry.
  tensor::registerSubsetOpInterfaceExternalModels(registry);
  vector::registerSubsetOpInterfaceExternalModels(registry);
  // Without it, bufferizing tensor.pad sizes its buffer by the pad itself.
  tensor::registerInferTypeOpInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

void addCNNOptimizationPasses(OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createCanonicalizerPass());
  if (!options.training)
    pm.addPass(cnn::createCNNFoldBatchNorm());
}

void addAutodiffPasses(OpPassManager &pm) {
  pm.addPass(cnn::createCNNAutodiff());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void addStatePasses(OpPassManager &pm) { pm.addPass(cnn::createCNNPackState()); }

void addCNNToLinalgPasses(OpPassManager &pm) {
  pm.addPass(createConvertCNNToLinalg());
  pm.addPass(cnn::createCNNCheckBackendContract());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void addKernelPasses(OpPassManager &pm, const PipelineOptions &options) {
  if (options.fuse) {
    FuseLinalgOptions fusing;
    fusing.vectorBits = options.target.vectorBits;
    fusing.l2Bytes = options.target.l2Bytes;
    pm.addNestedPass<func::FuncOp>(createFuseLinalg(fusing));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  if (options.tile) {
    TileLinalgOptions tiling;
    tiling.vectorBits = options.target.vectorBits;
    tiling.vectorRegisters = options.target.vectorRegisters;
    tiling.l2Bytes = options.target.l2Bytes;
    pm.addNestedPass<func::FuncOp>(createDecomposePad());
    pm.addNestedPass<func::FuncOp>(createTileLinalg(tiling));
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  if (options.vectorize) {
    pm.addNestedPass<func::FuncOp>(createVectorizeLinalg());
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
}

/// Copies between buffers as linalg.copy, which lowers to loops like every
/// other linalg op; memref.copy of strided views would call MLIR's
/// `memrefCopy` runner utility, a library apps should not need.
/// A copy between buffers: memref.copy when both are contiguous (LLVM's
/// memcpy, by the test its lowering makes), else linalg.copy (loops;
/// memref.copy of strided buffers would call a function of MLIR's runner
/// libraries, which apps do not link).
static LogicalResult createCopy(OpBuilder &b, Location loc, Value from, Value to) {
  auto contiguous = [](Value v) {
    auto type = dyn_cast<MemRefType>(v.getType());
    return type && (type.getLayout().isIdentity() ||
                    (type.hasStaticShape() && type.getNumElements() > 0 &&
                     memref::isStaticShapeAndContiguousRowMajor(type)));
  };
  if (contiguous(from) && contiguous(to))
    b.create<memref::CopyOp>(loc, from, to);
  else
    b.create<linalg::CopyOp>(loc, from, to);
  return success();
}

static void addBufferizationPasses(OpPassManager &pm) {
  bufferization::OneShotBufferizationOptions options;
  options.bufferizeFunctionBoundaries = true;
  options.setFunctionBoundaryTypeConversion(
      bufferization::LayoutMapOption::IdentityLayoutMap);
  options.memCpyFn = createCopy;
  pm.addPass(bufferization::createOneShotBufferizePass(options));
  // The tile buffers of fused loops, allocated once per call, not per row.
  pm.addNestedPass<func::FuncOp>(bufferization::createBufferLoopHoistingPass());
  // The caller owns the output buffer: results become out-parameters.
  bufferization::BufferResultsToOutParamsOpts outParams;
  outParams.memCpyFn = createCopy;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParams));
  // 19's one-shot-bufferize frees nothing itself.
  bufferization::buildBufferDeallocationPipeline(pm, {});
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void addLinalgToLLVMPasses(OpPassManager &pm, const PipelineOptions &options) {
  addBufferizationPasses(pm);
  if (options.vectorize) {
    pm.addPass(createLowerVector());
    pm.addPass(createCanonicalizerPass());
  }
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createPlanWorkspace());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createCheckAllocationSizes());
  pm.addPass(createMeasureWorkspace());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertMathToLLVMPass());
  // Calls for the functions LLVM has no intrinsic for (tanh, erf), on vectors
  // one lane at a time, through vector ops that the next pass lowers.
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  // Buffers come from the runtime's cnnrt_compiled_alloc (the generic
  // functions are renamed to it), which turns a failed allocation into an
  // error return of the runtime call instead of a NULL the code would use.
  FinalizeMemRefToLLVMConversionPassOptions memrefOptions;
  memrefOptions.useGenericFunctions = true;
  pm.addPass(createFinalizeMemRefToLLVMConversionPass(memrefOptions));
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

static void buildPipeline(OpPassManager &pm, Stage last,
                          const PipelineOptions &options) {
  addCNNOptimizationPasses(pm, options);
  if (options.training)
    addAutodiffPasses(pm);
  addStatePasses(pm);
  if (last == Stage::CNN)
    return;
  addCNNToLinalgPasses(pm);
  if (last == Stage::Linalg)
    return;
  addKernelPasses(pm, options);
  if (last == Stage::LLVMDialect)
    addLinalgToLLVMPasses(pm, options);
}

LogicalResult lowerModule(ModuleOp module, Stage last,
                          const PipelineOptions &options) {
  PassManager pm(module.getContext());
  // Honours --mlir-print-ir-after-all and the like, when the tool registered them.
  if (failed(applyPassManagerCLOptions(pm)))
    return failure();
  applyDefaultTimingPassManagerCLOptions(pm);
  buildPipeline(pm, last, options);
  return pm.run(module);
}

namespace {
struct RegisteredOptions : PassPipelineOptions<RegisteredOptions> {
  Option<bool> training{*this, "training",
                        llvm::cl::desc("derive the gradient function")};
  Option<std::string> lastStage{
      *this, "last-stage",
      llvm::cl::desc("cnn (packed state), linalg, tiled (vectorised tiles, on "
                     "tensors) or llvm"),
      llvm::cl::init("llvm")};
  Option<int64_t> vectorBits{*this, "vector-bits",
                             llvm::cl::desc("width of a vector register"),
                             llvm::cl::init(512)};
  Option<int64_t> vectorRegisters{*this, "vector-registers",
                                  llvm::cl::desc("vector registers"),
                                  llvm::cl::init(32)};
  Option<int64_t> l2Bytes{*this, "l2-bytes",
                          llvm::cl::desc("bytes of a core's L2 data cache"),
                          llvm::cl::init(256 * 1024)};
  Option<bool> noFuse{*this, "no-fuse", llvm::cl::desc("leave pools unfused")};
  Option<bool> noTile{*this, "no-tile", llvm::cl::desc("leave linalg ops untiled")};
  Option<bool> noVectorize{*this, "no-vectorize",
                           llvm::cl::desc("leave tiles as scalar loops")};
};
} // namespace

void registerPipeline() {
  PassPipelineRegistration<RegisteredOptions>(
      "cnnc-pipeline", "cnnc's whole lowering, as cnnc runs it",
      [](OpPassManager &pm, const RegisteredOptions &registered) {
        Stage last = registered.lastStage == "cnn"      ? Stage::CNN
                     : registered.lastStage == "linalg" ? Stage::Linalg
                     : registered.lastStage == "tiled"  ? Stage::Tiled
                                                        : Stage::LLVMDialect;
        PipelineOptions options;
        options.training = registered.training;
        options.target = {registered.vectorBits, registered.vectorRegisters,
                          registered.l2Bytes};
        options.fuse = !registered.noFuse;
        options.tile = !registered.noTile;
        options.vectorize = !registered.noVectorize;
        buildPipeline(pm, last, options);
      });
}

} // namespace cnnc
