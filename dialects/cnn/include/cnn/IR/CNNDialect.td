// The cnn dialect: layers of a convolutional network as ops on NHWC f32 tensors.
#ifndef CNN_DIALECT_TD
#define CNN_DIALECT_TD

include "mlir/IR/OpBase.td"

def CNN_Dialect : Dialect {
  let name = "cnn";
  let cppNamespace = "::cnn";
  let summary = "Layers of convolutional networks, with Keras semantics.";
  let description = [{
    Each op is one layer (or one part of a layer) of a CNN, working on ranked
    f32 tensors in NHWC layout whose batch dimension may be dynamic. Ops infer
    their result types; the shape rules live in `ShapeInference.cpp` and
    nowhere else. Weights are ordinary tensor operands, so that later passes
    can fold them (inference) or turn them into parameters (training).
  }];
}

// Every op's tensors hold at most cnn::kMaxElements elements beside a dynamic
// batch (cnn/IR/BoundedShapes.h); checked before the op's own verifier.
def CNN_BoundedShapes : NativeOpTrait<"BoundedShapes"> {
  let cppNamespace = "::cnn";
}

class CNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<CNN_Dialect, mnemonic, !listconcat([CNN_BoundedShapes], traits)>;

#endif // CNN_DIALECT_TD
