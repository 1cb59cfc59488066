// Ops that only training programs contain: losses and the gradient ops that cnn-autodiff builds.
#ifndef CNN_TRAINING_OPS_TD
#define CNN_TRAINING_OPS_TD

def CNN_LossKind : I32EnumAttr<"LossKind", "a Keras loss", [
    I32EnumAttrCase<"sparse_categorical_crossentropy", 0>,
    I32EnumAttrCase<"categorical_crossentropy", 1>,
    I32EnumAttrCase<"binary_crossentropy", 2>,
    I32EnumAttrCase<"mean_squared_error", 3>]> {
  let cppNamespace = "::cnn";
}

def CNN_LossOp : CNN_Op<"loss", [Pure,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "a Keras loss, averaged over the batch";
  let description = [{
    `predictions` is `[N, ..., K]`. `sparse_categorical_crossentropy` takes
    integer class labels `[N, ...]` (i32); the other kinds take float labels
    of the predictions' shape. Each sample's loss is averaged over all axes
    but the batch, as Keras does, then over the batch. With `from_logits` the
    predictions are logits and the loss uses the stable log-sum-exp form;
    otherwise probabilities are clipped to [1e-7, 1 - 1e-7] before the log,
    as Keras does (`categorical_crossentropy` first divides each row by its
    sum). A cross-entropy after a softmax (or a binary one after a sigmoid)
    is rewritten onto the logits by canonicalisation, as Keras does.

    ```mlir
    %l = cnn.loss sparse_categorical_crossentropy %y, %labels
        : tensor<?x10xf32>, tensor<?xi32> -> tensor<f32>
    ```
  }];
  let arguments = (ins CNN_LossKind:$kind, CNN_F32Tensor:$predictions,
                       AnyRankedTensor:$labels, UnitAttr:$from_logits);
  let results = (outs 0DTensorOf<[F32]>:$loss);
  let assemblyFormat = [{
    $kind $predictions `,` $labels (`from_logits` $from_logits^)? attr-dict
    `:` type($predictions) `,` type($labels) `->` type($loss)
  }];
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def CNN_LossGradOp : CNN_Op<"loss_grad", [Pure, AllTypesMatch<["predictions", "grad"]>]> {
  let summary = "the gradient of `cnn.loss` with respect to its predictions";
  let description = [{
    Same kinds, labels and `from_logits` as `cnn.loss`; the result has the
    predictions' type. With `from_logits` a cross-entropy's gradient is
    (softmax(z) - labels) / N (sigmoid for the binary one); clipped
    probabilities get a zero gradient, as the clip's own gradient is.

    ```mlir
    %g = cnn.loss_grad sparse_categorical_crossentropy %z, %labels from_logits
        : tensor<?x10xf32>, tensor<?xi32> -> tensor<?x10xf32>
    ```
  }];
  let arguments = (ins CNN_LossKind:$kind, CNN_F32Tensor:$predictions,
                       AnyRankedTensor:$labels, UnitAttr:$from_logits);
  let results = (outs CNN_F32Tensor:$grad);
  let assemblyFormat = [{
    $kind $predictions `,` $labels (`from_logits` $from_logits^)? attr-dict
    `:` type($predictions) `,` type($labels) `->` type($grad)
  }];
  let hasVerifier = 1;
}

def CNN_BatchNormTrainOp : CNN_Op<"batch_norm_train", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "batch normalisation with the batch's own statistics (training mode)";
  let description = [{
    Keras 3's BatchNormalization while training: per channel (the last
    axis), `mean` and `variance` are the batch's over all other axes (the
    biased variance, mean((x - mean)^2), as `keras.ops.moments` gives), and
    the output is `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.
    The statistics are results so that the moving ones can be updated and
    the gradient (`cnn.batch_norm_grad`) reuses them.

    ```mlir
    %y, %mean, %var = cnn.batch_norm_train %x, %gamma, %beta epsilon 1.000000e-03
        : (tensor<?x8x8x16xf32>, tensor<16xf32>, tensor<16xf32>)
        -> (tensor<?x8x8x16xf32>, tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$gamma,
                       CNN_F32Tensor:$beta, F32Attr:$epsilon);
  let results = (outs CNN_F32Tensor:$output, CNN_F32Tensor:$mean,
                      CNN_F32Tensor:$variance);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `epsilon` $epsilon attr-dict
    `:` functional-type(operands, results)
  }];
}

