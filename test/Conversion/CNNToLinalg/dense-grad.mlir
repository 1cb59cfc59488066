// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// dx = dy x W^T, W transposed first so that the matmul reads rows.
// CHECK-LABEL: func @grad_input
// CHECK-SAME: (%[[DY:.+]]: tensor<?x128xf32>, %[[W:.+]]: tensor<800x128xf32>)
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<?x800xf32>
// CHECK: %[[WT:.+]] = linalg.transpose ins(%[[W]] : tensor<800x128xf32>) outs(%{{.+}} : tensor<128x800xf32>) permutation = [1, 0]
// CHECK: linalg.matmul ins(%[[DY]], %[[WT]] : tensor<?x128xf32>, tensor<128x800xf32>) outs(%[[INIT]] : tensor<?x800xf32>)
func.func @grad_input(%dy: tensor<?x128xf32>, %w: tensor<800x128xf32>) -> tensor<?x800xf32> {
  %0 = cnn.dense_grad_input %dy, %w : (tensor<?x128xf32>, tensor<800x128xf32>) -> tensor<?x800xf32>
  return %0 : tensor<?x800xf32>
}

// -----

// Rank > 2: the kernel's rows contracted with the last axis, at every position.
// CHECK-DAG: #[[DYMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[WMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[OUTMAP:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @grad_input_rank3
// CHECK-NOT: linalg.matmul
// CHECK: linalg.generic {indexing_maps = [#[[DYMAP]], #[[WMAP]], #[[OUTMAP]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: outs(%{{.+}} : tensor<?x4x5xf32>)
func.func @grad_input_rank3(%dy: tensor<?x4x8xf32>, %w: tensor<5x8xf32>) -> tensor<?x4x5xf32> {
  %0 = cnn.dense_grad_input %dy, %w : (tensor<?x4x8xf32>, tensor<5x8xf32>) -> tensor<?x4x5xf32>
  return %0 : tensor<?x4x5xf32>
}

// -----

// dW = x^T x dy, summed over the batch.
// CHECK-LABEL: func @grad_kernel
// CHECK-SAME: (%[[X:.+]]: tensor<?x800xf32>, %[[DY:.+]]: tensor<?x128xf32>)
// CHECK-NOT: tensor.collapse_shape
// CHECK: %[[INIT:.+]] = linalg.fill {{.+}} -> tensor<800x128xf32>
// CHECK: linalg.matmul_transpose_a ins(%[[X]], %[[DY]] : tensor<?x800xf32>, tensor<?x128xf32>) outs(%[[INIT]] : tensor<800x128xf32>)
func.func @grad_kernel(%x: tensor<?x800xf32>, %dy: tensor<?x128xf32>) -> tensor<800x128xf32> {
  %0 = cnn.dense_grad_kernel %x, %dy : (tensor<?x800xf32>, tensor<?x128xf32>) -> tensor<800x128xf32>
  return %0 : tensor<800x128xf32>
}

// -----

// Rank > 2: the positions are summed too, by collapsing them into the batch.
// CHECK-LABEL: func @grad_kernel_rank4
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x3x5xf32>, %[[DY:.+]]: tensor<?x3x3x8xf32>)
// CHECK-DAG: %[[XC:.+]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2], [3]] : tensor<?x3x3x5xf32> into tensor<?x5xf32>
// CHECK-DAG: %[[DYC:.+]] = tensor.collapse_shape %[[DY]] {{\[\[}}0, 1, 2], [3]] : tensor<?x3x3x8xf32> into tensor<?x8xf32>
// CHECK: linalg.matmul_transpose_a ins(%[[XC]], %[[DYC]] : tensor<?x5xf32>, tensor<?x8xf32>) outs(%{{.+}} : tensor<5x8xf32>)
func.func @grad_kernel_rank4(%x: tensor<?x3x3x5xf32>, %dy: tensor<?x3x3x8xf32>) -> tensor<5x8xf32> {
  %0 = cnn.dense_grad_kernel %x, %dy : (tensor<?x3x3x5xf32>, tensor<?x3x3x8xf32>) -> tensor<5x8xf32>
  return %0 : tensor<5x8xf32>
}
