// RUN: cnn-opt %s | FileCheck %s
// RUN: cnn-opt %s | cnn-opt | FileCheck %s

// CHECK-LABEL: func @conv
func.func @conv(%x: tensor<?x28x28x1xf32>, %w: tensor<3x3x1x32xf32>, %b: tensor<32xf32>) -> tensor<?x26x26x32xf32> {
  // CHECK: cnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} strides [1, 1] dilations [1, 1] padding valid : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
  %0 = cnn.conv2d %x, %w, %b strides [1, 1] dilations [1, 1] padding valid : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
  return %0 : tensor<?x26x26x32xf32>
}

// CHECK-LABEL: func @conv_same_strided_no_bias
func.func @conv_same_strided_no_bias(%x: tensor<2x13x11x3xf32>, %w: tensor<3x2x3x8xf32>) -> tensor<2x7x6x8xf32> {
  // CHECK: cnn.conv2d %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] padding same
  %0 = cnn.conv2d %x, %w strides [2, 2] dilations [1, 1] padding same : (tensor<2x13x11x3xf32>, tensor<3x2x3x8xf32>) -> tensor<2x7x6x8xf32>
  return %0 : tensor<2x7x6x8xf32>
}

// CHECK-LABEL: func @pools
func.func @pools(%x: tensor<?x26x26x32xf32>) -> (tensor<?x13x13x32xf32>, tensor<?x24x24x32xf32>, tensor<?x13x13x32xf32>, tensor<?x9x9x32xf32>) {
  // CHECK: cnn.pool2d max %{{.*}} window [2, 2] strides [2, 2] padding valid
  %0 = cnn.pool2d max %x window [2, 2] strides [2, 2] padding valid : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
  // CHECK: cnn.pool2d min
  %1 = cnn.pool2d min %x window [3, 3] strides [1, 1] padding valid : tensor<?x26x26x32xf32> -> tensor<?x24x24x32xf32>
  // CHECK: cnn.pool2d avg {{.*}} padding same
  %2 = cnn.pool2d avg %x window [3, 3] strides [2, 2] padding same : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
  // CHECK: cnn.pool2d l2
  %3 = cnn.pool2d l2 %x window [3, 3] strides [3, 3] padding same : tensor<?x26x26x32xf32> -> tensor<?x9x9x32xf32>
  return %0, %1, %2, %3 : tensor<?x13x13x32xf32>, tensor<?x24x24x32xf32>, tensor<?x13x13x32xf32>, tensor<?x9x9x32xf32>
}

// CHECK-LABEL: func @head
func.func @head(%x: tensor<?x5x5x32xf32>, %k: tensor<800x10xf32>, %b: tensor<10xf32>) -> tensor<?x10xf32> {
  // CHECK: cnn.flatten %{{.*}} : tensor<?x5x5x32xf32> -> tensor<?x800xf32>
  %0 = cnn.flatten %x : tensor<?x5x5x32xf32> -> tensor<?x800xf32>
  // CHECK: cnn.dense %{{.*}}, %{{.*}}, %{{.*}} : (tensor<?x800xf32>, tensor<800x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  %1 = cnn.dense %0, %k, %b : (tensor<?x800xf32>, tensor<800x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  // CHECK: cnn.dropout %{{.*}} rate 2.500000e-01 : tensor<?x10xf32>
  %2 = cnn.dropout %1 rate 0.25 : tensor<?x10xf32>
  // CHECK: cnn.activation softmax %{{.*}} : tensor<?x10xf32>
  %3 = cnn.activation softmax %2 : tensor<?x10xf32>
  return %3 : tensor<?x10xf32>
}

// CHECK-LABEL: func @activations
func.func @activations(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // CHECK: cnn.activation relu
  // CHECK: cnn.activation sigmoid
  // CHECK: cnn.activation tanh
  // CHECK: cnn.activation linear
  %0 = cnn.activation relu %x : tensor<?x4xf32>
  %1 = cnn.activation sigmoid %0 : tensor<?x4xf32>
  %2 = cnn.activation tanh %1 : tensor<?x4xf32>
  %3 = cnn.activation linear %2 : tensor<?x4xf32>
  return %3 : tensor<?x4xf32>
}