def CNN_BatchNormGradOp : CNN_Op<"batch_norm_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "the gradients of cnn.batch_norm_train: input, gamma and beta";
  let description = [{
    With `xhat = (x - mean) / sqrt(variance + epsilon)` from the forward
    op's batch statistics and M the number of values per channel:
    `gamma_grad = sum(grad * xhat)`, `beta_grad = sum(grad)` and
    `input_grad = gamma / sqrt(variance + epsilon) / M *
    (M * grad - beta_grad - xhat * gamma_grad)`, the batch statistics'
    own dependence on x included.

    ```mlir
    %dx, %dgamma, %dbeta = cnn.batch_norm_grad %x, %gamma, %mean, %var, %dy epsilon 1.000000e-03
        : (tensor<?x8x8x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<?x8x8x16xf32>)
        -> (tensor<?x8x8x16xf32>, tensor<16xf32>, tensor<16xf32>)
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$gamma,
                       CNN_F32Tensor:$mean, CNN_F32Tensor:$variance,
                       CNN_F32Tensor:$grad, F32Attr:$epsilon);
  let results = (outs CNN_F32Tensor:$input_grad, CNN_F32Tensor:$gamma_grad,
                      CNN_F32Tensor:$beta_grad);
  let assemblyFormat = [{
    $input `,` $gamma `,` $mean `,` $variance `,` $grad `epsilon` $epsilon attr-dict
    `:` functional-type(operands, results)
  }];
}

def CNN_MovingAverageOp : CNN_Op<"moving_average",
    [Pure, AllTypesMatch<["average", "value", "updated"]>]> {
  let summary = "an exponential moving average: average * momentum + value * (1 - momentum)";
  let description = [{
    How Keras updates BatchNormalization's moving mean and variance with a
    batch's statistics.

    ```mlir
    %new = cnn.moving_average %moving_mean, %mean momentum 9.900000e-01 : tensor<16xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$average, CNN_F32Tensor:$value, F32Attr:$momentum);
  let results = (outs CNN_F32Tensor:$updated);
  let assemblyFormat = "$average `,` $value `momentum` $momentum attr-dict `:` type($average)";
  let hasVerifier = 1;
}

