// RUN: cnn-opt %s -cnn-fold-batchnorm -split-input-file | FileCheck %s

// scale = gamma / sqrt(variance + eps) = [2 / sqrt(4), 3 / sqrt(1)] = [1, 3];
// shift = beta - mean * scale = [1 - 2, 0 - 3] = [-1, -3].
// Filter channels are scaled: [1, 2] -> [1, 6]; bias [10, 20] -> [9, 57].
// CHECK-LABEL: func @conv_bn
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[\[\[}}[1.000000e+00, 6.000000e+00]]]]> : tensor<1x1x1x2xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[9.000000e+00, 5.700000e+01]> : tensor<2xf32>
// CHECK: %[[C:.+]] = cnn.conv2d %{{.+}}, %[[W]], %[[B]] strides [1, 1] dilations [1, 1] padding valid
// CHECK-NOT: cnn.batch_norm
// CHECK: return %[[C]]
func.func @conv_bn(%x: tensor<?x4x4x1xf32>) -> tensor<?x4x4x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]]]]> : tensor<1x1x1x2xf32>
  %b = arith.constant dense<[10.0, 20.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.5, 0.5]> : tensor<2xf32>
  %0 = cnn.conv2d %x, %w, %b strides [1, 1] dilations [1, 1] padding valid : (tensor<?x4x4x1xf32>, tensor<1x1x1x2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  %1 = cnn.batch_norm %0, %gamma, %beta, %mean, %var epsilon 5.000000e-01 : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  return %1 : tensor<?x4x4x2xf32>
}

// -----

// A dense layer without bias gets one: the shift.
// CHECK-LABEL: func @dense_bn_no_bias
// CHECK-DAG: %[[K:.+]] = arith.constant dense<{{\[}}[2.000000e+00, 3.000000e+00], [4.000000e+00, 6.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<[-1.000000e+00, -3.000000e+00]> : tensor<2xf32>
// CHECK: cnn.dense %{{.+}}, %[[K]], %[[B]]
// CHECK-NOT: cnn.batch_norm
func.func @dense_bn_no_bias(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %k = arith.constant dense<[[2.0, 1.0], [4.0, 2.0]]> : tensor<2x2xf32>
  %gamma = arith.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[3.5, 0.5]> : tensor<2xf32>
  %0 = cnn.dense %x, %k : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %1 = cnn.batch_norm %0, %gamma, %beta, %mean, %var epsilon 5.000000e-01 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %1 : tensor<?x2xf32>
}

// -----

// Not folded when the convolution's output is used elsewhere too.
// CHECK-LABEL: func @conv_two_uses
// CHECK: %[[C:.+]] = cnn.conv2d
// CHECK: cnn.batch_norm %[[C]]
func.func @conv_two_uses(%x: tensor<?x4x4x1xf32>, %s: tensor<2xf32>) -> (tensor<?x4x4x2xf32>, tensor<?x4x4x2xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x2xf32>
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x4x4x1xf32>, tensor<1x1x1x2xf32>) -> tensor<?x4x4x2xf32>
  %c = arith.constant dense<1.0> : tensor<2xf32>
  %1 = cnn.batch_norm %0, %c, %c, %c, %c epsilon 1.000000e-03 : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  return %0, %1 : tensor<?x4x4x2xf32>, tensor<?x4x4x2xf32>
}

// -----

// Not folded when the statistics or the weights are not constants, nor
// through an activation.
// CHECK-LABEL: func @not_constant
// CHECK-COUNT-3: cnn.batch_norm
func.func @not_constant(%x: tensor<?x2xf32>, %k: tensor<2x2xf32>, %s: tensor<2xf32>) -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>) {
  %c = arith.constant dense<1.0> : tensor<2xf32>
  %kc = arith.constant dense<1.0> : tensor<2x2xf32>
  %0 = cnn.dense %x, %kc : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %1 = cnn.batch_norm %0, %s, %c, %c, %c epsilon 1.000000e-03 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %2 = cnn.dense %x, %k : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %3 = cnn.batch_norm %2, %c, %c, %c, %c epsilon 1.000000e-03 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %4 = cnn.dense %x, %kc : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
  %5 = cnn.activation relu %4 : tensor<?x2xf32>
  %6 = cnn.batch_norm %5, %c, %c, %c, %c epsilon 1.000000e-03 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %1, %3, %6 : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>
}
