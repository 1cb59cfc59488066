// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// Sparse cross-entropy on logits: per row log-sum-exp(z) - z[label], the
// label clamped into [0, K-1] before it indexes, summed into a 0-d tensor
// and divided by the batch read at run time.
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[ALL:.+]] = affine_map<(d0) -> ()>
// CHECK-LABEL: func @sparse_from_logits
// CHECK-SAME: (%[[Z:.+]]: tensor<?x10xf32>, %[[L:.+]]: tensor<?xi32>)
// CHECK: %[[MAX:.+]] = linalg.generic {{.+}} ins(%[[Z]] : tensor<?x10xf32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SUMEXP:.+]] = linalg.generic {{.+}} ins(%[[Z]], %[[MAX]] : tensor<?x10xf32>, tensor<?xf32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK: math.exp
// CHECK: %[[TOTAL:.+]] = linalg.generic {indexing_maps = [#[[ROW]], #[[ROW]], #[[ROW]], #[[ALL]]], iterator_types = ["reduction"]} ins(%[[L]], %[[MAX]], %[[SUMEXP]] : tensor<?xi32>, tensor<?xf32>, tensor<?xf32>) outs(%{{.+}} : tensor<f32>)
// CHECK-NEXT: ^bb0(%[[LABEL:.+]]: i32, %[[M:.+]]: f32, %[[S:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK: %[[N:.+]] = linalg.index 0 : index
// CHECK: %[[RAW:.+]] = arith.index_cast %[[LABEL]] : i32 to index
// CHECK-DAG: %[[FIRST:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[LAST:.+]] = arith.constant 9 : index
// CHECK: %[[ABOVE:.+]] = arith.maxsi %[[RAW]], %[[FIRST]]
// CHECK: %[[CLASS:.+]] = arith.minsi %[[ABOVE]], %[[LAST]]
// CHECK: %[[PICKED:.+]] = tensor.extract %[[Z]][%[[N]], %[[CLASS]]] : tensor<?x10xf32>
// CHECK: %[[LOG:.+]] = math.log %[[S]]
// CHECK: %[[LSE:.+]] = arith.addf %[[LOG]], %[[M]]
// CHECK: %[[TERM:.+]] = arith.subf %[[LSE]], %[[PICKED]]
// CHECK: arith.addf %[[ACC]], %[[TERM]]
// CHECK: %[[BATCH:.+]] = tensor.dim %[[Z]], %{{.+}} : tensor<?x10xf32>
// CHECK: %[[COUNT:.+]] = arith.uitofp
// CHECK: linalg.map ins(%[[TOTAL]] : tensor<f32>)
// CHECK: arith.divf %{{.+}}, %[[COUNT]]
func.func @sparse_from_logits(%z: tensor<?x10xf32>, %labels: tensor<?xi32>) -> tensor<f32> {
  %0 = cnn.loss sparse_categorical_crossentropy %z, %labels from_logits : tensor<?x10xf32>, tensor<?xi32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Sparse on probabilities: -log(clip(p[label], 1e-7, 1 - 1e-7)).
// CHECK-LABEL: func @sparse_probabilities
// CHECK: tensor.extract
// CHECK-DAG: arith.constant 1.000000e-07 : f32
// CHECK-DAG: arith.constant 0.99999988 : f32
// CHECK: math.log
// CHECK: arith.negf
func.func @sparse_probabilities(%p: tensor<?x10xf32>, %labels: tensor<?xi32>) -> tensor<f32> {
  %0 = cnn.loss sparse_categorical_crossentropy %p, %labels : tensor<?x10xf32>, tensor<?xi32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Categorical on probabilities: each row divided by its sum before the clip.
// CHECK-LABEL: func @categorical_probabilities
// CHECK-SAME: (%[[P:.+]]: tensor<?x5xf32>, %[[Y:.+]]: tensor<?x5xf32>)
// CHECK: %[[ROWSUM:.+]] = linalg.generic {{.+}} ins(%[[P]] : tensor<?x5xf32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK: linalg.generic {{.+}} iterator_types = ["reduction", "reduction"]} ins(%[[P]], %[[Y]], %[[ROWSUM]] : tensor<?x5xf32>, tensor<?x5xf32>, tensor<?xf32>) outs(%{{.+}} : tensor<f32>)
// CHECK-NEXT: ^bb0(%[[PI:.+]]: f32, %{{.+}}: f32, %[[SUM:.+]]: f32, %{{.+}}: f32):
// CHECK: arith.divf %[[PI]], %[[SUM]]
// CHECK: math.log
func.func @categorical_probabilities(%p: tensor<?x5xf32>, %y: tensor<?x5xf32>) -> tensor<f32> {
  %0 = cnn.loss categorical_crossentropy %p, %y : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// Binary cross-entropy on logits, stable form; rank 4: averaged over every
// position and the last axis, so the count is N * 4 * 4 * 3.
// CHECK-LABEL: func @binary_from_logits_rank4
// CHECK-SAME: (%[[Z:.+]]: tensor<?x4x4x3xf32>, %{{.+}}: tensor<?x4x4x3xf32>)
// CHECK: %[[TOTAL:.+]] = linalg.generic {{.+}} iterator_types = ["reduction", "reduction", "reduction", "reduction"]
// CHECK-DAG: math.absf
// CHECK-DAG: math.log1p
// CHECK: %[[STATIC:.+]] = arith.constant 48 : index
// CHECK: %[[BATCH:.+]] = tensor.dim %[[Z]]
// CHECK: arith.muli %[[BATCH]], %[[STATIC]]
func.func @binary_from_logits_rank4(%z: tensor<?x4x4x3xf32>, %y: tensor<?x4x4x3xf32>) -> tensor<f32> {
  %0 = cnn.loss binary_crossentropy %z, %y from_logits : tensor<?x4x4x3xf32>, tensor<?x4x4x3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// CHECK-LABEL: func @mse
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[P:.+]]: f32, %[[Y:.+]]: f32, %[[ACC:.+]]: f32):
// CHECK-NEXT: %[[E:.+]] = arith.subf %[[P]], %[[Y]]
// CHECK-NEXT: %[[SQ:.+]] = arith.mulf %[[E]], %[[E]]
// CHECK-NEXT: arith.addf %[[ACC]], %[[SQ]]
// CHECK: arith.constant 4 : index
func.func @mse(%p: tensor<?x4xf32>, %y: tensor<?x4xf32>) -> tensor<f32> {
  %0 = cnn.loss mean_squared_error %p, %y : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

// The gradient of the sparse cross-entropy on logits:
// (softmax(z) - onehot(label)) / N, elementwise with the rows' max and sum
// and the labels read per row.
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ROWS:.+]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func @sparse_grad_from_logits
// CHECK-SAME: (%[[Z:.+]]: tensor<?x10xf32>, %[[L:.+]]: tensor<?xi32>)
// CHECK: tensor.dim %[[Z]]
// CHECK: %[[COUNT:.+]] = arith.uitofp
// CHECK: %[[ONE:.+]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[SCALE:.+]] = arith.divf %[[ONE]], %[[COUNT]]
// CHECK: %[[MAX:.+]] = linalg.generic
// CHECK: %[[SUMEXP:.+]] = linalg.generic
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROWS]], #[[ROWS]], #[[ROWS]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[Z]], %[[MAX]], %[[SUMEXP]], %[[L]] : tensor<?x10xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xi32>) outs(%{{.+}} : tensor<?x10xf32>)
// CHECK: %[[K:.+]] = linalg.index 1 : index
// CHECK: %[[HOT:.+]] = arith.cmpi eq, %[[K]]
// CHECK: %[[ONEHOT:.+]] = arith.select %[[HOT]]
// CHECK: math.exp
// CHECK: %[[SOFTMAX:.+]] = arith.divf
// CHECK: %[[DIFF:.+]] = arith.subf %[[SOFTMAX]], %[[ONEHOT]]
// CHECK: arith.mulf %[[DIFF]], %[[SCALE]]
func.func @sparse_grad_from_logits(%z: tensor<?x10xf32>, %labels: tensor<?xi32>) -> tensor<?x10xf32> {
  %0 = cnn.loss_grad sparse_categorical_crossentropy %z, %labels from_logits : tensor<?x10xf32>, tensor<?xi32> -> tensor<?x10xf32>
  return %0 : tensor<?x10xf32>
}

