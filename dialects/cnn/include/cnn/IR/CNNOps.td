// Ops of the cnn dialect: the single source of truth for each layer's operands and attributes.
#ifndef CNN_OPS_TD
#define CNN_OPS_TD

include "cnn/IR/CNNDialect.td"
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
    I32EnumAttrCase<"l2", 3>]> {
  let cppNamespace = "::cnn";
}

def CNN_ActivationKind : I32EnumAttr<"ActivationKind", "an elementwise or row-wise activation", [
    I32EnumAttrCase<"linear", 0>,
    I32EnumAttrCase<"relu", 1>,
    I32EnumAttrCase<"sigmoid", 2>,
    I32EnumAttrCase<"tanh", 3>,
    I32EnumAttrCase<"softmax", 4>]> {
  let cppNamespace = "::cnn";
}

def CNN_F32Tensor : RankedTensorOf<[F32]>;
def CNN_Pair : ConfinedAttr<DenseI64ArrayAttr, [DenseArrayCount<2>]>;

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

def CNN_Conv2DOp : CNN_Op<"conv2d", [Pure, InferTypeOpAdaptor]> {
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

def CNN_Pool2DOp : CNN_Op<"pool2d", [Pure, InferTypeOpAdaptor]> {
  let summary = "spatial pooling of each feature map (max, min, avg, l2)";
  let description = [{
    Slides a `window` over H and W of each channel separately. `max` and `min`
    treat padded cells as -inf and +inf; `avg` leaves padded cells out of the
    divisor (Keras' AveragePooling2D); `l2` is sqrt(sum(x^2)) over the window
    (PyTorch's LPPool2d with p = 2), padded cells counting as zero.

    ```mlir
    %y = cnn.pool2d max %x window [2, 2] strides [2, 2] padding valid
        : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
    ```
  }];
  let arguments = (ins CNN_PoolKind:$kind, CNN_F32Tensor:$input,
                       CNN_Pair:$window, CNN_Pair:$strides, CNN_Padding:$padding);
  let results = (outs CNN_F32Tensor:$output);
  let assemblyFormat = [{
    $kind $input `window` $window `strides` $strides `padding` $padding attr-dict
    `:` type($input) `->` type($output)
  }];
}

def CNN_DenseOp : CNN_Op<"dense", [Pure, InferTypeOpAdaptor]> {
  let summary = "fully connected layer: input x kernel + bias";
  let description = [{
    Keras' Dense without its activation on a rank-2 input `[N, in]` and a
    kernel `[in, out]`.

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

def CNN_FlattenOp : CNN_Op<"flatten", [Pure, InferTypeOpAdaptor]> {
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

def CNN_ActivationOp : CNN_Op<"activation", [Pure, InferTypeOpAdaptor]> {
  let summary = "an activation function, elementwise (softmax: over the last axis)";
  let description = [{
    `linear` is the identity, `relu` is max(x, 0), `sigmoid` 1/(1+exp(-x)),
    `tanh`, and `softmax` exp(x - max) / sum(exp(x - max)) over the last axis.

    ```mlir
    %y = cnn.activation relu %x : tensor<?x26x26x32xf32>
    ```
  }];
  let arguments = (ins CNN_ActivationKind:$kind, CNN_F32Tensor:$input);
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

#endif // CNN_OPS_TD
