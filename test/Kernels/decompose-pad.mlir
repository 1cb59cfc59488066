// RUN: cnn-opt %s -split-input-file -cnnc-decompose-pad -cse | FileCheck %s

// A `same` convolution's zero padding: a fill of the padded shape (the batch kept dynamic), then the
// input copied by a linalg.copy into the slice at the low padding.
// CHECK-LABEL: func.func @zero_pad
// CHECK-SAME: (%[[X:.+]]: tensor<?x16x16x64xf32>)
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[N:.+]] = tensor.dim %[[X]], %c0
// CHECK: %[[EMPTY:.+]] = tensor.empty(%[[N]]) : tensor<?x18x18x64xf32>
// CHECK: %[[FILLED:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%[[EMPTY]] : tensor<?x18x18x64xf32>)
// CHECK: %[[INSIDE:.+]] = tensor.extract_slice %[[FILLED]][0, 1, 1, 0] [%[[N]], 16, 16, 64] [1, 1, 1, 1]
// CHECK: %[[COPIED:.+]] = linalg.copy ins(%[[X]] : tensor<?x16x16x64xf32>) outs(%[[INSIDE]] : tensor<?x16x16x64xf32>)
// CHECK: %[[PADDED:.+]] = tensor.insert_slice %[[COPIED]] into %[[FILLED]][0, 1, 1, 0] [%[[N]], 16, 16, 64] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[PADDED]]
func.func @zero_pad(%x: tensor<?x16x16x64xf32>) -> tensor<?x18x18x64xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%n: index, %h: index, %w: index, %c: index):
    tensor.yield %zero : f32
  } : tensor<?x16x16x64xf32> to tensor<?x18x18x64xf32>
  return %p : tensor<?x18x18x64xf32>
}

// -----

// Not rewritten: a pad whose value depends on the position.
// CHECK-LABEL: func.func @computed_pad
// CHECK-NOT: linalg.fill
// CHECK: tensor.pad
func.func @computed_pad(%x: tensor<4xf32>) -> tensor<6xf32> {
  %p = tensor.pad %x low[1] high[1] {
  ^bb0(%i: index):
    %v = arith.index_cast %i : index to i32
    %f = arith.sitofp %v : i32 to f32
    tensor.yield %f : f32
  } : tensor<4xf32> to tensor<6xf32>
  return %p : tensor<6xf32>
}
