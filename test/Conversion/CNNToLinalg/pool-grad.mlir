// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// max: first the flat offset ky*KW + kx of each window's first maximum (ties
// to the smaller offset, padded cells excluded by their position), then each
// input cell sums the gradients of the windows whose winner it is, read from
// the output gradient and the winners spread out by the strides.
// CHECK-DAG: #[[WIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG: #[[SPREAD:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 + d4, d2 + d5, d3)>
// CHECK-LABEL: func @max_same_overlapping
// CHECK-SAME: (%[[X:.+]]: tensor<?x7x7x4xf32>, %[[DY:.+]]: tensor<?x4x4x4xf32>)
// CHECK: %[[NEG:.+]] = arith.constant 0xFF800000 : f32
// CHECK: %[[PADDED:.+]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NEG]]
// CHECK: %[[NONE:.+]] = arith.constant 9 : i32
// CHECK: %[[WINIT:.+]] = linalg.fill ins(%[[NONE]] : i32) outs(%{{.+}} : tensor<?x4x4x4xi32>)
// CHECK: %[[BEST:.+]]:2 = linalg.generic {indexing_maps = [#[[WIN]], #{{.+}}, #{{.+}}, #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[PADDED]], %{{.+}} : tensor<?x9x9x4xf32>, tensor<3x3xf32>) outs(%{{.+}}, %[[WINIT]] : tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>)
// CHECK: %[[STRICT:.+]] = arith.cmpf ogt
// CHECK: %[[EQUAL:.+]] = arith.cmpf oeq
// CHECK: %[[EARLIER:.+]] = arith.cmpi slt
// CHECK: %[[TIE:.+]] = arith.andi %[[EQUAL]], %[[EARLIER]]
// CHECK: arith.ori %[[STRICT]], %[[TIE]]
// CHECK: %[[GRADS:.+]] = tensor.insert_slice %[[DY]] into %{{.+}}[0, 1, 1, 0] [%{{.+}}, 4, 4, 4] [1, 2, 2, 1] : tensor<?x4x4x4xf32> into tensor<?x9x9x4xf32>
// CHECK: %[[MISSING:.+]] = arith.constant -1 : i32
// CHECK: %[[WINNERS:.+]] = tensor.insert_slice %[[BEST]]#1 into %{{.+}}[0, 1, 1, 0] [%{{.+}}, 4, 4, 4] [1, 2, 2, 1] : tensor<?x4x4x4xi32> into tensor<?x9x9x4xi32>
// CHECK: linalg.generic {indexing_maps = [#[[SPREAD]], #[[SPREAD]], #{{.+}}, #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[GRADS]], %[[WINNERS]], %{{.+}} : tensor<?x9x9x4xf32>, tensor<?x9x9x4xi32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<?x7x7x4xf32>)
// CHECK: %[[LAST:.+]] = arith.constant 8 : index
// CHECK: arith.subi %[[LAST]]
// CHECK: arith.cmpi eq
// CHECK: arith.select
func.func @max_same_overlapping(%x: tensor<?x7x7x4xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32> {
  %0 = cnn.pool2d_grad max %x, %dy window [3, 3] strides [2, 2] padding same : tensor<?x7x7x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x7x7x4xf32>
  return %0 : tensor<?x7x7x4xf32>
}

// -----

// min: +inf padding and a strict less-than.
// CHECK-LABEL: func @min_valid
// CHECK-NOT: tensor.pad
// CHECK: arith.cmpf olt
func.func @min_valid(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32> {
  %0 = cnn.pool2d_grad min %x, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  return %0 : tensor<?x8x8x4xf32>
}

// -----

// avg: each window's gradient divided by its count of unpadded cells, spread
// out and summed over the windows by a stride-1 sum pooling.
// CHECK-LABEL: func @avg_same
// CHECK-SAME: (%[[X:.+]]: tensor<?x7x7x4xf32>, %[[DY:.+]]: tensor<?x4x4x4xf32>)
// CHECK: %[[SHARES:.+]] = linalg.generic {{.+}} ins(%[[DY]] : tensor<?x4x4x4xf32>)
// CHECK: arith.minsi
// CHECK: arith.maxsi
// CHECK: %[[COUNT:.+]] = arith.uitofp
// CHECK: arith.divf %{{.+}}, %[[COUNT]]
// CHECK: %[[SPREAD:.+]] = tensor.insert_slice %[[SHARES]] into %{{.+}}[0, 1, 1, 0] [%{{.+}}, 4, 4, 4] [1, 2, 2, 1]
// CHECK: linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%[[SPREAD]], %{{.+}} : tensor<?x9x9x4xf32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<?x7x7x4xf32>)
func.func @avg_same(%x: tensor<?x7x7x4xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x7x7x4xf32> {
  %0 = cnn.pool2d_grad avg %x, %dy window [3, 3] strides [2, 2] padding same : tensor<?x7x7x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x7x7x4xf32>
  return %0 : tensor<?x7x7x4xf32>
}

// -----

// l2: the forward pool recomputed, dy / y (0 where y == 0) spread and summed,
// times x.
// CHECK-LABEL: func @l2_valid
// CHECK-SAME: (%[[X:.+]]: tensor<?x8x8x4xf32>, %[[DY:.+]]: tensor<?x4x4x4xf32>)
// CHECK: %[[SUMS:.+]] = linalg.pooling_nhwc_sum {{.+}} strides = dense<2>
// CHECK: %[[Y:.+]] = linalg.map { math.sqrt } ins(%[[SUMS]]
// CHECK: %[[SHARES:.+]] = linalg.map ins(%[[DY]], %[[Y]] : tensor<?x4x4x4xf32>, tensor<?x4x4x4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[RATIO:.+]] = arith.divf
// CHECK: %[[ISZERO:.+]] = arith.cmpf oeq, %{{.+}}, %[[ZERO]]
// CHECK: arith.select %[[ISZERO]], %[[ZERO]], %[[RATIO]]
// CHECK: %[[SPREAD:.+]] = tensor.insert_slice %[[SHARES]]
// CHECK: %[[BACK:.+]] = linalg.pooling_nhwc_sum {{.+}} strides = dense<1> {{.+}} ins(%[[SPREAD]]
// CHECK: linalg.map { arith.mulf } ins(%[[X]], %[[BACK]]
func.func @l2_valid(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32> {
  %0 = cnn.pool2d_grad l2 %x, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  return %0 : tensor<?x8x8x4xf32>
}

// -----

// lp: dy * y^(1-p) per window, then x^(p-1) times its sum.
// CHECK-LABEL: func @lp_valid
// CHECK: %[[ONEMINUSP:.+]] = arith.constant -2.000000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[ONEMINUSP]]
// CHECK: linalg.pooling_nhwc_sum {{.+}} strides = dense<1>
// CHECK: %[[PMINUSONE:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[PMINUSONE]]
func.func @lp_valid(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>) -> tensor<?x8x8x4xf32> {
  %0 = cnn.pool2d_grad lp %x, %dy window [2, 2] strides [2, 2] padding valid {p = 3.0 : f32} : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  return %0 : tensor<?x8x8x4xf32>
}

// -----

// Training mode, windows that tile the input (strides = window, no padding): the input seen as
// [N, OH, KH, OW, KW, C], so that every operand is read through a projected permutation; the pooled
// values and the winners from one reduction, and the gradient routed back elementwise to the cells
// that won, with nothing spread out or searched.
// CHECK-DAG: #[[CELLS:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d2, d5, d3)>
// CHECK-DAG: #[[OFWINDOW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d3, d5)>
// CHECK-LABEL: func @with_winners
// CHECK-SAME: (%[[X:.+]]: tensor<?x8x8x4xf32>, %[[DY:.+]]: tensor<?x4x4x4xf32>)
// CHECK: %[[WINDOWS:.+]] = tensor.expand_shape %[[X]] {{\[\[}}0], [1, 2], [3, 4], [5]] output_shape [%{{.+}}, 4, 2, 4, 2, 4] : tensor<?x8x8x4xf32> into tensor<?x4x2x4x2x4xf32>
// CHECK: %[[BEST:.+]]:2 = linalg.generic {indexing_maps = [#[[CELLS]], {{.+}} ins(%[[WINDOWS]], %{{.+}} : tensor<?x4x2x4x2x4xf32>, tensor<2x2xf32>) outs(%{{.+}}, %{{.+}} : tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>)
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK-NOT: arith.cmpf
// CHECK-NOT: tensor.insert_slice
// CHECK: %[[ROUTED:.+]] = linalg.generic {indexing_maps = [#[[OFWINDOW]], #[[OFWINDOW]], #{{.+}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[DY]], %[[BEST]]#1 : tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>) outs(%{{.+}} : tensor<?x4x2x4x2x4xf32>)
// CHECK: arith.cmpi eq
// CHECK: %[[DX:.+]] = tensor.collapse_shape %[[ROUTED]] {{\[\[}}0], [1, 2], [3, 4], [5]] : tensor<?x4x2x4x2x4xf32> into tensor<?x8x8x4xf32>
// CHECK: return %[[BEST]]#0, %[[DX]]
func.func @with_winners(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>) -> (tensor<?x4x4x4xf32>, tensor<?x8x8x4xf32>) {
  %y, %w = cnn.pool2d_with_winners max %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>
  %dx = cnn.pool2d_grad_winners %w, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x4x4x4xi32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  return %y, %dx : tensor<?x4x4x4xf32>, tensor<?x8x8x4xf32>
}

// -----

// Floor pooling leaves the last row and column unread: the windows are a slice of the input, and the
// gradient of the unread cells is zero (a pad).
// CHECK-LABEL: func @with_winners_floor
// CHECK-SAME: (%[[X:.+]]: tensor<?x9x9x4xf32>, %[[DY:.+]]: tensor<?x4x4x4xf32>)
// CHECK: %[[READ:.+]] = tensor.extract_slice %[[X]][0, 0, 0, 0] [%{{.+}}, 8, 8, 4] [1, 1, 1, 1]
// CHECK: tensor.expand_shape %[[READ]] {{.+}} into tensor<?x4x2x4x2x4xf32>
// CHECK: %[[CELLS:.+]] = tensor.collapse_shape {{.+}} into tensor<?x8x8x4xf32>
// CHECK: %[[DX:.+]] = tensor.pad %[[CELLS]] low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: return %{{.+}}, %[[DX]]
func.func @with_winners_floor(%x: tensor<?x9x9x4xf32>, %dy: tensor<?x4x4x4xf32>) -> (tensor<?x4x4x4xf32>, tensor<?x9x9x4xf32>) {
  %y, %w = cnn.pool2d_with_winners max %x window [2, 2] strides [2, 2] padding valid : tensor<?x9x9x4xf32> -> tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>
  %dx = cnn.pool2d_grad_winners %w, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x4x4x4xi32>, tensor<?x4x4x4xf32> -> tensor<?x9x9x4xf32>
  return %y, %dx : tensor<?x4x4x4xf32>, tensor<?x9x9x4xf32>
}

// -----

// Overlapping windows do not tile the input: the winners' search reads it through the strides, and
// each cell sums the gradients of the windows it won, spread out by the strides.
// CHECK-DAG: #[[WIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-LABEL: func @with_winners_overlapping
// CHECK-SAME: (%[[X:.+]]: tensor<?x9x9x4xf32>, %[[DY:.+]]: tensor<?x4x4x4xf32>)
// CHECK-NOT: tensor.expand_shape
// CHECK: %[[BEST:.+]]:2 = linalg.generic {indexing_maps = [#[[WIN]], {{.+}} ins(%[[X]], %{{.+}} : tensor<?x9x9x4xf32>, tensor<3x3xf32>)
// CHECK: %[[WINNERS:.+]] = tensor.insert_slice %[[BEST]]#1 into
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[WINNERS]], %{{.+}} : tensor<?x11x11x4xf32>, tensor<?x11x11x4xi32>, tensor<3x3xf32>) outs(%{{.+}} : tensor<?x9x9x4xf32>)
// CHECK: return %[[BEST]]#0, %[[DX]]
func.func @with_winners_overlapping(%x: tensor<?x9x9x4xf32>, %dy: tensor<?x4x4x4xf32>) -> (tensor<?x4x4x4xf32>, tensor<?x9x9x4xf32>) {
  %y, %w = cnn.pool2d_with_winners max %x window [3, 3] strides [2, 2] padding valid : tensor<?x9x9x4xf32> -> tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>
  %dx = cnn.pool2d_grad_winners %w, %dy window [3, 3] strides [2, 2] padding valid : tensor<?x4x4x4xi32>, tensor<?x4x4x4xf32> -> tensor<?x9x9x4xf32>
  return %y, %dx : tensor<?x4x4x4xf32>, tensor<?x9x9x4xf32>
}
