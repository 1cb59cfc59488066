// cnn-opt: mlir-opt with the cnn dialect, cnnc's passes and the upstream dialects they produce.
#include "Conversion/Passes.h"
#include "cnn/IR/CNNDialect.h"
#include "cnn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<cnn::CNNDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::linalg::LinalgDialect,
                  mlir::math::MathDialect, mlir::tensor::TensorDialect>();
  cnn::registerCNNPasses();
  cnnc::registerCNNConversionPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "cnn optimizer driver\n", registry));
}
