// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// Output channel c reduces input channels c * stride + i, i < window.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3 * 2 + d4)>
// CHECK-DAG: #[[WIN:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d4)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @channel_max
// CHECK: %[[WINDOW:.+]] = tensor.empty() : tensor<3xf32>
// CHECK: linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%{{.+}}, %[[WINDOW]] : tensor<?x4x4x7xf32>, tensor<3xf32>) outs(%{{.+}} : tensor<?x4x4x3xf32>)
// CHECK: arith.maximumf
func.func @channel_max(%x: tensor<?x4x4x7xf32>) -> tensor<?x4x4x3xf32> {
  %0 = cnn.channel_pool max %x window 3 stride 2 : tensor<?x4x4x7xf32> -> tensor<?x4x4x3xf32>
  return %0 : tensor<?x4x4x3xf32>
}

// -----

// Average across channels: sum, then divide by the window.
// CHECK-LABEL: func @channel_avg
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: linalg.map
// CHECK: %[[W:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: arith.divf %{{.+}}, %[[W]]
func.func @channel_avg(%x: tensor<?x4x4x6xf32>) -> tensor<?x4x4x3xf32> {
  %0 = cnn.channel_pool avg %x window 2 stride 2 : tensor<?x4x4x6xf32> -> tensor<?x4x4x3xf32>
  return %0 : tensor<?x4x4x3xf32>
}
