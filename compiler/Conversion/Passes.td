// Conversions from the cnn dialect to upstream dialects.
#ifndef CNNC_CONVERSION_PASSES_TD
#define CNNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertCNNToLinalg : Pass<"convert-cnn-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lowers cnn ops to linalg named ops on tensors";
  let description = [{
    Each cnn op becomes upstream linalg named ops (conv_2d_nhwc_hwcf,
    pooling_nhwc_*, matmul, broadcast, map, reduce) or tensor ops (pad,
    collapse_shape), in destination-passing style on tensors. Fails on any op
    it cannot convert, naming the reason.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::math::MathDialect", "mlir::tensor::TensorDialect"
  ];
}

#endif
