// Ops of the cnn dialect: the single source of truth for each layer's operands and attributes.
#ifndef CNN_OPS_TD
#define CNN_OPS_TD

include "cnn/IR/CNNDialect.td"
include "cnn/Interfaces/GradientOpInterface.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def CNN_Padding : I32EnumAttr<"Padding", "padding of a sliding window", [
    I32EnumAttrCase<"valid", 0>,
    I32EnumAttrCase<"same", 1>]> {
  let cppNamespace = "::cnn";
}

def CNN_PoolKind : I32EnumAttr<"PoolKind", "what a pooling window computes", [
    I32EnumAttrCase<"max", 0>,
    I32EnumAttrCase<"min", 1>,
    I32EnumAttrCase<"avg", 2>,
    I32EnumAttrCase<"l2", 3>,
    I32EnumAttrCase<"lp", 4>]> {
  let cppNamespace = "::cnn";
}

def CNN_ActivationKind : I32EnumAttr<"ActivationKind", "an elementwise or row-wise activation", [
    I32EnumAttrCase<"linear", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"sigmoid", 2>,
    I32EnumAttrCase<"tanh", 3>,
    I32EnumAttrCase<"softmax", 4>,
    I32EnumAttrCase<"elu", 5>,
    I32EnumAttrCase<"selu", 6>,
    I32EnumAttrCase<"hard_sigmoid", 7>,
    I32EnumAttrCase<"hard_sigmoid6", 8>,
    I32EnumAttrCase<"softplus", 9>,
    I32EnumAttrCase<"softsign", 10>,
    I32EnumAttrCase<"swish", 11>,
    I32EnumAttrCase<"gelu", 12>,
    I32EnumAttrCase<"gelu_tanh", 13>,
    I32EnumAttrCase<"exponential", 14>,
    I32EnumAttrCase<"mish", 15>,
    I32EnumAttrCase<"log_softmax", 16>]> {
  let cppNamespace = "::cnn";
}

def CNN_F32Tensor : RankedTensorOf<[F32]>;
def CNN_Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

def CNN_Conv2DOp : CNN_Op<"conv2d", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "2-D convolution over an NHWC input with an HWIO filter";
  let description = [{
    Keras' Conv2D without its activation: `out[n,y,x,k] = bias[k] +
    sum(input[n, y*s0 + i*d0 - padTop, x*s1 + j*d1 - padLeft, c] * filter[i,j,c,k])`,
    with zeros outside the input. `same` padding splits the total padding as
    TensorFlow does: the smaller half on top/left. Output size per spatial
    dimension is floor((W + P - d*(F-1) - 1) / S) + 1.

    ```mlir
    %y = cnn.conv2d %x, %w, %b strides [1, 1] dilations [1, 1] padding valid
        : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$filter,
                       Optional<CNN_F32Tensor>:$bias,
                       CNN_Pair:$strides, CNN_Pair:$dilations, CNN_Padding:$padding);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? `strides` $strides `dilations` $dilations
    `padding` $padding attr-dict `:` functional-type(operands, results)
  }];
}

def CNN_Pool2DOp : CNN_Op<"pool2d", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "spatial pooling of each feature map (max, min, avg, l2, lp)";
  let description = [{
    Slides a `window` over H and W of each channel separately. `max` and `min`
    treat padded cells as -inf and +inf; `avg` leaves padded cells out of the
    divisor (Keras' AveragePooling2D); `l2` is sqrt(sum(x^2)) over the window
    and `lp` is (sum(x^p))^(1/p) (PyTorch's LPPool2d: x^p is not |x|^p, so
    odd or fractional p wants non-negative inputs), padded cells counting as
    zero. `p` is given for `lp` and only for it.

    ```mlir
    %y = cnn.pool2d max %x window [2, 2] strides [2, 2] padding valid
        : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input,
                       CNN_Pair:$window, CNN_Pair:$strides, CNN_Padding:$padding,
                       OptionalAttr<F32Attr>:$p);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $kind $input `window` $window `strides` $strides `padding` $padding attr-dict
    `:` type($input) `->` type($output)
  }];
}

def CNN_GlobalPool2DOp : CNN_Op<"global_pool2d", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "pooling of each whole feature map to one value";
  let description = [{
    Keras' GlobalMaxPooling2D / GlobalAveragePooling2D (and the min, l2 and
    lp variants with the semantics of `cnn.pool2d`) over H and W:
    `[N, H, W, C]` becomes `[N, C]`, or `[N, 1, 1, C]` with `keepdims`.

    ```mlir
    %y = cnn.global_pool2d avg %x : tensor<?x7x7x64xf32> -> tensor<?x64xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input,
                       UnitAttr:$keepdims, OptionalAttr<F32Attr>:$p);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $kind $input (`keepdims` $keepdims^)? attr-dict `:` type($input) `->` type($output)
  }];
}

