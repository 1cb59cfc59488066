// RUN: cnn-opt %s -convert-cnn-to-linalg | FileCheck %s

// Per channel scale = gamma * rsqrt(variance + eps) and shift = beta - mean * scale,
// then x * scale + shift broadcast along the last axis.
// CHECK-DAG: #[[VEC:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[CH:.+]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @batch_norm
// CHECK-SAME: (%[[X:.+]]: tensor<?x4x4x2xf32>, %[[G:.+]]: tensor<2xf32>, %[[B:.+]]: tensor<2xf32>, %[[M:.+]]: tensor<2xf32>, %[[V:.+]]: tensor<2xf32>)
// CHECK: %[[AFFINE:.+]]:2 = linalg.generic {{.+}} ins(%[[G]], %[[B]], %[[M]], %[[V]] : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: ^bb0(%[[GI:[a-z0-9_]+]]: f32, %[[BI:[a-z0-9_]+]]: f32, %[[MI:[a-z0-9_]+]]: f32, %[[VI:[a-z0-9_]+]]: f32,
// CHECK: %[[VE:.+]] = arith.addf %[[VI]], %{{.+}} : f32
// CHECK: %[[R:.+]] = math.rsqrt %[[VE]]
// CHECK: %[[S:.+]] = arith.mulf %[[R]], %[[GI]]
// CHECK: %[[MS:.+]] = arith.mulf %[[MI]], %[[S]]
// CHECK: %[[T:.+]] = arith.subf %[[BI]], %[[MS]]
// CHECK: linalg.yield %[[S]], %[[T]]
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[ID]]], {{.+}} ins(%[[X]], %[[AFFINE]]#0, %[[AFFINE]]#1
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @batch_norm(%x: tensor<?x4x4x2xf32>, %g: tensor<2xf32>, %b: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<?x4x4x2xf32> {
  %0 = cnn.batch_norm %x, %g, %b, %m, %v epsilon 1.0e-3 : (tensor<?x4x4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x4x4x2xf32>
  return %0 : tensor<?x4x4x2xf32>
}
