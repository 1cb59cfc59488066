// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// The input gradient is a transposed convolution: dy spread out by the
// strides into zeros (2 - 0 = 2 cells before: extent - 1 - padTop), then a
// stride-1 convolution with the filter flipped in H and W and its channel
// axes swapped.
// CHECK-DAG: #[[FLIP:.+]] = affine_map<(d0, d1, d2, d3) -> (-d0 + 2, -d1 + 2, d3, d2)>
// CHECK-LABEL: func @grad_input_valid_strided
// CHECK-SAME: (%[[DY:.+]]: tensor<?x4x4x8xf32>, %[[W:.+]]: tensor<3x3x4x8xf32>)
// CHECK: %[[ZEROS:.+]] = linalg.fill {{.+}} -> tensor<?x11x11x8xf32>
// CHECK: %[[SPREAD:.+]] = tensor.insert_slice %[[DY]] into %[[ZEROS]][0, 2, 2, 0] [%{{.+}}, 4, 4, 8] [1, 2, 2, 1]
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<?x9x9x4xf32>
// CHECK: %[[FLIPPED:.+]] = linalg.generic {indexing_maps = [#[[FLIP]], #{{.+}}]{{.+}} ins(%[[W]] : tensor<3x3x4x8xf32>) outs(%{{.+}} : tensor<3x3x8x4xf32>)
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[SPREAD]], %[[FLIPPED]] : tensor<?x11x11x8xf32>, tensor<3x3x8x4xf32>) outs(%[[INIT]] : tensor<?x9x9x4xf32>)
func.func @grad_input_valid_strided(%dy: tensor<?x4x4x8xf32>, %w: tensor<3x3x4x8xf32>) -> tensor<?x9x9x4xf32> {
  %0 = cnn.conv2d_grad_input %dy, %w strides [2, 2] dilations [1, 1] padding valid : (tensor<?x4x4x8xf32>, tensor<3x3x4x8xf32>) -> tensor<?x9x9x4xf32>
  return %0 : tensor<?x9x9x4xf32>
}

// -----

// same padding of a 7x6 input, 3x2 filter, stride 2: padTop 1, padLeft 0, so
// 1 and 1 cells before; sizes H + extent - 1 = 9 and W + extent - 1 = 7.
// CHECK-LABEL: func @grad_input_same_non_square
// CHECK: %[[ZEROS:.+]] = linalg.fill {{.+}} -> tensor<?x9x7x3xf32>
// CHECK: %[[SPREAD:.+]] = tensor.insert_slice %{{.+}} into %[[ZEROS]][0, 1, 1, 0] [%{{.+}}, 4, 3, 3] [1, 2, 2, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {{.+}} ins(%[[SPREAD]], %{{.+}} : tensor<?x9x7x3xf32>, tensor<3x2x3x2xf32>) outs(%{{.+}} : tensor<?x7x6x2xf32>)
func.func @grad_input_same_non_square(%dy: tensor<?x4x3x3xf32>, %w: tensor<3x2x2x3xf32>) -> tensor<?x7x6x2xf32> {
  %0 = cnn.conv2d_grad_input %dy, %w strides [2, 2] dilations [1, 1] padding same : (tensor<?x4x3x3xf32>, tensor<3x2x2x3xf32>) -> tensor<?x7x6x2xf32>
  return %0 : tensor<?x7x6x2xf32>
}

// -----

// Dilation: the transposed convolution keeps the forward dilation.
// CHECK-LABEL: func @grad_input_dilated
// CHECK: tensor.insert_slice %{{.+}} into %{{.+}}[0, 4, 4, 0] [%{{.+}}, 5, 5, 2] [1, 1, 1, 1]
// CHECK: linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
func.func @grad_input_dilated(%dy: tensor<?x5x5x2xf32>, %w: tensor<3x3x1x2xf32>) -> tensor<?x9x9x1xf32> {
  %0 = cnn.conv2d_grad_input %dy, %w strides [1, 1] dilations [2, 2] padding valid : (tensor<?x5x5x2xf32>, tensor<3x3x1x2xf32>) -> tensor<?x9x9x1xf32>
  return %0 : tensor<?x9x9x1xf32>
}

// -----

// The filter gradient: a contraction over (n, y, x) of the padded input,
// read at y*s + i*d, with the output gradient. The reduced (n, y, x) loops
// come first and the output channel last, so dy and dw are read in order.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d3 * 2, d2 * 2 + d4 * 2, d5)>
// CHECK-DAG: #[[DY:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d6)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-LABEL: func @grad_filter_same_strided_dilated
// CHECK-SAME: (%[[X:.+]]: tensor<?x8x8x3xf32>, %[[G:.+]]: tensor<?x4x4x5xf32>)
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 2, 2, 0]
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<3x3x3x5xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[DY]], #[[OUT]]], iterator_types = ["reduction", "reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]} ins(%[[PADDED]], %[[G]] : tensor<?x11x11x3xf32>, tensor<?x4x4x5xf32>) outs(%[[INIT]] : tensor<3x3x3x5xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @grad_filter_same_strided_dilated(%x: tensor<?x8x8x3xf32>, %dy: tensor<?x4x4x5xf32>) -> tensor<3x3x3x5xf32> {
  %0 = cnn.conv2d_grad_filter %x, %dy strides [2, 2] dilations [2, 2] padding same : (tensor<?x8x8x3xf32>, tensor<?x4x4x5xf32>) -> tensor<3x3x3x5xf32>
  return %0 : tensor<3x3x3x5xf32>
}

// -----

// Valid padding: no pad; the rows no window reads are simply not indexed.
// CHECK-LABEL: func @grad_filter_valid
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic
func.func @grad_filter_valid(%x: tensor<?x8x8x3xf32>, %dy: tensor<?x3x3x5xf32>) -> tensor<3x3x3x5xf32> {
  %0 = cnn.conv2d_grad_filter %x, %dy strides [2, 2] dilations [1, 1] padding valid : (tensor<?x8x8x3xf32>, tensor<?x3x3x5xf32>) -> tensor<3x3x3x5xf32>
  return %0 : tensor<3x3x3x5xf32>
}

// -----

// CHECK-LABEL: func @bias_grad
// CHECK-SAME: (%[[DY:.+]]: tensor<?x6x6x8xf32>)
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<8xf32>
// CHECK: linalg.reduce ins(%[[DY]] : tensor<?x6x6x8xf32>) outs(%[[INIT]] : tensor<8xf32>) dimensions = [0, 1, 2]
func.func @bias_grad(%dy: tensor<?x6x6x8xf32>) -> tensor<8xf32> {
  %0 = cnn.bias_grad %dy : tensor<?x6x6x8xf32> -> tensor<8xf32>
  return %0 : tensor<8xf32>
}
