// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// NHWC row-major is Keras' Flatten order: a pure collapse, no data movement.
// CHECK-LABEL: func @flatten
// CHECK: tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2, 3]] : tensor<?x5x5x32xf32> into tensor<?x800xf32>
func.func @flatten(%x: tensor<?x5x5x32xf32>) -> tensor<?x800xf32> {
  %0 = cnn.flatten %x : tensor<?x5x5x32xf32> -> tensor<?x800xf32>
  return %0 : tensor<?x800xf32>
}

// -----

// Dropout is the identity at inference.
// CHECK-LABEL: func @dropout
// CHECK-SAME: (%[[X:.+]]: tensor<?x128xf32>)
// CHECK-NEXT: return %[[X]]
func.func @dropout(%x: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %0 = cnn.dropout %x rate 5.000000e-01 : tensor<?x128xf32>
  return %0 : tensor<?x128xf32>
}
