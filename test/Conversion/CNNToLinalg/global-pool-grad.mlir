// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file -verify-diagnostics | FileCheck %s

// max: the forward maximum recomputed, the cells equal to it counted per map,
// and each of them given the map's gradient divided by that count (an even
// split among ties, as TensorFlow's reduce_max does). keepdims only collapses
// the gradient first.
// CHECK-DAG: #[[CELL:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-LABEL: func @max_keepdims
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x6x3xf32>, %[[DY:.+]]: tensor<?x1x1x3xf32>)
// CHECK: %[[ROWS:.+]] = tensor.collapse_shape %[[DY]] {{\[}}[0], [1, 2, 3]] : tensor<?x1x1x3xf32> into tensor<?x3xf32>
// CHECK: %[[Y:.+]] = linalg.reduce ins(%[[X]] : tensor<?x4x6x3xf32>) {{.+}} dimensions = [1, 2]
// CHECK: arith.maximumf
// CHECK: %[[COUNT:.+]] = linalg.generic {indexing_maps = [#[[CELL]], #[[ROW]], #[[ROW]]], iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%[[X]], %[[Y]] : tensor<?x4x6x3xf32>, tensor<?x3xf32>) outs(%{{.+}} : tensor<?x3xf32>)
// CHECK: %[[TIED:.+]] = arith.cmpf oeq
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: arith.select %[[TIED]], %[[ONE]]
// CHECK: %[[SHARE:.+]] = linalg.map { arith.divf } ins(%[[ROWS]], %[[COUNT]] : tensor<?x3xf32>, tensor<?x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[CELL]], #[[ROW]], #[[ROW]], #[[CELL]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]], %[[Y]], %[[SHARE]] : tensor<?x4x6x3xf32>, tensor<?x3xf32>, tensor<?x3xf32>) outs(%{{.+}} : tensor<?x4x6x3xf32>)
// CHECK: %[[IS:.+]] = arith.cmpf oeq
// CHECK: arith.select %[[IS]]
func.func @max_keepdims(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x1x1x3xf32>) -> tensor<?x4x6x3xf32> {
  %0 = cnn.global_pool2d_grad max %x, %dy keepdims : tensor<?x4x6x3xf32>, tensor<?x1x1x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}

// -----

// min: the same with the minimum.
// CHECK-LABEL: func @min
// CHECK-NOT: tensor.collapse_shape
// CHECK: arith.minimumf
// CHECK: arith.cmpf oeq
func.func @min(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x3xf32>) -> tensor<?x4x6x3xf32> {
  %0 = cnn.global_pool2d_grad min %x, %dy : tensor<?x4x6x3xf32>, tensor<?x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}

// -----

// avg: the gradient divided by H * W, broadcast over H and W; x is not read.
// CHECK-LABEL: func @avg
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x6x3xf32>, %[[DY:.+]]: tensor<?x3xf32>)
// CHECK: %[[SHARE:.+]] = linalg.map ins(%[[DY]] : tensor<?x3xf32>)
// CHECK: %[[CELLS:.+]] = arith.constant 2.400000e+01 : f32
// CHECK: arith.divf %{{.+}}, %[[CELLS]]
// CHECK: linalg.broadcast ins(%[[SHARE]] : tensor<?x3xf32>) outs(%{{.+}} : tensor<?x4x6x3xf32>) dimensions = [1, 2]
func.func @avg(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x3xf32>) -> tensor<?x4x6x3xf32> {
  %0 = cnn.global_pool2d_grad avg %x, %dy : tensor<?x4x6x3xf32>, tensor<?x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}

// -----

// lp: the forward result y recomputed; per map dy * y^(1-p) (0 where y == 0),
// then x^(p-1) times it at every cell.
// CHECK-LABEL: func @lp
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x6x3xf32>, %[[DY:.+]]: tensor<?x3xf32>)
// CHECK: %[[INV:.+]] = arith.constant 0.333333343 : f32
// CHECK: %[[SHARE:.+]] = linalg.map ins(%[[DY]], %{{.+}} : tensor<?x3xf32>, tensor<?x3xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ONEMINUSP:.+]] = arith.constant -2.000000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[ONEMINUSP]]
// CHECK: %[[ISZERO:.+]] = arith.cmpf oeq, %{{.+}}, %[[ZERO]]
// CHECK: arith.select %[[ISZERO]], %[[ZERO]]
// CHECK: linalg.generic {{.+}} ins(%[[X]], %[[SHARE]] : tensor<?x4x6x3xf32>, tensor<?x3xf32>)
// CHECK: %[[PMINUSONE:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[PMINUSONE]]
// CHECK: arith.mulf
func.func @lp(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x3xf32>) -> tensor<?x4x6x3xf32> {
  %0 = cnn.global_pool2d_grad lp %x, %dy {p = 3.0 : f32} : tensor<?x4x6x3xf32>, tensor<?x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}

// -----

// l2: dy / y per map, times x.
// CHECK-LABEL: func @l2
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK-NOT: math.powf
// CHECK: arith.mulf
func.func @l2(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x3xf32>) -> tensor<?x4x6x3xf32> {
  %0 = cnn.global_pool2d_grad l2 %x, %dy : tensor<?x4x6x3xf32>, tensor<?x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}

// -----

// Negative: with keepdims the gradient must keep the 1x1 dimensions.
func.func @keepdims_mismatch(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x3xf32>) -> tensor<?x4x6x3xf32> {
  // expected-error @+1 {{'cnn.global_pool2d_grad' op expected a gradient of type 'tensor<?x1x1x3xf32>' (the forward op's), got 'tensor<?x3xf32>'}}
  %0 = cnn.global_pool2d_grad max %x, %dy keepdims : tensor<?x4x6x3xf32>, tensor<?x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}

// -----

// Negative: lp needs its exponent, as the forward op does.
func.func @lp_without_p(%x: tensor<?x4x6x3xf32>, %dy: tensor<?x3xf32>) -> tensor<?x4x6x3xf32> {
  // expected-error @+1 {{expected lp pooling with a positive p}}
  %0 = cnn.global_pool2d_grad lp %x, %dy : tensor<?x4x6x3xf32>, tensor<?x3xf32> -> tensor<?x4x6x3xf32>
  return %0 : tensor<?x4x6x3xf32>
}
