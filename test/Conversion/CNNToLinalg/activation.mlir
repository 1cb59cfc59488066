// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// CHECK-LABEL: func @relu
// CHECK: linalg.map ins(%{{.+}} : tensor<?x4xf32>)
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.maximumf %{{.+}}, %[[ZERO]]
func.func @relu(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func @sigmoid_tanh
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
// CHECK: math.tanh
func.func @sigmoid_tanh(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation sigmoid %x : tensor<?x4xf32>
  %1 = cnn.activation tanh %0 : tensor<?x4xf32>
  return %1 : tensor<?x4xf32>
}

// -----

// linear is the identity: nothing is computed.
// CHECK-LABEL: func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>)
// CHECK-NEXT: return %[[X]]
func.func @linear(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation linear %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Softmax over the last axis: max, exp(x - max), sum, divide.
// CHECK-LABEL: func @softmax
// CHECK: %[[MAX:.+]] = linalg.reduce ins(%{{.+}} : tensor<?x10xf32>) outs(%{{.+}} : tensor<?xf32>) dimensions = [1]
// CHECK: arith.maximumf
// CHECK: %[[EXP:.+]] = linalg.generic {{.+}} ins(%{{.+}}, %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%[[EXP]] : tensor<?x10xf32>)
// CHECK: arith.addf
// CHECK: linalg.generic {{.+}} ins(%[[EXP]], %[[SUM]] : tensor<?x10xf32>, tensor<?xf32>)
// CHECK: arith.divf
func.func @softmax(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  %0 = cnn.activation softmax %x : tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}
