// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file -verify-diagnostics | FileCheck %s

// max, overlapping windows (3 channels, stride 2): first the offset of each
// window's first maximum (ties to the lower channel, whatever the order of
// the reduction), then each input channel ci sums, over all windows c, the
// gradients of those whose offset ci - 2c is in [0, 3) and is the winner.
// CHECK-DAG: #[[WIN:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3 * 2 + d4)>
// CHECK-DAG: #[[OFFSET:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[WINDOWS:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-LABEL: func @max_overlapping
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x2x5xf32>, %[[DY:.+]]: tensor<?x2x2x2xf32>)
// CHECK: %[[NONE:.+]] = arith.constant 3 : i32
// CHECK: %[[WINIT:.+]] = linalg.fill ins(%[[NONE]] : i32) outs(%{{.+}} : tensor<?x2x2x2xi32>)
// CHECK: %[[BEST:.+]]:2 = linalg.generic {indexing_maps = [#[[WIN]], #[[OFFSET]], #[[OUT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %{{.+}} : tensor<?x2x2x5xf32>, tensor<3xf32>) outs(%{{.+}}, %[[WINIT]] : tensor<?x2x2x2xf32>, tensor<?x2x2x2xi32>)
// CHECK: %[[STRICT:.+]] = arith.cmpf ogt
// CHECK: %[[EQUAL:.+]] = arith.cmpf oeq
// CHECK: %[[EARLIER:.+]] = arith.cmpi slt
// CHECK: %[[TIE:.+]] = arith.andi %[[EQUAL]], %[[EARLIER]]
// CHECK: arith.ori %[[STRICT]], %[[TIE]]
// CHECK: linalg.generic {indexing_maps = [#[[WINDOWS]], #[[WINDOWS]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[DY]], %[[BEST]]#1 : tensor<?x2x2x2xf32>, tensor<?x2x2x2xi32>) outs(%{{.+}} : tensor<?x2x2x5xf32>)
// CHECK: %[[STRIDE:.+]] = arith.constant 2 : index
// CHECK: %[[START:.+]] = arith.muli %{{.+}}, %[[STRIDE]]
// CHECK: %[[I:.+]] = arith.subi %{{.+}}, %[[START]]
// CHECK: arith.cmpi sge, %[[I]]
// CHECK: %[[WINDOW:.+]] = arith.constant 3 : index
// CHECK: arith.cmpi slt, %[[I]], %[[WINDOW]]
// CHECK: arith.cmpi eq
// CHECK: arith.select
// CHECK: arith.addf
func.func @max_overlapping(%x: tensor<?x2x2x5xf32>, %dy: tensor<?x2x2x2xf32>) -> tensor<?x2x2x5xf32> {
  %0 = cnn.channel_pool_grad max %x, %dy window 3 stride 2 : tensor<?x2x2x5xf32>, tensor<?x2x2x2xf32> -> tensor<?x2x2x5xf32>
  return %0 : tensor<?x2x2x5xf32>
}

// -----

