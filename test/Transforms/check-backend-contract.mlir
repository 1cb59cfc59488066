// RUN: cnn-opt %s -split-input-file -verify-diagnostics -cnn-check-backend-contract | FileCheck %s

// A cnn op left for the code generator is reported with its location.
func.func @leftover(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @below {{cnn op 'cnn.activation' survived lowering: no pattern converts it}}
  %0 = cnn.activation relu %x : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Upstream ops pass untouched.
// CHECK-LABEL: func @lowered
// CHECK: linalg.map
func.func @lowered(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %0 = linalg.map ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>)
    (%in: f32) { linalg.yield %in : f32 }
  return %0 : tensor<4xf32>
}