// -----

// Binary on probabilities: zero where the clip bites (p outside [1e-7, 1-1e-7]),
// scaled by 1 / (N * K).
// CHECK-LABEL: func @binary_grad_probabilities
// CHECK: %[[STATIC:.+]] = arith.constant 3 : index
// CHECK: arith.muli %{{.+}}, %[[STATIC]]
// CHECK: linalg.map
// CHECK-DAG: arith.cmpf oge
// CHECK-DAG: arith.cmpf ole
// CHECK: arith.select
func.func @binary_grad_probabilities(%p: tensor<?x3xf32>, %y: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = cnn.loss_grad binary_crossentropy %p, %y : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Categorical on probabilities: through the row normalisation and the clip.
// CHECK-LABEL: func @categorical_grad_probabilities
// CHECK-SAME: (%[[P:.+]]: tensor<?x5xf32>, %[[Y:.+]]: tensor<?x5xf32>)
// CHECK: %[[TOTAL:.+]] = linalg.generic {{.+}} ins(%[[P]] : tensor<?x5xf32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK: %[[LIVE:.+]] = linalg.generic {{.+}} ins(%[[P]], %[[Y]], %[[TOTAL]] : tensor<?x5xf32>, tensor<?x5xf32>, tensor<?xf32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[P]], %[[Y]], %[[TOTAL]], %[[LIVE]] : tensor<?x5xf32>, tensor<?x5xf32>, tensor<?xf32>, tensor<?xf32>) outs(%{{.+}} : tensor<?x5xf32>)
func.func @categorical_grad_probabilities(%p: tensor<?x5xf32>, %y: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %0 = cnn.loss_grad categorical_crossentropy %p, %y : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// -----

// mse: 2 (p - y) / (N * K).
// CHECK-LABEL: func @mse_grad
// CHECK: linalg.map
// CHECK: arith.constant 2.000000e+00 : f32
func.func @mse_grad(%p: tensor<?x4xf32>, %y: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.loss_grad mean_squared_error %p, %y : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}
