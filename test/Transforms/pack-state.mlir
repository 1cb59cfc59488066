// RUN: cnn-opt %s -cnn-pack-state -split-input-file -verify-diagnostics | FileCheck %s

// The state is laid out trainable first (b/kernel: 0..5, b/bias: 6..7) then
// the others (a/stat: 8..10), whatever the module's order; each load becomes
// a slice of the flat argument, reshaped. The layout attribute keeps the
// module's (the model file's) order, for saving weights. The initial values,
// dense_resource blobs (what the frontend makes) or dense<...>, are packed
// into one blob (after the module: alignment 64, then the 11 floats
// 4, 5, ..., 11, 1, 2, 3 as little-endian bytes).
ml_program.global private mutable @"a/stat"(dense<[1.0, 2.0, 3.0]> : tensor<3xf32>) : tensor<3xf32> {cnn.initializer = "Ones"}
ml_program.global private mutable @"b/kernel"(dense_resource<b_kernel> : tensor<3x2xf32>) : tensor<3x2xf32> {cnn.initializer = "weights file", cnn.trainable}
ml_program.global private mutable @"b/bias"(dense_resource<b_bias> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
// CHECK: module attributes {cnn.state_layout = [{initializer = "Ones", name = "a/stat", offset = 8 : i64, shape = array<i64: 3>, trainable = false}, {initializer = "weights file", name = "b/kernel", offset = 0 : i64, shape = array<i64: 3, 2>, trainable = true}, {initializer = "", name = "b/bias", offset = 6 : i64, shape = array<i64: 2>, trainable = true}], cnn.trainable_count = 8 : i64, cnn.updated_count = 0 : i64}
// CHECK: memref.global "public" constant @cnn_initial_params : memref<11xf32> = dense_resource<cnn_initial_params> {alignment = 64 : i64}
// CHECK-NOT: ml_program.global
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[STATE:.+]]: tensor<11xf32> {bufferization.writable = false}, %[[X:.+]]: tensor<?x3xf32>)
// CHECK: %[[KFLAT:.+]] = tensor.extract_slice %[[STATE]][0] [6] [1] : tensor<11xf32> to tensor<6xf32>
// CHECK: %[[K:.+]] = tensor.expand_shape %[[KFLAT]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK: %[[B:.+]] = tensor.extract_slice %[[STATE]][6] [2] [1] : tensor<11xf32> to tensor<2xf32>
// CHECK: cnn.dense %[[X]], %[[K]], %[[B]]
func.func @forward(%x: tensor<?x3xf32>) -> tensor<?x2xf32> {
  %k = ml_program.global_load @"b/kernel" : tensor<3x2xf32>
  %b = ml_program.global_load @"b/bias" : tensor<2xf32>
  %y = cnn.dense %x, %k, %b : (tensor<?x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// A gradient function returns its gradients as one vector: the first
// trainable_count floats of the state's layout, each at its weight's offset
// whatever order cnn.gradients lists them in; then the state it updates
// (none here).
// CHECK-LABEL: func.func @grads(
// CHECK-SAME: %[[S:.+]]: tensor<11xf32> {bufferization.writable = false}, %{{.+}}: tensor<3x2xf32>, %[[DB:.+]]: tensor<2xf32>, %[[L:.+]]: tensor<f32>) -> (tensor<f32>, tensor<8xf32>, tensor<0xf32>)
// CHECK: %[[EMPTY:.+]] = tensor.empty() : tensor<8xf32>
// CHECK: %[[G1:.+]] = tensor.insert_slice %[[DB]] into %[[EMPTY]][6] [2] [1]
// CHECK: %[[DK:.+]] = tensor.collapse_shape
// CHECK: %[[G2:.+]] = tensor.insert_slice %[[DK]] into %[[G1]][0] [6] [1]
// CHECK: %[[NONE:.+]] = tensor.extract_slice %[[S]][8] [0] [1] : tensor<11xf32> to tensor<0xf32>
// CHECK: return %[[L]], %[[G2]], %[[NONE]] : tensor<f32>, tensor<8xf32>, tensor<0xf32>
func.func @grads(%dk: tensor<3x2xf32>, %db: tensor<2xf32>, %l: tensor<f32>) -> (tensor<f32>, tensor<2xf32>, tensor<3x2xf32>) attributes {cnn.gradients = [@"b/bias", @"b/kernel"]} {
  return %l, %db, %dk : tensor<f32>, tensor<2xf32>, tensor<3x2xf32>
}

// Functions on memrefs (the optimizer step) are left as they are.
// CHECK-LABEL: func.func @step(%{{.+}}: memref<?xf32>)
func.func @step(%p: memref<?xf32>) {
  return
}

// The packed blob is the only one left: b_kernel and b_bias are freed.
// CHECK: dialect_resources: {
// CHECK-NEXT: builtin: {
// CHECK-NEXT: cnn_initial_params: "0x40000000000080400000A0400000C0400000E040000000410000104100002041000030410000803F0000004000004040"
// CHECK-NEXT: }

{-#
  dialect_resources: {
    builtin: {
      b_kernel: "0x04000000000080400000A0400000C0400000E0400000004100001041",
      b_bias: "0x040000000000204100003041"
    }
  }
#-}

// -----

// A model without weights: every entry function still takes the (empty) state.
// CHECK: module attributes {cnn.state_layout = [], cnn.trainable_count = 0 : i64, cnn.updated_count = 0 : i64}
// CHECK-NOT: memref.global
// CHECK-LABEL: func.func @no_weights(%{{.+}}: tensor<0xf32> {bufferization.writable = false}, %{{.+}}: tensor<?x3xf32>)
func.func @no_weights(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  return %x : tensor<?x3xf32>
}

// -----

// A gradient function's stores are its updated state: the stored globals
// follow the trainable ones (t/w: 0..1; b/mean: 2..3, b/var: 4..6; then
// f/frozen: 7), and the function returns floats 2..6 of the state with each
// stored value in place, in program order (b/var is stored twice: the later
// value wins), the rest (none here) as loaded.
ml_program.global private mutable @"f/frozen"(dense<9.0> : tensor<1xf32>) : tensor<1xf32>
ml_program.global private mutable @"b/mean"(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @"b/var"(dense<1.0> : tensor<3xf32>) : tensor<3xf32>
ml_program.global private mutable @"t/w"(dense<1.0> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
// CHECK: cnn.trainable_count = 2 : i64, cnn.updated_count = 5 : i64
// CHECK-LABEL: func.func @step(
// CHECK-SAME: %[[S:.+]]: tensor<8xf32> {bufferization.writable = false}, %[[M:.+]]: tensor<2xf32>, %[[V1:.+]]: tensor<3xf32>, %[[V2:.+]]: tensor<3xf32>, %[[L:.+]]: tensor<f32>) -> (tensor<f32>, tensor<2xf32>, tensor<5xf32>)
// CHECK: %[[OLD:.+]] = tensor.extract_slice %[[S]][2] [5] [1] : tensor<8xf32> to tensor<5xf32>
// CHECK: %[[U1:.+]] = tensor.insert_slice %[[M]] into %[[OLD]][0] [2] [1]
// CHECK: %[[U2:.+]] = tensor.insert_slice %[[V1]] into %[[U1]][2] [3] [1]
// CHECK: %[[U3:.+]] = tensor.insert_slice %[[V2]] into %[[U2]][2] [3] [1]
// CHECK-NOT: ml_program.global_store
// CHECK: return %[[L]], %{{.+}}, %[[U3]] : tensor<f32>, tensor<2xf32>, tensor<5xf32>
func.func @step(%m: tensor<2xf32>, %v1: tensor<3xf32>, %v2: tensor<3xf32>, %l: tensor<f32>) -> (tensor<f32>, tensor<2xf32>) attributes {cnn.gradients = [@"t/w"]} {
  ml_program.global_store @"b/mean" = %m : tensor<2xf32>
  ml_program.global_store @"b/var" = %v1 : tensor<3xf32>
  %w = ml_program.global_load @"t/w" : tensor<2xf32>
  ml_program.global_store @"b/var" = %v2 : tensor<3xf32>
  return %l, %w : tensor<f32>, tensor<2xf32>
}

// Splats are expanded: t/w 1, 1; b/mean 0, 0; b/var 1, 1, 1; f/frozen 9.
// CHECK: cnn_initial_params: "0x400000000000803F0000803F00000000000000000000803F0000803F0000803F00001041"

// -----

// Negative: only a gradient function may write state.
ml_program.global private mutable @"bn/moving_mean"(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
func.func @store(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'ml_program.global_store' op writes model state outside a gradient function, which cnnc does not compile}}
  ml_program.global_store @"bn/moving_mean" = %x : tensor<2xf32>
  return %x : tensor<2xf32>
}

// -----

// Negative: state must be static f32 tensors with a value.
// expected-error @+1 {{'ml_program.global' op expected a static f32 tensor of rank >= 1 with an initial value, to be model state}}
ml_program.global private mutable @"i/counter"(dense<0> : tensor<2xi32>) : tensor<2xi32>

// -----

// A blob that something else still refers to is kept.
ml_program.global private mutable @"k/kernel"(dense_resource<shared> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @uses_blob(
// CHECK: arith.constant dense_resource<shared> : tensor<2xf32>
// CHECK: cnn_initial_params: "0x400000000000803F00000040"
// CHECK-NEXT: shared: "0x040000000000803F00000040"
func.func @uses_blob(%x: tensor<?x2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense_resource<shared> : tensor<2xf32>
  %k = ml_program.global_load @"k/kernel" : tensor<2xf32>
  return %c : tensor<2xf32>
}

{-#
  dialect_resources: {
    builtin: {
      shared: "0x040000000000803F00000040"
    }
  }
#-}

// -----

// Negative: a blob without data (printed with --elide-weights) is no initial value.
// expected-error @+1 {{'ml_program.global' op has no data for its initial value dense_resource<elided>}}
ml_program.global private mutable @"e/kernel"(dense_resource<elided> : tensor<2xf32>) : tensor<2xf32>

// -----

// Negative: a blob of another size than its type's.
// expected-error @+1 {{'ml_program.global' op has 3 floats in dense_resource<short>, its type 'tensor<4xf32>' holds 4}}
ml_program.global private mutable @"s/kernel"(dense_resource<short> : tensor<4xf32>) : tensor<4xf32>

{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000803F000000400000803F"
    }
  }
#-}
