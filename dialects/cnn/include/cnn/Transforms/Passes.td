// Passes on the cnn dialect. Every pass is declared once, here.
#ifndef CNN_TRANSFORMS_PASSES_TD
#define CNN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CNNCheckBackendContract : Pass<"cnn-check-backend-contract", "mlir::ModuleOp"> {
  let summary = "Fails if any cnn op is left after lowering";
  let description = [{
    Run after the conversion to upstream dialects: the code generator below it
    knows nothing of `cnn`, so a surviving op is a compiler bug, reported here
    with the layer it came from rather than as an obscure failure later.
  }];
}

def CNNFoldBatchNorm : Pass<"cnn-fold-batchnorm", "mlir::ModuleOp"> {
  let summary = "Folds inference batch normalisation into the convolution or dense layer before it";
  let description = [{
    `batch_norm(conv(x, W, b))` with constant weights and statistics becomes
    `conv(x, W * s, b * s + t)` with s = gamma / sqrt(variance + epsilon) and
    t = beta - mean * s per output channel (computed in double precision), so
    the normalisation costs nothing at run time. Only when the convolution or
    dense op has no other use and all its operands but the input are
    constants.
  }];
}

#endif