def CNN_ChannelPoolOp : CNN_Op<"channel_pool", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "pooling across depth: a window over the channels of each pixel";
  let description = [{
    Slides a window of `window` channels with stride `stride` over the
    channel axis of each pixel (spatial size kept): output channel c pools
    input channels [c*stride, c*stride + window). The windows must tile the
    channels exactly: (C - window) is a multiple of stride. Kinds as in
    `cnn.pool2d` (no padding); `max` with stride = window is maxout.

    ```mlir
    %y = cnn.channel_pool max %x window 4 stride 4 : tensor<?x8x8x32xf32> -> tensor<?x8x8x8xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input,
                       I64Attr:$window, I64Attr:$stride, OptionalAttr<F32Attr>:$p);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $kind $input `window` $window `stride` $stride attr-dict `:` type($input) `->` type($output)
  }];
}

def CNN_DenseOp : CNN_Op<"dense", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "fully connected layer: input x kernel + bias";
  let description = [{
    Keras' Dense without its activation: a kernel `[in, out]` applied to the
    last axis of an input `[N, ..., in]`, giving `[N, ..., out]`.

    ```mlir
    %y = cnn.dense %x, %w, %b : (tensor<?x800xf32>, tensor<800x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$kernel,
                       Optional<CNN_F32Tensor>:$bias);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $kernel (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def CNN_FlattenOp : CNN_Op<"flatten", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "collapses all but the batch dimension, in row-major (h, w, c) order";
  let description = [{
    ```mlir
    %y = cnn.flatten %x : tensor<?x5x5x32xf32> -> tensor<?x800xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def CNN_ActivationOp : CNN_Op<"activation", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "an activation function, elementwise (softmax: over the last axis)";
  let description = [{
    Keras' activations. `linear` is the identity; `relu` is Keras' ReLU:
    x >= max_value ? max_value : x >= threshold ? x : alpha * (x - threshold)
    (alpha, the negative slope, defaults to 0, threshold to 0, max_value to
    none); `elu` is x > 0 ? x : alpha * (exp(x) - 1) (alpha defaults to 1);
    `selu` is 1.0507009873554805 * elu(x) with alpha 1.6732632423543772;
    `sigmoid` 1/(1+exp(-x)); `hard_sigmoid` clip(0.2x + 0.5, 0, 1) (Keras 2,
    TF.js); `hard_sigmoid6` relu6(x + 3) / 6 (Keras 3); `softplus`
    log(1 + exp(x)); `softsign` x / (1 + |x|); `swish` x * sigmoid(x); `gelu`
    x * (1 + erf(x / sqrt 2)) / 2; `gelu_tanh` its tanh approximation;
    `exponential` exp(x); `mish` x * tanh(softplus(x)); `softmax`
    exp(x - max) / sum(exp(x - max)) and `log_softmax` its log, over the last
    axis. Only relu takes alpha, max_value and threshold; only elu takes alpha.

    ```mlir
    %y = cnn.activation relu %x : tensor<?x26x26x32xf32>
    %z = cnn.activation relu %x {alpha = 1.000000e-01 : f32, max_value = 6.000000e+00 : f32} : tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins CNN_ActivationKind:$kind, CNN_F32Tensor:$input,
                       OptionalAttr<F32Attr>:$alpha,
                       OptionalAttr<F32Attr>:$max_value,
                       OptionalAttr<F32Attr>:$threshold);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$kind $input attr-dict `:` type($input)";
}

def CNN_DropoutOp : CNN_Op<"dropout", [Pure, InferTypeOpAdaptor]> {
  let summary = "dropout: the identity at inference, the rate kept for training";
  let description = [{
    ```mlir
    %y = cnn.dropout %x rate 5.000000e-01 : tensor<?x128xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input,
                       F32Attr:$rate);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$input `rate` $rate attr-dict `:` type($input)";
}

def CNN_ZeroPad2DOp : CNN_Op<"zero_pad2d", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "pads H and W of an NHWC tensor with zeros (Keras' ZeroPadding2D)";
  let description = [{
    `padding` is [top, bottom, left, right].

    ```mlir
    %y = cnn.zero_pad2d %x padding [1, 1, 2, 2] : tensor<?x28x28x1xf32> -> tensor<?x30x32x1xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>:$padding);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$input `padding` $padding attr-dict `:` type($input) `->` type($output)";
}

def CNN_Crop2DOp : CNN_Op<"crop2d", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "crops H and W of an NHWC tensor (Keras' Cropping2D)";
  let description = [{
    `cropping` is [top, bottom, left, right]: the rows and columns removed
    from each side; at least one row and one column must remain. With the
    same amounts it undoes `cnn.zero_pad2d`, and each is the other's
    gradient.

    ```mlir
    %y = cnn.crop2d %x cropping [1, 0, 2, 1] : tensor<?x30x32x1xf32> -> tensor<?x29x29x1xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input,
                       ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<4>]>:$cropping);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$input `cropping` $cropping attr-dict `:` type($input) `->` type($output)";
}

def CNN_ReshapeOp : CNN_Op<"reshape", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "reinterprets each sample in row-major order as `shape` (Keras' Reshape)";
  let description = [{
    `shape` is the per-sample target shape; one entry may be -1, inferred
    from the element count, which must match.

    ```mlir
    %y = cnn.reshape %x shape [7, 7, 16] : tensor<?x784xf32> -> tensor<?x7x7x16xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, DenseI64ArrayAttr:$shape);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$input `shape` $shape attr-dict `:` type($input) `->` type($output)";
}

def CNN_BatchNormOp : CNN_Op<"batch_norm", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "batch normalisation in inference form, over the last axis";
  let description = [{
    `gamma * (x - mean) / sqrt(variance + epsilon) + beta`, each a vector
    over the last (channel) axis: Keras' BatchNormalization at inference,
    with its moving statistics.

    `momentum` (in [0, 1]) is given when the layer learns its statistics:
    in a training step cnn-autodiff then normalises with the batch's
    statistics (`cnn.batch_norm_train`) and updates the moving ones with
    `cnn.moving_average`. Without it (Keras' `trainable: false`) training
    uses the moving statistics, as inference does.

    ```mlir
    %y = cnn.batch_norm %x, %gamma, %beta, %mean, %variance epsilon 1.000000e-03 momentum 9.900000e-01
        : (tensor<?x8x8x16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<?x8x8x16xf32>
    ```
  }];
  let arguments = (ins CNN_F32Tensor:$input, CNN_F32Tensor:$gamma,
                       CNN_F32Tensor:$beta, CNN_F32Tensor:$mean,
                       CNN_F32Tensor:$variance, F32Attr:$epsilon,
                       OptionalAttr<F32Attr>:$momentum);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $gamma `,` $beta `,` $mean `,` $variance `epsilon` $epsilon
    (`momentum` $momentum^)? attr-dict `:` functional-type(operands, results)
  }];
}

def CNN_MergeKind : I32EnumAttr<"MergeKind", "how a merge layer combines its inputs", [
    I32EnumAttrCase<"add", 0>,
    I32EnumAttrCase<"subtract", 1>,
    I32EnumAttrCase<"multiply", 2>,
    I32EnumAttrCase<"average", 3>,
    I32EnumAttrCase<"maximum", 4>,
    I32EnumAttrCase<"minimum", 5>]> {
  let cppNamespace = "::cnn";
}

def CNN_MergeOp : CNN_Op<"merge", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "elementwise combination of same-shaped inputs (Keras' Add, Multiply, ...)";
  let description = [{
    `subtract` takes exactly two inputs (the first minus the second); the
    others take two or more. `maximum` and `minimum` fold left to right, as
    Keras does (`out = in0; out = maximum(out, in_i)`).

    ```mlir
    %y = cnn.merge add %a, %b : tensor<?x8x8x16xf32>, tensor<?x8x8x16xf32> -> tensor<?x8x8x16xf32>
    ```
  }];
  let arguments = (ins CNN_MergeKind:$kind, Variadic<CNN_F32Tensor>:$inputs);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$kind $inputs attr-dict `:` type($inputs) `->` type($output)";
}

def CNN_ConcatOp : CNN_Op<"concat", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<CNN_GradientOpInterface>]> {
  let summary = "joins inputs along `axis` (Keras' Concatenate)";
  let description = [{
    `axis` counts the batch as 0; all other dimensions must agree.

    ```mlir
    %y = cnn.concat %a, %b axis 3 : tensor<?x8x8x16xf32>, tensor<?x8x8x8xf32> -> tensor<?x8x8x24xf32>
    ```
  }];
  let arguments = (ins Variadic<CNN_F32Tensor>:$inputs, I64Attr:$axis);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = "$inputs `axis` $axis attr-dict `:` type($inputs) `->` type($output)";
}

include "cnn/IR/CNNTrainingOps.td"

#endif // CNN_OPS_TD
