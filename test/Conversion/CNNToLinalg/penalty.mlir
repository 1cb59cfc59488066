// RUN: cnn-opt %s -split-input-file -convert-cnn-to-linalg -canonicalize -cse -verify-diagnostics | FileCheck %s

// loss + (0.5 * sum(|w|) + 0.25 * sum(w^2)), each sum a full reduction: Keras' L1L2.__call__, then
// the loss.
// CHECK-LABEL: func.func @add_penalty
// CHECK: %[[L1SUM:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction"]} ins(%arg1
// CHECK: math.absf
// CHECK: %[[L1:.+]] = tensor.extract %[[L1SUM]][]
// CHECK: %[[T1:.+]] = arith.mulf %[[L1]], %{{.+}}
// CHECK: %[[L2SUM:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction"]} ins(%arg1
// CHECK: %[[L2:.+]] = tensor.extract %[[L2SUM]][]
// CHECK: %[[T2:.+]] = arith.mulf %[[L2]], %{{.+}}
// CHECK: %[[PENALTY:.+]] = arith.addf %[[T1]], %[[T2]]
// CHECK: %[[LOSS:.+]] = tensor.extract %arg0[]
// CHECK: %[[TOTAL:.+]] = arith.addf %[[LOSS]], %[[PENALTY]]
// CHECK: tensor.from_elements %[[TOTAL]]
func.func @add_penalty(%l: tensor<f32>, %w: tensor<2x3xf32>) -> tensor<f32> {
  %p = cnn.add_penalty %l, %w l1 0.5 l2 0.25 : tensor<f32>, tensor<2x3xf32>
  return %p : tensor<f32>
}

// per_sample (Keras 2's activity regularizers): the penalty divided by the batch, dimension 0.
// CHECK-LABEL: func.func @per_sample
// CHECK: %[[C0:.+]] = arith.constant 0 : index
// CHECK: %[[SUM:.+]] = linalg.generic {{.+}} ins(%arg1
// CHECK: %[[S:.+]] = tensor.extract %[[SUM]][]
// CHECK: %[[T:.+]] = arith.mulf %[[S]],
// CHECK: %[[N:.+]] = tensor.dim %arg1, %[[C0]]
// CHECK: %[[NI:.+]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[NF:.+]] = arith.sitofp %[[NI]] : i64 to f32
// CHECK: %[[MEAN:.+]] = arith.divf %[[T]], %[[NF]]
// CHECK: arith.addf %{{.+}}, %[[MEAN]]
func.func @per_sample(%l: tensor<f32>, %y: tensor<?x3xf32>) -> tensor<f32> {
  %p = cnn.add_penalty %l, %y l1 0.0 l2 0.25 per_sample : tensor<f32>, tensor<?x3xf32>
  return %p : tensor<f32>
}

// Both factors zero: the loss as it is.
// CHECK-LABEL: func.func @no_terms
// CHECK-NEXT: return %arg0
func.func @no_terms(%l: tensor<f32>, %w: tensor<3xf32>) -> tensor<f32> {
  %p = cnn.add_penalty %l, %w l1 0.0 l2 0.0 : tensor<f32>, tensor<3xf32>
  return %p : tensor<f32>
}

// A zero factor adds no term.
// CHECK-LABEL: func.func @l2_only
// CHECK-NOT: math.absf
// CHECK: return
func.func @l2_only(%l: tensor<f32>, %w: tensor<3xf32>) -> tensor<f32> {
  %p = cnn.add_penalty %l, %w l1 0.0 l2 0.25 : tensor<f32>, tensor<3xf32>
  return %p : tensor<f32>
}

// grad * (0.5 * sign(w) + 2 * 0.25 * w), sign(0) = 0.
// CHECK-LABEL: func.func @penalty_grad
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HALF:.+]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[G:.+]] = tensor.extract %arg1[]
// CHECK: linalg.map ins(%arg0
// CHECK: %[[POS:.+]] = arith.cmpf ogt, %{{.+}}, %[[ZERO]]
// CHECK: %[[NEG:.+]] = arith.cmpf olt, %{{.+}}, %[[ZERO]]
// CHECK: arith.select %[[NEG]], %{{.+}}, %[[ZERO]]
// CHECK: arith.select %[[POS]]
// CHECK: arith.mulf %[[G]]
func.func @penalty_grad(%w: tensor<2x3xf32>, %g: tensor<f32>) -> tensor<2x3xf32> {
  %d = cnn.penalty_grad %w, %g l1 0.5 l2 0.25 : tensor<2x3xf32>, tensor<f32>
  return %d : tensor<2x3xf32>
}

// per_sample: the total's gradient divided by the batch before the map.
// CHECK-LABEL: func.func @penalty_grad_per_sample
// CHECK: %[[G:.+]] = tensor.extract %arg1[]
// CHECK: %[[N:.+]] = tensor.dim %arg0
// CHECK: %[[NF:.+]] = arith.sitofp
// CHECK: %[[GN:.+]] = arith.divf %[[G]], %[[NF]]
// CHECK: linalg.map ins(%arg0
// CHECK: arith.mulf %[[GN]]
func.func @penalty_grad_per_sample(%y: tensor<?x3xf32>, %g: tensor<f32>) -> tensor<?x3xf32> {
  %d = cnn.penalty_grad %y, %g l1 0.5 l2 0.0 per_sample : tensor<?x3xf32>, tensor<f32>
  return %d : tensor<?x3xf32>
}

// -----

func.func @negative_l2(%l: tensor<f32>, %w: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'cnn.add_penalty' op expected finite, non-negative l1 and l2, got 0.000000e+00 and -1.000000e+00}}
  %p = cnn.add_penalty %l, %w l1 0.0 l2 -1.0 : tensor<f32>, tensor<3xf32>
  return %p : tensor<f32>
}

// -----

func.func @infinite_l1(%w: tensor<3xf32>, %g: tensor<f32>) -> tensor<3xf32> {
  // expected-error @+1 {{'cnn.penalty_grad' op expected finite, non-negative l1 and l2, got INF and 0.000000e+00}}
  %d = cnn.penalty_grad %w, %g l1 0x7F800000 l2 0.0 : tensor<3xf32>, tensor<f32>
  return %d : tensor<3xf32>
}

// -----

func.func @per_sample_scalar(%l: tensor<f32>, %x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'cnn.add_penalty' op per_sample needs a value with a batch dimension, got 'tensor<f32>'}}
  %p = cnn.add_penalty %l, %x l1 0.0 l2 1.0 per_sample : tensor<f32>, tensor<f32>
  return %p : tensor<f32>
}
