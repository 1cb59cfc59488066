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

// -----

// Keras' relu with its parameters: x > threshold ? min(max(x, 0), max_value) : alpha * (x - threshold).
// CHECK-LABEL: func @relu_params
// CHECK: linalg.map
// CHECK: %[[POS:.+]] = arith.maximumf
// CHECK: %[[CLIP:.+]] = arith.minimumf %[[POS]]
// CHECK: %[[SHIFTED:.+]] = arith.subf
// CHECK: %[[NEG:.+]] = arith.mulf %{{.+}}, %[[SHIFTED]]
// CHECK: %[[GT:.+]] = arith.cmpf ogt
// CHECK: arith.select %[[GT]], %[[CLIP]], %[[NEG]]
func.func @relu_params(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation relu %x {alpha = 0.1 : f32, max_value = 6.0 : f32, threshold = 0.5 : f32} : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// CHECK-LABEL: func @gelu_softplus_log_softmax
// CHECK: math.erf
// CHECK: math.log1p
// CHECK: linalg.reduce
// CHECK: math.exp
// CHECK: linalg.reduce
// CHECK: math.log
// CHECK: arith.subf
func.func @gelu_softplus_log_softmax(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation gelu %x : tensor<?x4xf32>
  %1 = cnn.activation softplus %0 : tensor<?x4xf32>
  %2 = cnn.activation log_softmax %1 : tensor<?x4xf32>
  return %2 : tensor<?x4xf32>
}