def CNN_Pool2DWithWinnersOp : CNN_Op<"pool2d_with_winners", [Pure,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "max or min pooling that also keeps each window's winner (training mode)";
  let description = [{
    `output` is `cnn.pool2d`'s (kind `max` or `min`); `winners` holds, for
    each output cell, the row-major offset ky * KW + kx within its window of
    the window's first extreme. cnn-autodiff puts it in place of the
    gradient function's max and min pools, so that the gradient
    (`cnn.pool2d_grad_winners`) routes to the winners without searching the
    windows again, and keeps those i32 offsets (the output's size) instead
    of the pool's input.

    ```mlir
    %y, %w = cnn.pool2d_with_winners max %x window [2, 2] strides [2, 2] padding valid
        : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>, tensor<?x13x13x32xi32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input,
                       CNN_Pair:$window, CNN_Pair:$strides, CNN_Padding:$padding);
  let results = (outs CNN_F32Tensor:$output, RankedTensorOf<[I32]>:$winners);
  let assemblyFormat = [{
    $kind $input `window` $window `strides` $strides `padding` $padding attr-dict
    `:` type($input) `->` type($output) `,` type($winners)
  }];
  let hasVerifier = 1;
}

def CNN_Pool2DGradWinnersOp : CNN_Op<"pool2d_grad_winners", [Pure]> {
  let summary = "the gradient of cnn.pool2d_with_winners with respect to its input";
  let description = [{
    Each output cell's gradient goes to its window's winner; an input cell
    gets the sum over the windows it won. The result type (the forward
    input's) is stated and checked against the window geometry.

    ```mlir
    %dx = cnn.pool2d_grad_winners %w, %dy window [2, 2] strides [2, 2] padding valid
        : tensor<?x13x13x32xi32>, tensor<?x13x13x32xf32> -> tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[I32]>:$winners, CNN_F32Tensor:$grad,
                       CNN_Pair:$window, CNN_Pair:$strides, CNN_Padding:$padding);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = [{
    $winners `,` $grad `window` $window `strides` $strides `padding` $padding attr-dict
    `:` type($winners) `,` type($grad) `->` type($input_grad)
  }];
  let hasVerifier = 1;
}

def CNN_AddPenaltyOp : CNN_Op<"add_penalty", [Pure, AllTypesMatch<["loss", "total"]>,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "a loss plus a weight's or an activation's regularization penalty";
  let description = [{
    `loss + l1 * sum(|value|) + l2 * sum(value^2)`: Keras' L1, L2 and L1L2
    regularizers added to the training loss, one op per regularized weight
    (`kernel_regularizer`, ...) or layer output (`activity_regularizer`).
    With `per_sample`, the penalty is divided by the size of `value`'s
    dimension 0, the batch: Keras 2's activity regularizers (Keras 3 does not
    divide). Its gradient passes the loss' gradient through and gives the
    value `cnn.penalty_grad`.

    ```mlir
    %total = cnn.add_penalty %loss, %kernel l1 0.000000e+00 l2 0.00999999977
        : tensor<f32>, tensor<800x128xf32>
    %total2 = cnn.add_penalty %total, %activation l1 0.00999999977 l2 0.000000e+00 per_sample
        : tensor<f32>, tensor<?x128xf32>
    ```
  }];
  let arguments = (ins 0DTensorOf<[F32]>:$loss, CNN_F32Tensor:$value,
                       F32Attr:$l1, F32Attr:$l2, UnitAttr:$per_sample);
  let results = (outs 0DTensorOf<[F32]>:$total);
  let assemblyFormat = [{
    $loss `,` $value `l1` $l1 `l2` $l2 (`per_sample` $per_sample^)? attr-dict
    `:` type($loss) `,` type($value)
  }];
  let hasVerifier = 1;
}

def CNN_PenaltyGradOp : CNN_Op<"penalty_grad", [Pure,
    AllTypesMatch<["value", "value_grad"]>]> {
  let summary = "the gradient of cnn.add_penalty with respect to its value";
  let description = [{
    `grad * (l1 * sign(value) + 2 * l2 * value)`, divided by the size of
    `value`'s dimension 0 with `per_sample`; sign(0) = 0 (the gradient
    TensorFlow gives |x| at 0); `grad` is the total's gradient.

    ```mlir
    %dw = cnn.penalty_grad %kernel, %dtotal l1 0.000000e+00 l2 0.00999999977
        : tensor<800x128xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$value, 0DTensorOf<[F32]>:$grad,
                       F32Attr:$l1, F32Attr:$l2, UnitAttr:$per_sample);
  let results = (outs CNN_F32Tensor:$value_grad);
  let assemblyFormat = [{
    $value `,` $grad `l1` $l1 `l2` $l2 (`per_sample` $per_sample^)? attr-dict
    `:` type($value) `,` type($grad)
  }];
  let hasVerifier = 1;
}

def CNN_Conv2DGradInputOp : CNN_Op<"conv2d_grad_input", [Pure]> {
  let summary = "the gradient of cnn.conv2d with respect to its input";
  let description = [{
    The transposed convolution: each output gradient cell spreads back over
    the input cells its window read, weighted by the filter. The result type
    is the forward input's (several input sizes give one output size when
    strides > 1), so it is stated, and checked against `grad` and `filter`.

    ```mlir
    %dx = cnn.conv2d_grad_input %dy, %w strides [1, 1] dilations [1, 1] padding valid
        : (tensor<?x11x11x32xf32>, tensor<3x3x32x32xf32>) -> tensor<?x13x13x32xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$grad, CNN_F32Tensor:$filter,
                       CNN_Pair:$strides, CNN_Pair:$dilations, CNN_Padding:$padding);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = [{
    $grad `,` $filter `strides` $strides `dilations` $dilations `padding` $padding
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def CNN_Conv2DGradFilterOp : CNN_Op<"conv2d_grad_filter", [Pure]> {
  let summary = "the gradient of cnn.conv2d with respect to its filter";
  let description = [{
    `dw[i, j, c, k] = sum over n, y, x of input[n, y*s0 + i*d0 - padTop,
    x*s1 + j*d1 - padLeft, c] * grad[n, y, x, k]`, zero outside the input.
    The result type (the filter's) is stated and checked.

    ```mlir
    %dw = cnn.conv2d_grad_filter %x, %dy strides [1, 1] dilations [1, 1] padding valid
        : (tensor<?x13x13x32xf32>, tensor<?x11x11x32xf32>) -> tensor<3x3x32x32xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$grad,
                       CNN_Pair:$strides, CNN_Pair:$dilations, CNN_Padding:$padding);
  let results = (outs CNN_F32Tensor:$filter_grad);
  let assemblyFormat = [{
    $input `,` $grad `strides` $strides `dilations` $dilations `padding` $padding
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def CNN_BiasGradOp : CNN_Op<"bias_grad", [Pure, InferTypeOpAdaptor]> {
  let summary = "the gradient of a bias: the sum over all axes but the last";
  let description = [{
    ```mlir
    %db = cnn.bias_grad %dy : tensor<?x26x26x32xf32> -> tensor<32xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$grad);
  let results = (outs CNN_F32Tensor:$bias_grad);
  let assemblyFormat = "$grad attr-dict `:` type($grad) `->` type($bias_grad)";
}

def CNN_DenseGradInputOp : CNN_Op<"dense_grad_input", [Pure, InferTypeOpAdaptor]> {
  let summary = "the gradient of cnn.dense with respect to its input: grad x kernel^T";
  let description = [{
    ```mlir
    %dx = cnn.dense_grad_input %dy, %w : (tensor<?x128xf32>, tensor<800x128xf32>) -> tensor<?x800xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$grad, CNN_F32Tensor:$kernel);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = "$grad `,` $kernel attr-dict `:` functional-type(operands, results)";
}

def CNN_DenseGradKernelOp : CNN_Op<"dense_grad_kernel", [Pure, InferTypeOpAdaptor]> {
  let summary = "the gradient of cnn.dense with respect to its kernel: input^T x grad";
  let description = [{
    Summed over every axis but the last of both operands (all samples, and
    all positions when the input has rank > 2).

    ```mlir
    %dw = cnn.dense_grad_kernel %x, %dy : (tensor<?x800xf32>, tensor<?x128xf32>) -> tensor<800x128xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$grad);
  let results = (outs CNN_F32Tensor:$kernel_grad);
  let assemblyFormat = "$input `,` $grad attr-dict `:` functional-type(operands, results)";
}

def CNN_Pool2DGradOp : CNN_Op<"pool2d_grad", [Pure, AllTypesMatch<["input", "input_grad"]>]> {
  let summary = "the gradient of cnn.pool2d with respect to its input";
  let description = [{
    Attributes as in the forward `cnn.pool2d`, whose input is given again.
    `max` and `min` send each window's gradient to the window's first extreme
    (in row-major order), as TensorFlow does; `avg` spreads it evenly over the
    window's cells inside the input; `l2` and `lp` use the derivative of
    (sum x^p)^(1/p), x^(p-1) * y^(1-p) (zero where y is zero).

    ```mlir
    %dx = cnn.pool2d_grad max %x, %dy window [2, 2] strides [2, 2] padding valid
        : tensor<?x26x26x32xf32>, tensor<?x13x13x32xf32> -> tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input, CNN_F32Tensor:$grad,
                       CNN_Pair:$window, CNN_Pair:$strides, CNN_Padding:$padding,
                       OptionalAttr<F32Attr>:$p);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = [{
    $kind $input `,` $grad `window` $window `strides` $strides `padding` $padding
    attr-dict `:` type($input) `,` type($grad) `->` type($input_grad)
  }];
  let hasVerifier = 1;
}

def CNN_GlobalPool2DGradOp : CNN_Op<"global_pool2d_grad",
    [Pure, AllTypesMatch<["input", "input_grad"]>]> {
  let summary = "the gradient of cnn.global_pool2d with respect to its input";
  let description = [{
    Kind, `keepdims` and `p` as in the forward `cnn.global_pool2d`, whose
    input is given again; `grad` has the forward result's type. `max` and
    `min` split each feature map's gradient evenly among the cells that hold
    its extreme (indicator / count of the tied cells), as TensorFlow's
    gradient of reduce_max and reduce_min (Keras' GlobalMaxPooling2D) does;
    `avg` gives every cell grad / (H*W); `l2` gives grad * x / y and `lp`
    grad * x^(p-1) / y^(p-1), where y is the forward result, and zero where
    y is zero.

    ```mlir
    %dx = cnn.global_pool2d_grad max %x, %dy
        : tensor<?x7x7x64xf32>, tensor<?x64xf32> -> tensor<?x7x7x64xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input, CNN_F32Tensor:$grad,
                       UnitAttr:$keepdims, OptionalAttr<F32Attr>:$p);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = [{
    $kind $input `,` $grad (`keepdims` $keepdims^)? attr-dict
    `:` type($input) `,` type($grad) `->` type($input_grad)
  }];
  let hasVerifier = 1;
}

def CNN_ChannelPoolGradOp : CNN_Op<"channel_pool_grad",
    [Pure, AllTypesMatch<["input", "input_grad"]>]> {
  let summary = "the gradient of cnn.channel_pool with respect to its input";
  let description = [{
    Attributes as in the forward `cnn.channel_pool`, whose input is given
    again. Each input channel sums its shares of the gradients of the
    windows that contain it (none, and so zero, where stride > window leaves
    channels out). `max` and `min` send each window's gradient to its first
    extreme (the lowest channel among ties), as `cnn.pool2d_grad` does;
    `avg` gives each channel of the window grad / window; `l2` and `lp` use
    the derivative of (sum x^p)^(1/p), x^(p-1) * y^(1-p) (zero where y is
    zero).

    ```mlir
    %dx = cnn.channel_pool_grad max %x, %dy window 4 stride 4
        : tensor<?x8x8x32xf32>, tensor<?x8x8x8xf32> -> tensor<?x8x8x32xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input, CNN_F32Tensor:$grad,
                       I64Attr:$window, I64Attr:$stride, OptionalAttr<F32Attr>:$p);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = [{
    $kind $input `,` $grad `window` $window `stride` $stride attr-dict
    `:` type($input) `,` type($grad) `->` type($input_grad)
  }];
  let hasVerifier = 1;
}

def CNN_MergeGradOp : CNN_Op<"merge_grad", [Pure, AllTypesMatch<["grad", "input_grad"]>]> {
  let summary = "the gradient of cnn.merge with respect to its input number `index`";
  let description = [{
    Kind and inputs as in the forward `cnn.merge`; `grad` has their type.
    `add`: grad; `subtract`: grad for input 0, -grad for input 1; `average`:
    grad / n; `multiply`: grad times the product of the other inputs;
    `maximum` and `minimum`: grad where input `index` is the earliest input
    that holds the extreme, else 0. Keras folds maximum(maximum(x0, x1), x2)
    ... and TensorFlow's gradient of maximum(a, b) goes to a where a >= b
    (minimum: a <= b), so a tie goes to the earliest input. (cnn-autodiff
    passes grad on itself for add and builds a `cnn.merge multiply` for
    multiply.)

    ```mlir
    %da = cnn.merge_grad maximum %a, %b grad %dy index 0
        : tensor<?x8x8x16xf32>, tensor<?x8x8x16xf32> -> tensor<?x8x8x16xf32>
    ```
  }];
  let arguments = (ins CNN_MergeKind:$kind, Variadic<CNN_F32Tensor>:$inputs,
                       CNN_F32Tensor:$grad, I64Attr:$index);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = [{
    $kind $inputs `grad` $grad `index` $index attr-dict `:` type($inputs) `->` type($input_grad)
  }];
  let hasVerifier = 1;
}

def CNN_SliceOp : CNN_Op<"slice", [Pure, InferTypeOpAdaptor]> {
  let summary = "`size` entries from `offset` along one axis: an input's part of a cnn.concat gradient";
  let description = [{
    `axis` counts the batch as 0, as in `cnn.concat`, and is not the batch;
    the slice must lie inside the input. The gradient of each input of a
    `cnn.concat` is the slice of the result gradient where that input went.

    ```mlir
    %db = cnn.slice %dy axis 3 offset 16 size 8 : tensor<?x8x8x24xf32> -> tensor<?x8x8x8xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, I64Attr:$axis, I64Attr:$offset,
                       I64Attr:$size);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $input `axis` $axis `offset` $offset `size` $size attr-dict `:` type($input) `->` type($output)
  }];
}

def CNN_ActivationGradOp : CNN_Op<"activation_grad",
    [Pure, AllTypesMatch<["input", "grad", "input_grad"]>]> {
  let summary = "the gradient of cnn.activation with respect to its input";
  let description = [{
    Kind and parameters as in the forward `cnn.activation`, whose input (the
    pre-activation) is given: elementwise kinds multiply `grad` by f'(x);
    `softmax` gives y * (grad - sum(grad * y)) and `log_softmax`
    grad - softmax(x) * sum(grad), over the last axis. At a kink the
    derivative is the one of the piece the forward formula picks.

    ```mlir
    %dx = cnn.activation_grad relu %x, %dy : tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins CNN_ActivationKind:$kind, CNN_F32Tensor:$input,
                       CNN_F32Tensor:$grad,
                       OptionalAttr<F32Attr>:$alpha,
                       OptionalAttr<F32Attr>:$max_value,
                       OptionalAttr<F32Attr>:$threshold);
  let results = (outs CNN_F32Tensor:$input_grad);
  let assemblyFormat = "$kind $input `,` $grad attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def CNN_DropoutTrainOp : CNN_Op<"dropout_train", [Pure,
    AllTypesMatch<["input", "output"]>,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "dropout in training mode: a seeded random mask, scaled by 1/(1-rate)";
  let description = [{
    Keras' Dropout while training: each element is kept with probability
    1 - rate and scaled by 1/(1 - rate), or set to 0. The mask comes from a
    counter-based generator (SplitMix64 of the seed, the `stream` and the
    element's row-major index), so the same seed gives the same mask, and
    the gradient is this op applied to the output gradient with the same
    seed: no mask is stored. cnn-autodiff puts it in place of each
    `cnn.dropout` of the gradient function, with the function's seed.

    ```mlir
    %y = cnn.dropout_train %x, %seed rate 5.000000e-01 stream 0
        : tensor<?x128xf32>, tensor<i64>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, 0DTensorOf<[I64]>:$seed,
                       F32Attr:$rate, I64Attr:$stream);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $seed `rate` $rate `stream` $stream attr-dict `:` type($input) `,` type($seed)
  }];
  let hasVerifier = 1;
}

#endif // CNN_TRAINING_OPS_TD
