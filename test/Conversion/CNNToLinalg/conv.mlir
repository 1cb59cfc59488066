// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// The bias is broadcast into the accumulator; valid padding pads nothing.
// CHECK-LABEL: func @conv_valid_bias
// CHECK-SAME: (%[[X:.+]]: tensor<?x28x28x1xf32>, %[[W:.+]]: tensor<3x3x1x32xf32>, %[[B:.+]]: tensor<32xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}}
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x26x26x32xf32>
// CHECK: %[[INIT:.+]] = linalg.broadcast ins(%[[B]] : tensor<32xf32>) outs(%[[EMPTY]] : tensor<?x26x26x32xf32>) dimensions = [0, 1, 2]
// CHECK: %[[C:.+]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[X]], %[[W]] : tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>) outs(%[[INIT]] : tensor<?x26x26x32xf32>)
// CHECK: return %[[C]]
func.func @conv_valid_bias(%x: tensor<?x28x28x1xf32>, %w: tensor<3x3x1x32xf32>, %b: tensor<32xf32>) -> tensor<?x26x26x32xf32> {
  %0 = cnn.conv2d %x, %w, %b strides [1, 1] dilations [1, 1] padding valid : (tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>, tensor<32xf32>) -> tensor<?x26x26x32xf32>
  return %0 : tensor<?x26x26x32xf32>
}

// -----

// `same` with stride 2 on 13x11 and a 3x2 kernel: TensorFlow pads H by 1/1
// and W by 0/1 (the smaller half first); no bias means a zero-filled accumulator.
// CHECK-LABEL: func @conv_same_stride2
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[P:.+]] = tensor.pad %{{.+}} low[0, 1, 0, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: } : tensor<2x13x11x3xf32> to tensor<2x15x12x3xf32>
// CHECK: %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<2x7x6x8xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[P]], %{{.+}} : tensor<2x15x12x3xf32>, tensor<3x2x3x8xf32>) outs(%[[INIT]] : tensor<2x7x6x8xf32>)
func.func @conv_same_stride2(%x: tensor<2x13x11x3xf32>, %w: tensor<3x2x3x8xf32>) -> tensor<2x7x6x8xf32> {
  %0 = cnn.conv2d %x, %w strides [2, 2] dilations [1, 1] padding same : (tensor<2x13x11x3xf32>, tensor<3x2x3x8xf32>) -> tensor<2x7x6x8xf32>
  return %0 : tensor<2x7x6x8xf32>
}

// -----

// CHECK-LABEL: func @conv_dilated
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
// CHECK-SAME: outs(%{{.+}} : tensor<?x8x8x4xf32>)
func.func @conv_dilated(%x: tensor<?x12x12x2xf32>, %w: tensor<3x3x2x4xf32>) -> tensor<?x8x8x4xf32> {
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [2, 2] padding valid : (tensor<?x12x12x2xf32>, tensor<3x3x2x4xf32>) -> tensor<?x8x8x4xf32>
  return %0 : tensor<?x8x8x4xf32>
}
