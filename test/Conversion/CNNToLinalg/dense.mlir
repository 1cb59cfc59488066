// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @dense_bias
// CHECK-SAME: (%[[X:.+]]: tensor<?x800xf32>, %[[K:.+]]: tensor<800x128xf32>, %[[B:.+]]: tensor<128xf32>)
// CHECK: %[[INIT:.+]] = linalg.broadcast ins(%[[B]] : tensor<128xf32>) outs(%{{.+}} : tensor<?x128xf32>) dimensions = [0]
// CHECK: %[[M:.+]] = linalg.matmul ins(%[[X]], %[[K]] : tensor<?x800xf32>, tensor<800x128xf32>) outs(%[[INIT]] : tensor<?x128xf32>)
// CHECK: return %[[M]]
func.func @dense_bias(%x: tensor<?x800xf32>, %k: tensor<800x128xf32>, %b: tensor<128xf32>) -> tensor<?x128xf32> {
  %0 = cnn.dense %x, %k, %b : (tensor<?x800xf32>, tensor<800x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  return %0 : tensor<?x128xf32>
}

// -----

// CHECK-LABEL: func @dense_no_bias
// CHECK-NOT: linalg.broadcast
// CHECK: %[[INIT:.+]] = linalg.fill
// CHECK: linalg.matmul {{.+}} outs(%[[INIT]] : tensor<?x5xf32>)
func.func @dense_no_bias(%x: tensor<?x7xf32>, %k: tensor<7x5xf32>) -> tensor<?x5xf32> {
  %0 = cnn.dense %x, %k : (tensor<?x7xf32>, tensor<7x5xf32>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// On a 3-D input the kernel applies to the last axis: a contraction over k.
// CHECK-DAG: #[[X:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[K:.+]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[Y:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @dense_rank3
// CHECK-NOT: linalg.matmul
// CHECK: linalg.generic {indexing_maps = [#[[X]], #[[K]], #[[Y]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @dense_rank3(%x: tensor<?x4x3xf32>, %k: tensor<3x5xf32>) -> tensor<?x4x5xf32> {
  %0 = cnn.dense %x, %k : (tensor<?x4x3xf32>, tensor<3x5xf32>) -> tensor<?x4x5xf32>
  return %0 : tensor<?x4x5xf32>
}