// CHECK-LABEL: func @more_pooling
func.func @more_pooling(%x: tensor<?x8x8x32xf32>) -> (tensor<?x4x4x32xf32>, tensor<?x32xf32>, tensor<?x1x1x32xf32>, tensor<?x8x8x8xf32>) {
  // CHECK: cnn.pool2d lp %{{.*}} window [2, 2] strides [2, 2] padding valid {p = 3.000000e+00 : f32}
  %0 = cnn.pool2d lp %x window [2, 2] strides [2, 2] padding valid {p = 3.0 : f32} : tensor<?x8x8x32xf32> -> tensor<?x4x4x32xf32>
  // CHECK: cnn.global_pool2d avg %{{.*}} : tensor<?x8x8x32xf32> -> tensor<?x32xf32>
  %1 = cnn.global_pool2d avg %x : tensor<?x8x8x32xf32> -> tensor<?x32xf32>
  // CHECK: cnn.global_pool2d max %{{.*}} keepdims : tensor<?x8x8x32xf32> -> tensor<?x1x1x32xf32>
  %2 = cnn.global_pool2d max %x keepdims : tensor<?x8x8x32xf32> -> tensor<?x1x1x32xf32>
  // CHECK: cnn.channel_pool max %{{.*}} window 4 stride 4 : tensor<?x8x8x32xf32> -> tensor<?x8x8x8xf32>
  %3 = cnn.channel_pool max %x window 4 stride 4 : tensor<?x8x8x32xf32> -> tensor<?x8x8x8xf32>
  return %0, %1, %2, %3 : tensor<?x4x4x32xf32>, tensor<?x32xf32>, tensor<?x1x1x32xf32>, tensor<?x8x8x8xf32>
}

