// cnn-opt: mlir-opt with the cnn dialect, cnnc's passes and pipeline, and the upstream dialects they produce.
#include "Conversion/Passes.h"
#include "Kernels/Passes.h"
#include "Pipeline/Passes.h"
#include "Pipeline/Pipeline.h"
#include "cnn/IR/CNNDialect.h"
#include "cnn/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<cnn::CNNDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::tensor::TensorDialect,
                  mlir::ml_program::MLProgramDialect, mlir::memref::MemRefDialect,
                  mlir::bufferization::BufferizationDialect,
                  mlir::LLVM::LLVMDialect, mlir::scf::SCFDialect,
                  mlir::vector::VectorDialect, mlir::affine::AffineDialect>();
  cnnc::registerPipelineInterfaces(registry);
  cnn::registerCNNPasses();
  cnnc::registerCNNConversionPasses();
  cnnc::registerPipeline();
  cnnc::registerCNNCPipelinePasses();
  cnnc::registerCNNCKernelsPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "cnn optimizer driver\n", registry));
}