// min: a strict less-than.
// CHECK-LABEL: func @min
// CHECK: arith.cmpf olt
func.func @min(%x: tensor<?x2x2x6xf32>, %dy: tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32> {
  %0 = cnn.channel_pool_grad min %x, %dy window 2 stride 2 : tensor<?x2x2x6xf32>, tensor<?x2x2x3xf32> -> tensor<?x2x2x6xf32>
  return %0 : tensor<?x2x2x6xf32>
}

// -----

// avg: the gradient divided by the window, summed over the windows of each channel.
// CHECK-LABEL: func @avg
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x2x6xf32>, %[[DY:.+]]: tensor<?x2x2x3xf32>)
// CHECK: %[[SHARE:.+]] = linalg.map ins(%[[DY]] : tensor<?x2x2x3xf32>)
// CHECK: %[[WINDOW:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: arith.divf %{{.+}}, %[[WINDOW]]
// CHECK: linalg.generic {{.+}} ins(%[[SHARE]] : tensor<?x2x2x3xf32>) outs(%{{.+}} : tensor<?x2x2x6xf32>)
// CHECK-NOT: arith.cmpi eq
func.func @avg(%x: tensor<?x2x2x6xf32>, %dy: tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32> {
  %0 = cnn.channel_pool_grad avg %x, %dy window 2 stride 2 : tensor<?x2x2x6xf32>, tensor<?x2x2x3xf32> -> tensor<?x2x2x6xf32>
  return %0 : tensor<?x2x2x6xf32>
}

// -----

// l2: the forward pool recomputed, dy / y (0 where y == 0) summed over the
// windows of each channel, times x.
// CHECK-LABEL: func @l2
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x2x6xf32>, %[[DY:.+]]: tensor<?x2x2x3xf32>)
// CHECK: %[[Y:.+]] = linalg.map { math.sqrt }
// CHECK: %[[SHARE:.+]] = linalg.map ins(%[[DY]], %[[Y]] : tensor<?x2x2x3xf32>, tensor<?x2x2x3xf32>)
// CHECK: arith.divf
// CHECK: %[[SUMS:.+]] = linalg.generic {{.+}} ins(%[[SHARE]] : tensor<?x2x2x3xf32>) outs(%{{.+}} : tensor<?x2x2x6xf32>)
// CHECK: linalg.map { arith.mulf } ins(%[[X]], %[[SUMS]]
func.func @l2(%x: tensor<?x2x2x6xf32>, %dy: tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32> {
  %0 = cnn.channel_pool_grad l2 %x, %dy window 2 stride 2 : tensor<?x2x2x6xf32>, tensor<?x2x2x3xf32> -> tensor<?x2x2x6xf32>
  return %0 : tensor<?x2x2x6xf32>
}

// -----

// lp: dy * y^(1-p), then x^(p-1) times its sum.
// CHECK-LABEL: func @lp
// CHECK: %[[ONEMINUSP:.+]] = arith.constant -1.500000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[ONEMINUSP]]
// CHECK: %[[PMINUSONE:.+]] = arith.constant 1.500000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[PMINUSONE]]
func.func @lp(%x: tensor<?x2x2x6xf32>, %dy: tensor<?x2x2x3xf32>) -> tensor<?x2x2x6xf32> {
  %0 = cnn.channel_pool_grad lp %x, %dy window 2 stride 2 {p = 2.5 : f32} : tensor<?x2x2x6xf32>, tensor<?x2x2x3xf32> -> tensor<?x2x2x6xf32>
  return %0 : tensor<?x2x2x6xf32>
}

// -----

// Negative: the gradient must have the forward result's type.
func.func @wrong_channels(%x: tensor<?x2x2x6xf32>, %dy: tensor<?x2x2x6xf32>) -> tensor<?x2x2x6xf32> {
  // expected-error @+1 {{'cnn.channel_pool_grad' op expected a gradient of type 'tensor<?x2x2x3xf32>' (the forward op's), got 'tensor<?x2x2x6xf32>'}}
  %0 = cnn.channel_pool_grad avg %x, %dy window 2 stride 2 : tensor<?x2x2x6xf32>, tensor<?x2x2x6xf32> -> tensor<?x2x2x6xf32>
  return %0 : tensor<?x2x2x6xf32>
}

// -----

// Negative: windows that do not tile the channels, as for the forward op.
func.func @untiled(%x: tensor<?x2x2x5xf32>, %dy: tensor<?x2x2x2xf32>) -> tensor<?x2x2x5xf32> {
  // expected-error @+1 {{does not tile the 5 channels}}
  %0 = cnn.channel_pool_grad max %x, %dy window 2 stride 2 : tensor<?x2x2x5xf32>, tensor<?x2x2x2xf32> -> tensor<?x2x2x5xf32>
  return %0 : tensor<?x2x2x5xf32>
}