// CHECK-LABEL: func @shapes_and_norm
func.func @shapes_and_norm(%x: tensor<?x28x28x1xf32>, %s: tensor<1xf32>) -> (tensor<?x30x32x1xf32>, tensor<?x7x112xf32>, tensor<?x28x28x1xf32>) {
  // CHECK: cnn.zero_pad2d %{{.*}} padding [1, 1, 2, 2] : tensor<?x28x28x1xf32> -> tensor<?x30x32x1xf32>
  %0 = cnn.zero_pad2d %x padding [1, 1, 2, 2] : tensor<?x28x28x1xf32> -> tensor<?x30x32x1xf32>
  // CHECK: cnn.reshape %{{.*}} shape [7, -1] : tensor<?x28x28x1xf32> -> tensor<?x7x112xf32>
  %1 = cnn.reshape %x shape [7, -1] : tensor<?x28x28x1xf32> -> tensor<?x7x112xf32>
  // CHECK: cnn.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon 1.000000e-03
  %2 = cnn.batch_norm %x, %s, %s, %s, %s epsilon 1.0e-3 : (tensor<?x28x28x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<?x28x28x1xf32>
  return %0, %1, %2 : tensor<?x30x32x1xf32>, tensor<?x7x112xf32>, tensor<?x28x28x1xf32>
}

// CHECK-LABEL: func @merges
func.func @merges(%a: tensor<?x4x4x8xf32>, %b: tensor<?x4x4x8xf32>, %c: tensor<?x4x4x2xf32>) -> (tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>, tensor<?x4x4x18xf32>) {
  // CHECK: cnn.merge add %{{.*}}, %{{.*}}, %{{.*}} : tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32> -> tensor<?x4x4x8xf32>
  %0 = cnn.merge add %a, %b, %a : tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32> -> tensor<?x4x4x8xf32>
  // CHECK: cnn.merge subtract
  %1 = cnn.merge subtract %a, %b : tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32> -> tensor<?x4x4x8xf32>
  // CHECK: cnn.concat %{{.*}}, %{{.*}}, %{{.*}} axis 3 : tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>, tensor<?x4x4x2xf32> -> tensor<?x4x4x18xf32>
  %2 = cnn.concat %a, %b, %c axis 3 : tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>, tensor<?x4x4x2xf32> -> tensor<?x4x4x18xf32>
  return %0, %1, %2 : tensor<?x4x4x8xf32>, tensor<?x4x4x8xf32>, tensor<?x4x4x18xf32>
}

// CHECK-LABEL: func @parametrised_activations
func.func @parametrised_activations(%x: tensor<?x4xf32>, %y: tensor<?x4x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4x5xf32>) {
  // CHECK: cnn.activation relu %{{.*}} {alpha = 1.000000e-01 : f32, max_value = 6.000000e+00 : f32, threshold = 5.000000e-01 : f32}
  %0 = cnn.activation relu %x {alpha = 0.1 : f32, max_value = 6.0 : f32, threshold = 0.5 : f32} : tensor<?x4xf32>
  // CHECK: cnn.activation elu %{{.*}} {alpha = 0.699999988 : f32}
  %1 = cnn.activation elu %x {alpha = 0.7 : f32} : tensor<?x4xf32>
  %k = arith.constant dense<1.0> : tensor<4x5xf32>
  // CHECK: cnn.dense %{{.*}}, %{{.*}} : (tensor<?x4x4xf32>, tensor<4x5xf32>) -> tensor<?x4x5xf32>
  %2 = cnn.dense %y, %k : (tensor<?x4x4xf32>, tensor<4x5xf32>) -> tensor<?x4x5xf32>
  return %0, %1, %2 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4x5xf32>
}

// CHECK-LABEL: func @losses
func.func @losses(%z: tensor<?x10xf32>, %labels: tensor<?xi32>, %p: tensor<?x4x4x3xf32>, %y: tensor<?x4x4x3xf32>) -> (tensor<f32>, tensor<?x10xf32>, tensor<f32>, tensor<?x4x4x3xf32>) {
  // CHECK: cnn.loss sparse_categorical_crossentropy %{{.*}}, %{{.*}} from_logits : tensor<?x10xf32>, tensor<?xi32> -> tensor<f32>
  %0 = cnn.loss sparse_categorical_crossentropy %z, %labels from_logits : tensor<?x10xf32>, tensor<?xi32> -> tensor<f32>
  // CHECK: cnn.loss_grad sparse_categorical_crossentropy %{{.*}}, %{{.*}} from_logits : tensor<?x10xf32>, tensor<?xi32> -> tensor<?x10xf32>
  %1 = cnn.loss_grad sparse_categorical_crossentropy %z, %labels from_logits : tensor<?x10xf32>, tensor<?xi32> -> tensor<?x10xf32>
  // CHECK: cnn.loss binary_crossentropy %{{.*}}, %{{.*}} : tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32> -> tensor<f32>
  %2 = cnn.loss binary_crossentropy %p, %y : tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32> -> tensor<f32>
  // CHECK: cnn.loss_grad mean_squared_error %{{.*}}, %{{.*}} : tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32> -> tensor<?x4x4x3xf32>
  %3 = cnn.loss_grad mean_squared_error %p, %y : tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32> -> tensor<?x4x4x3xf32>
  return %0, %1, %2, %3 : tensor<f32>, tensor<?x10xf32>, tensor<f32>, tensor<?x4x4x3xf32>
}

// CHECK-LABEL: func @conv_grads
func.func @conv_grads(%x: tensor<?x13x13x8xf32>, %w: tensor<3x3x8x16xf32>, %dy: tensor<?x6x6x16xf32>) -> (tensor<?x13x13x8xf32>, tensor<3x3x8x16xf32>, tensor<16xf32>) {
  // CHECK: cnn.conv2d_grad_input %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] padding valid : (tensor<?x6x6x16xf32>, tensor<3x3x8x16xf32>) -> tensor<?x13x13x8xf32>
  %0 = cnn.conv2d_grad_input %dy, %w strides [2, 2] dilations [1, 1] padding valid : (tensor<?x6x6x16xf32>, tensor<3x3x8x16xf32>) -> tensor<?x13x13x8xf32>
  // CHECK: cnn.conv2d_grad_filter %{{.*}}, %{{.*}} strides [2, 2] dilations [1, 1] padding valid : (tensor<?x13x13x8xf32>, tensor<?x6x6x16xf32>) -> tensor<3x3x8x16xf32>
  %1 = cnn.conv2d_grad_filter %x, %dy strides [2, 2] dilations [1, 1] padding valid : (tensor<?x13x13x8xf32>, tensor<?x6x6x16xf32>) -> tensor<3x3x8x16xf32>
  // CHECK: cnn.bias_grad %{{.*}} : tensor<?x6x6x16xf32> -> tensor<16xf32>
  %2 = cnn.bias_grad %dy : tensor<?x6x6x16xf32> -> tensor<16xf32>
  return %0, %1, %2 : tensor<?x13x13x8xf32>, tensor<3x3x8x16xf32>, tensor<16xf32>
}

// CHECK-LABEL: func @dense_grads
func.func @dense_grads(%x: tensor<?x800xf32>, %w: tensor<800x128xf32>, %dy: tensor<?x128xf32>) -> (tensor<?x800xf32>, tensor<800x128xf32>) {
  // CHECK: cnn.dense_grad_input %{{.*}}, %{{.*}} : (tensor<?x128xf32>, tensor<800x128xf32>) -> tensor<?x800xf32>
  %0 = cnn.dense_grad_input %dy, %w : (tensor<?x128xf32>, tensor<800x128xf32>) -> tensor<?x800xf32>
  // CHECK: cnn.dense_grad_kernel %{{.*}}, %{{.*}} : (tensor<?x800xf32>, tensor<?x128xf32>) -> tensor<800x128xf32>
  %1 = cnn.dense_grad_kernel %x, %dy : (tensor<?x800xf32>, tensor<?x128xf32>) -> tensor<800x128xf32>
  return %0, %1 : tensor<?x800xf32>, tensor<800x128xf32>
}

// CHECK-LABEL: func @pool_and_activation_grads
func.func @pool_and_activation_grads(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>, %g: tensor<?x8x8x4xf32>) -> (tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>) {
  // CHECK: cnn.pool2d_grad max %{{.*}}, %{{.*}} window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  %0 = cnn.pool2d_grad max %x, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  // CHECK: cnn.pool2d_grad lp %{{.*}}, %{{.*}} window [3, 3] strides [2, 2] padding same {p = 3.000000e+00 : f32}
  %1 = cnn.pool2d_grad lp %x, %dy window [3, 3] strides [2, 2] padding same {p = 3.0 : f32} : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  // CHECK: cnn.activation_grad relu %{{.*}}, %{{.*}} {alpha = 1.000000e-01 : f32, max_value = 6.000000e+00 : f32} : tensor<?x8x8x4xf32>
  %2 = cnn.activation_grad relu %x, %g {alpha = 0.1 : f32, max_value = 6.0 : f32} : tensor<?x8x8x4xf32>
  return %0, %1, %2 : tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>, tensor<?x8x8x4xf32>
}

// CHECK-LABEL: func @dropout_train
func.func @dropout_train(%x: tensor<?x128xf32>, %seed: tensor<i64>) -> tensor<?x128xf32> {
  // CHECK: cnn.dropout_train %{{.*}}, %{{.*}} rate 5.000000e-01 stream 2 : tensor<?x128xf32>, tensor<i64>
  %0 = cnn.dropout_train %x, %seed rate 0.5 stream 2 : tensor<?x128xf32>, tensor<i64>
  return %0 : tensor<?x128xf32>
}

// CHECK-LABEL: func @structural_grads
func.func @structural_grads(%x: tensor<?x30x32x1xf32>, %f: tensor<?x7x7x64xf32>, %df: tensor<?x64xf32>, %c: tensor<?x8x8x32xf32>, %dc: tensor<?x8x8x8xf32>, %a: tensor<?x8x8x16xf32>, %b: tensor<?x8x8x16xf32>, %dy: tensor<?x8x8x24xf32>) -> (tensor<?x29x29x1xf32>, tensor<?x7x7x64xf32>, tensor<?x8x8x32xf32>, tensor<?x8x8x16xf32>, tensor<?x8x8x8xf32>) {
  // CHECK: cnn.crop2d %{{.*}} cropping [1, 0, 2, 1] : tensor<?x30x32x1xf32> -> tensor<?x29x29x1xf32>
  %0 = cnn.crop2d %x cropping [1, 0, 2, 1] : tensor<?x30x32x1xf32> -> tensor<?x29x29x1xf32>
  // CHECK: cnn.global_pool2d_grad max %{{.*}}, %{{.*}} : tensor<?x7x7x64xf32>, tensor<?x64xf32> -> tensor<?x7x7x64xf32>
  %1 = cnn.global_pool2d_grad max %f, %df : tensor<?x7x7x64xf32>, tensor<?x64xf32> -> tensor<?x7x7x64xf32>
  // CHECK: cnn.channel_pool_grad max %{{.*}}, %{{.*}} window 4 stride 4 : tensor<?x8x8x32xf32>, tensor<?x8x8x8xf32> -> tensor<?x8x8x32xf32>
  %2 = cnn.channel_pool_grad max %c, %dc window 4 stride 4 : tensor<?x8x8x32xf32>, tensor<?x8x8x8xf32> -> tensor<?x8x8x32xf32>
  // CHECK: cnn.merge_grad maximum %{{.*}}, %{{.*}} grad %{{.*}} index 0 : tensor<?x8x8x16xf32>, tensor<?x8x8x16xf32> -> tensor<?x8x8x16xf32>
  %3 = cnn.merge_grad maximum %a, %b grad %a index 0 : tensor<?x8x8x16xf32>, tensor<?x8x8x16xf32> -> tensor<?x8x8x16xf32>
  // CHECK: cnn.slice %{{.*}} axis 3 offset 16 size 8 : tensor<?x8x8x24xf32> -> tensor<?x8x8x8xf32>
  %4 = cnn.slice %dy axis 3 offset 16 size 8 : tensor<?x8x8x24xf32> -> tensor<?x8x8x8xf32>
  return %0, %1, %2, %3, %4 : tensor<?x29x29x1xf32>, tensor<?x7x7x64xf32>, tensor<?x8x8x32xf32>, tensor<?x8x8x16xf32>, tensor<?x8x8x8xf32>
}
