// RUN: cnn-opt %s -split-input-file -convert-cnn-to-linalg -canonicalize -cse -verify-diagnostics | FileCheck %s

// Batch statistics over every axis but the channel: M = N * 3 values per
// channel (the batch from the tensor), the mean then the biased variance in a
// second pass, then x * scale + shift as at inference.
// CHECK-LABEL: func.func @batch_norm_train
// CHECK: %[[N:.+]] = tensor.dim %arg0, %c0
// CHECK: %[[M:.+]] = arith.muli %[[N]], %c3
// CHECK: %[[MF:.+]] = arith.sitofp
// CHECK: %[[SUM:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction", "parallel"]} ins(%arg0
// CHECK: %[[MEAN:.+]] = linalg.map ins(%[[SUM]]
// CHECK: arith.divf %{{.+}}, %[[MF]]
// CHECK: %[[SQ:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction", "parallel"]} ins(%arg0, %[[MEAN]]
// CHECK: arith.subf
// CHECK: arith.mulf
// CHECK: %[[VAR:.+]] = linalg.map ins(%[[SQ]]
// CHECK: math.rsqrt
// CHECK: %[[Y:.+]] = linalg.generic
// CHECK: return %[[Y]], %[[MEAN]], %[[VAR]]
func.func @batch_norm_train(%x: tensor<?x3x4xf32>, %g: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<?x3x4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %y, %m, %v = cnn.batch_norm_train %x, %g, %b epsilon 1.000000e-03 : (tensor<?x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<?x3x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %y, %m, %v : tensor<?x3x4xf32>, tensor<4xf32>, tensor<4xf32>
}

// The gradient: sum(dy) and sum(dy * xhat) per channel in one reduction, then
// gamma * invstd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat)).
// CHECK-LABEL: func.func @batch_norm_grad
// CHECK: %[[INV:.+]] = linalg.map ins(%arg3
// CHECK: math.rsqrt
// CHECK: %[[SUMS:.+]]:2 = linalg.generic {{.+}} iterator_types = ["reduction", "parallel"]} ins(%arg0, %arg4, %arg2, %[[INV]]
// CHECK: %[[DX:.+]] = linalg.generic {{.+}} ins(%arg0, %arg4, %arg2, %[[INV]], %arg1, %[[SUMS]]#0, %[[SUMS]]#1
// CHECK: return %[[DX]], %[[SUMS]]#1, %[[SUMS]]#0
func.func @batch_norm_grad(%x: tensor<?x4xf32>, %g: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>, %dy: tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %dx, %dg, %db = cnn.batch_norm_grad %x, %g, %m, %v, %dy epsilon 1.000000e-03 : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?x4xf32>) -> (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return %dx, %dg, %db : tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>
}

// average * 0.9 + value * (1 - 0.9), 1 - 0.9 taken in double from the
// written 0.9 (as Keras' Python does: 0.1f, not 1 - 0.9f = 0.100000024).
// CHECK-LABEL: func.func @moving_average
// CHECK-DAG: %[[KEEP:.+]] = arith.constant 0.899999976 : f32
// CHECK-DAG: %[[ADD:.+]] = arith.constant 1.000000e-01 : f32
// CHECK: linalg.map ins(%arg0, %arg1
// CHECK: arith.mulf %{{.+}}, %[[KEEP]]
// CHECK: arith.mulf %{{.+}}, %[[ADD]]
// CHECK: arith.addf
func.func @moving_average(%a: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  %0 = cnn.moving_average %a, %v momentum 0.9 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bad_momentum(%a: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'cnn.moving_average' op expected a momentum in [0, 1], got 1.5}}
  %0 = cnn.moving_average %a, %v momentum 1.5 : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @bad_gamma(%x: tensor<?x4xf32>, %g: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{expected gamma of shape 4, got 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y, %m, %v = cnn.batch_norm_train %x, %g, %b epsilon 1.000000e-03 : (tensor<?x4xf32>, tensor<3xf32>, tensor<4xf32>) -> (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @bad_grad(%x: tensor<?x4xf32>, %g: tensor<4xf32>, %dy: tensor<?x3xf32>) {
  // expected-error @+2 {{expected a gradient of the input's type 'tensor<?x4xf32>', got 'tensor<?x3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx, %dg, %db = cnn.batch_norm_grad %x, %g, %g, %g, %dy epsilon 1.000000e-03 : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?x3xf32>) -> (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @bad_bn_momentum(%x: tensor<?x4xf32>, %g: tensor<4xf32>) {
  // expected-error @+2 {{expected a momentum in [0, 1], got -1.000000e+00}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = cnn.batch_norm %x, %g, %g, %g, %g epsilon 1.000000e-03 momentum -1.0 : (tensor<?x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return
}
