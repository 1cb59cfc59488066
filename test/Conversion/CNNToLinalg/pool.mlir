// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @max_valid
// CHECK-NOT: tensor.pad
// CHECK: %[[WIN:.+]] = tensor.empty() : tensor<2x2xf32>
// CHECK: %[[NEG:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[NEG]] : f32) outs(%{{.+}} : tensor<?x13x13x32xf32>)
// CHECK: linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%{{.+}}, %[[WIN]] : tensor<?x26x26x32xf32>, tensor<2x2xf32>) outs(%[[INIT]]
func.func @max_valid(%x: tensor<?x26x26x32xf32>) -> tensor<?x13x13x32xf32> {
  %0 = cnn.pool2d max %x window [2, 2] strides [2, 2] padding valid : tensor<?x26x26x32xf32> -> tensor<?x13x13x32xf32>
  return %0 : tensor<?x13x13x32xf32>
}

// -----

// Padded cells are -inf for max, so they never win.
// CHECK-LABEL: func @max_same_overlapping
// CHECK: %[[NEG:.+]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.+}} low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NEG]]
// CHECK: linalg.pooling_nhwc_max {{.+}} strides = dense<2>
func.func @max_same_overlapping(%x: tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32> {
  %0 = cnn.pool2d max %x window [3, 3] strides [2, 2] padding same : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return %0 : tensor<?x4x4x4xf32>
}

// -----

// CHECK-LABEL: func @min_pool
// CHECK: %[[POS:.+]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[POS]] : f32)
// CHECK: linalg.pooling_nhwc_min
func.func @min_pool(%x: tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32> {
  %0 = cnn.pool2d min %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return %0 : tensor<?x4x4x4xf32>
}

// -----

// Average: window sums divided by the number of real (unpadded) cells each
// window covers, computed from the output indices.
// CHECK-LABEL: func @avg_same
// CHECK: %[[SUM:.+]] = linalg.pooling_nhwc_sum
// CHECK: linalg.generic {{.+}} ins(%[[SUM]] : tensor<?x4x4x4xf32>)
// CHECK: linalg.index 1
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: linalg.index 2
// CHECK: %[[COUNT:.+]] = arith.uitofp
// CHECK: arith.divf %{{.+}}, %[[COUNT]]
func.func @avg_same(%x: tensor<?x7x7x4xf32>) -> tensor<?x4x4x4xf32> {
  %0 = cnn.pool2d avg %x window [3, 3] strides [2, 2] padding same : tensor<?x7x7x4xf32> -> tensor<?x4x4x4xf32>
  return %0 : tensor<?x4x4x4xf32>
}

// -----

// L2: sqrt of the window sums of squares.
// CHECK-LABEL: func @l2_pool
// CHECK: linalg.map ins(%{{.+}} : tensor<?x8x8x4xf32>)
// CHECK: arith.mulf %[[IN:[a-z0-9_]+]], %[[IN]]
// CHECK: %[[SUM:.+]] = linalg.pooling_nhwc_sum
// CHECK: linalg.map { math.sqrt } ins(%[[SUM]]
func.func @l2_pool(%x: tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32> {
  %0 = cnn.pool2d l2 %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return %0 : tensor<?x4x4x4xf32>
}

// -----

// LP: x^p, window sums, ^(1/p).
// CHECK-LABEL: func @lp_pool
// CHECK: math.powf
// CHECK: linalg.pooling_nhwc_sum
// CHECK: math.powf
func.func @lp_pool(%x: tensor<?x8x8x4xf32>) -> tensor<?x4x4x4xf32> {
  %0 = cnn.pool2d lp %x window [2, 2] strides [2, 2] padding valid {p = 3.0 : f32} : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return %0 : tensor<?x4x4x4xf32>
}
