// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file -verify-diagnostics | FileCheck %s

// maximum: the gradient goes to input 2 where it equals the maximum of all
// inputs and no earlier input does (ties to the earliest, as Keras' fold of
// TensorFlow's maximum sends them).
// CHECK-LABEL: func @maximum_last
// CHECK-SAME: (%[[A:[a-z0-9]+]]: tensor<?x4xf32>, %[[B:[a-z0-9]+]]: tensor<?x4xf32>, %[[C:[a-z0-9]+]]: tensor<?x4xf32>, %[[DY:[a-z0-9]+]]: tensor<?x4xf32>)
// CHECK: linalg.map ins(%[[A]], %[[B]], %[[C]], %[[DY]] :
// CHECK-NEXT: (%[[XA:.+]]: f32, %[[XB:.+]]: f32, %[[XC:.+]]: f32, %[[G:.+]]: f32)
// CHECK: %[[AB:.+]] = arith.maximumf %[[XA]], %[[XB]]
// CHECK: %[[M:.+]] = arith.maximumf %[[AB]], %[[XC]]
// CHECK: %[[MINE:.+]] = arith.cmpf oeq, %[[XC]], %[[M]]
// CHECK: %[[NOTA:.+]] = arith.cmpf une, %[[XA]], %[[M]]
// CHECK: %[[M1:.+]] = arith.andi %[[MINE]], %[[NOTA]]
// CHECK: %[[NOTB:.+]] = arith.cmpf une, %[[XB]], %[[M]]
// CHECK: %[[M2:.+]] = arith.andi %[[M1]], %[[NOTB]]
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: arith.select %[[M2]], %[[G]], %[[ZERO]]
func.func @maximum_last(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge_grad maximum %a, %b, %c grad %dy index 2 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// minimum, first input: nothing comes before it.
// CHECK-LABEL: func @minimum_first
// CHECK: arith.minimumf
// CHECK: %[[MINE:.+]] = arith.cmpf oeq
// CHECK-NOT: arith.cmpf une
// CHECK: arith.select %[[MINE]]
func.func @minimum_first(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge_grad minimum %a, %b grad %dy index 0 : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// subtract, second input: -dy; the inputs are not read.
// CHECK-LABEL: func @subtract_second
// CHECK-SAME: (%{{.+}}: tensor<?x4xf32>, %{{.+}}: tensor<?x4xf32>, %[[DY:.+]]: tensor<?x4xf32>)
// CHECK: linalg.map { arith.negf } ins(%[[DY]] : tensor<?x4xf32>)
func.func @subtract_second(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge_grad subtract %a, %b grad %dy index 1 : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// average of three: dy / 3.
// CHECK-LABEL: func @average
// CHECK-SAME: %[[DY:[a-z0-9]+]]: tensor<?x4xf32>)
// CHECK: linalg.map ins(%[[DY]] : tensor<?x4xf32>)
// CHECK: %[[N:.+]] = arith.constant 3.000000e+00 : f32
// CHECK: arith.divf %{{.+}}, %[[N]]
func.func @average(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge_grad average %a, %b, %c grad %dy index 0 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// multiply: dy times the other inputs.
// CHECK-LABEL: func @multiply_middle
// CHECK: (%[[XA:.+]]: f32, %[[XB:.+]]: f32, %[[XC:.+]]: f32, %[[G:.+]]: f32)
// CHECK: %[[P:.+]] = arith.mulf %[[G]], %[[XA]]
// CHECK: arith.mulf %[[P]], %[[XC]]
func.func @multiply_middle(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %c: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge_grad multiply %a, %b, %c grad %dy index 1 : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// add: dy itself, copied.
// CHECK-LABEL: func @add
// CHECK-SAME: %[[DY:[a-z0-9]+]]: tensor<?x4xf32>)
// CHECK: linalg.map ins(%[[DY]] : tensor<?x4xf32>)
// CHECK-NEXT: (%[[G:.+]]: f32)
// CHECK-NEXT: linalg.yield %[[G]]
func.func @add(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.merge_grad add %a, %b grad %dy index 1 : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Concatenate's gradient: the input's slice of the result gradient.
// CHECK-LABEL: func @slice
// CHECK-SAME: (%[[DY:.+]]: tensor<?x3x4x6xf32>)
// CHECK: %[[N:.+]] = tensor.dim %[[DY]], %{{.+}}
// CHECK: tensor.extract_slice %[[DY]][0, 0, 0, 4] [%[[N]], 3, 4, 2] [1, 1, 1, 1] : tensor<?x3x4x6xf32> to tensor<?x3x4x2xf32>
func.func @slice(%dy: tensor<?x3x4x6xf32>) -> tensor<?x3x4x2xf32> {
  %0 = cnn.slice %dy axis 3 offset 4 size 2 : tensor<?x3x4x6xf32> -> tensor<?x3x4x2xf32>
  return %0 : tensor<?x3x4x2xf32>
}

// -----

// Negative: an index past the inputs.
func.func @index_out_of_range(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'cnn.merge_grad' op expected an input index in [0, 2), got 2}}
  %0 = cnn.merge_grad maximum %a, %b grad %dy index 2 : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Negative: the gradient must have the inputs' type.
func.func @grad_type(%a: tensor<?x4xf32>, %b: tensor<?x4xf32>, %dy: tensor<?x5xf32>) -> tensor<?x5xf32> {
  // expected-error @+1 {{'cnn.merge_grad' op expected a gradient of type 'tensor<?x4xf32>' (the forward op's), got 'tensor<?x5xf32>'}}
  %0 = cnn.merge_grad average %a, %b grad %dy index 0 : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// Negative: a slice past the end of its axis.
func.func @slice_outside(%dy: tensor<?x3x4x6xf32>) {
  // expected-error @+2 {{expected a slice inside the 6 entries of axis 3, got offset 5 and size 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.slice %dy axis 3 offset 5 size 2 : tensor<?x3x4x6xf32> -> tensor<?x3x4x2xf32>
  return
}

// -----

// Negative: the batch cannot be sliced.
func.func @slice_batch(%dy: tensor<?x6xf32>) {
  // expected-error @+2 {{expected an axis between 1 and the rank - 1, got 0 for 'tensor<?x6xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.slice %dy axis 0 offset 0 size 1 : tensor<?x6xf32> -> tensor<1x6xf32>
  return
}
