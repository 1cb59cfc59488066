// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file -verify-diagnostics | FileCheck %s

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

// -----

// Reshape collapses each sample, then expands it to the target shape.
// CHECK-LABEL: func @reshape
// CHECK: %[[FLAT:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0], [1, 2, 3]] : tensor<?x4x4x2xf32> into tensor<?x32xf32>
// CHECK: tensor.expand_shape %[[FLAT]] {{\[}}[0], [1, 2]] output_shape [%{{.+}}, 8, 4] : tensor<?x32xf32> into tensor<?x8x4xf32>
func.func @reshape(%x: tensor<?x4x4x2xf32>) -> tensor<?x8x4xf32> {
  %0 = cnn.reshape %x shape [8, 4] : tensor<?x4x4x2xf32> -> tensor<?x8x4xf32>
  return %0 : tensor<?x8x4xf32>
}

// -----

// CHECK-LABEL: func @zero_pad
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: tensor.pad %{{.+}} low[0, 1, 0, 0] high[0, 2, 3, 0]
// CHECK: tensor.yield %[[ZERO]]
// CHECK: tensor<?x7x6x2xf32> to tensor<?x10x9x2xf32>
func.func @zero_pad(%x: tensor<?x7x6x2xf32>) -> tensor<?x10x9x2xf32> {
  %0 = cnn.zero_pad2d %x padding [1, 2, 0, 3] : tensor<?x7x6x2xf32> -> tensor<?x10x9x2xf32>
  return %0 : tensor<?x10x9x2xf32>
}

// -----

// Cropping (the gradient of zero padding, and Keras' Cropping2D): a slice of H and W.
// CHECK-LABEL: func @crop
// CHECK-SAME: (%[[X:.+]]: tensor<?x7x6x2xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[X]], %{{.+}}
// CHECK: tensor.extract_slice %[[X]][0, 1, 0, 0] [%[[N]], 4, 3, 2] [1, 1, 1, 1] : tensor<?x7x6x2xf32> to tensor<?x4x3x2xf32>
func.func @crop(%x: tensor<?x7x6x2xf32>) -> tensor<?x4x3x2xf32> {
  %0 = cnn.crop2d %x cropping [1, 2, 0, 3] : tensor<?x7x6x2xf32> -> tensor<?x4x3x2xf32>
  return %0 : tensor<?x4x3x2xf32>
}

// -----

// Negative: cropping must leave at least one row and one column.
func.func @crop_everything(%x: tensor<?x7x6x2xf32>) {
  // expected-error @+2 {{cropping [3, 4, 0, 0] leaves nothing of the 7x6 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.crop2d %x cropping [3, 4, 0, 0] : tensor<?x7x6x2xf32> -> tensor<?x0x6x2xf32>
  return
}

// -----

// Negative: no negative cropping.
func.func @crop_negative(%x: tensor<?x7x6x2xf32>) {
  // expected-error @+2 {{expected non-negative cropping, got [-1, 0, 0, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.crop2d %x cropping [-1, 0, 0, 0] : tensor<?x7x6x2xf32> -> tensor<?x8x6x2xf32>
  return
}
