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
