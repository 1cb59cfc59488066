// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// One elementwise generic over all inputs.
// CHECK-LABEL: func @add3
// CHECK-SAME: (%[[A:.+]]: tensor<?x4xf32>, %[[B:.+]]: tensor<?x4xf32>, %[[C:.+]]: tensor<?x4xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[A]], %[[B]], %[[C]] : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>)
// CHECK: ^bb0(%[[X:.+]]: f32, %[[Y:.+]]: f32, %[[Z:.+]]: f32, %{{.+}}: f32):
// CHECK: %[[S:.+]] = arith.addf %[[X]], %[[Y]]
// CHECK: %[[T:.+]] = arith.addf %[[S]], %[[Z]]
// CHECK: linalg.yield %[[T]]
func.func @add3(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge add %a, %b, %c : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func @average
// CHECK: arith.addf
// CHECK: %[[N:.+]] = arith.constant 2.000000e+00 : f32
// CHECK: arith.divf %{{.+}}, %[[N]]
func.func @average(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge average %a, %b : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func @others
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @others(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>) {
  %0 = cnn.merge subtract %a, %b : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %1 = cnn.merge multiply %a, %b : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %2 = cnn.merge maximum %a, %b : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %3 = cnn.merge minimum %a, %b : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0, %1, %2, %3 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32>
}

// -----

// Concatenation: each input inserted at its offset along the axis.
// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:.+]]: tensor<?x4x4x8xf32>, %[[C:.+]]: tensor<?x4x4x2xf32>)
// CHECK: %[[E:.+]] = tensor.empty(%{{.+}}) : tensor<?x4x4x10xf32>
// CHECK: %[[S1:.+]] = tensor.insert_slice %[[A]] into %[[E]][0, 0, 0, 0] [%{{.+}}, 4, 4, 8] [1, 1, 1, 1]
// CHECK: tensor.insert_slice %[[C]] into %[[S1]][0, 0, 0, 8] [%{{.+}}, 4, 4, 2] [1, 1, 1, 1]
func.func @concat(%a: tensor<?x4x4x8xf32>, %c: tensor<?x4x4x2xf32>) -> tensor<?x4x4x10xf32> {
  %0 = cnn.concat %a, %c axis 3 : tensor<?x4x4x8xf32>, tensor<?x4x4x2xf32> -> tensor<?x4x4x10xf32>
  return %0 : tensor<?x4x4x10xf32>
}
