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

#endif
