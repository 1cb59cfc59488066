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

def CNNAutodiff : Pass<"cnn-autodiff", "mlir::ModuleOp"> {
  let summary = "Derives the gradient function of a loss function from its cnn ops";
  let description = [{
    For each function carrying `cnn.differentiate = "NAME"`, whose first
    result is a loss (a 0-d tensor computed by `cnn.loss`, with the
    penalties of regularized weights added by `cnn.add_penalty`), builds the
    function `NAME` with the same arguments and a last one, the step's seed
    (`tensor<i64>`), returning the loss and then the
    gradient of the loss with respect to every trainable weight (each
    `ml_program.global` marked `cnn.trainable`, in module order; zeros for
    one the loss does not depend on). The function lists those weights in
    `cnn.gradients`. Its forward pass runs in training mode: each
    `cnn.dropout` becomes `cnn.dropout_train` with the seed, and each
    `cnn.batch_norm` with a momentum becomes `cnn.batch_norm_train`, whose
    batch statistics update the moving ones (`cnn.moving_average`, stored
    into their globals with `ml_program.global_store`), and each max or min
    `cnn.pool2d` becomes `cnn.pool2d_with_winners`, whose kept winners its
    gradient uses.

    The backward ops come from each op's GradientOpInterface, in reverse
    order of the forward ops, with gradients of values used several times
    summed. Only what depends on a trainable weight is differentiated: the
    backward program stops where no trainable weight lies further back, and
    frozen weights get no gradient. An op on that path without a gradient
    rule is an error naming the op and its layer.
  }];
  let dependentDialects = ["::cnn::CNNDialect", "mlir::arith::ArithDialect"];
}

def CNNPackState : Pass<"cnn-pack-state", "mlir::ModuleOp"> {
  let summary = "Packs the model's named state into one flat parameter buffer";
  let description = [{
    Lays every `ml_program.global` of the module out in one f32 buffer:
    trainable weights first, then those a function stores (the updated
    state, U floats), then the others, each group in module order. Each
    function that loads them gets a first argument `tensor<N x f32>` in
    which each load becomes a slice reshaped to the weight's shape. A
    gradient function (`cnn.gradients`) returns its gradients as one
    `tensor<T x f32>` laid out as the first T floats of the state, then the
    updated state as one `tensor<U x f32>` (floats T to T + U of the state
    after the step: its stores, the rest unchanged). Only gradient functions
    may store. The
    globals are replaced by `memref.global @cnn_initial_params` (their
    initial values, `dense<...>` or `dense_resource` blobs, packed into one
    `dense_resource` blob, which no uniqued attribute copies or hashes; the
    blobs they came from are freed unless the module still refers to them)
    and the module's `cnn.state_layout` (each weight's
    name, shape, offset, trainable flag and initialiser), from which the
    code generator builds the C interface, with `cnn.trainable_count` (T)
    and `cnn.updated_count` (U).
  }];
  let dependentDialects = ["mlir::tensor::TensorDialect",
                           "mlir::memref::MemRefDialect"];
}

#endif
