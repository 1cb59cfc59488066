// Each stage of cnnc's pipeline on its own, through cnn-opt's registered
// cnnc-pipeline (inference and training). cnnc takes a .mlir model with one
// public (forward) function only: this one has two.
// RUN: cnn-opt %s -cnnc-pipeline="last-stage=cnn" | FileCheck %s --check-prefix=INFER
// RUN: cnn-opt %s -cnnc-pipeline="training last-stage=cnn" | FileCheck %s --check-prefix=TRAIN
// RUN: cnn-opt %s -cnnc-pipeline="training last-stage=linalg" | FileCheck %s --check-prefix=LINALG
// RUN: cnn-opt %s -cnnc-pipeline="training" | FileCheck %s --check-prefix=LLVM
// RUN: not cnnc %s -o %t.o 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: error: expected one public function (the forward pass) in the module, found 2

ml_program.global private mutable @"d/kernel"(dense<0.5> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
ml_program.global private mutable @"d/bias"(dense<0.0> : tensor<3xf32>) : tensor<3xf32> {cnn.trainable}

// Inference: the state packed, no gradient function.
// INFER-LABEL: func.func @forward(%{{.+}}: tensor<15xf32> {bufferization.writable = false}, %{{.+}}: tensor<?x4xf32>
// INFER-NOT: cnn.loss_grad
func.func @forward(%x: tensor<?x4xf32>) -> tensor<?x3xf32> {
  %k = ml_program.global_load @"d/kernel" : tensor<4x3xf32>
  %b = ml_program.global_load @"d/bias" : tensor<3xf32>
  %y = cnn.dense %x, %k, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %s = cnn.activation softmax %y : tensor<?x3xf32>
  return %s : tensor<?x3xf32>
}

// Training: the cross-entropy moved onto the logits, then differentiated;
// the gradient function returns one vector of the 15 trainable floats and
// the (empty) state a step updates.
// TRAIN-LABEL: func.func @loss(
// TRAIN: cnn.loss sparse_categorical_crossentropy %{{.+}}, %{{.+}} from_logits
// TRAIN-LABEL: func.func @loss_gradients(%{{.+}}: tensor<15xf32> {bufferization.writable = false}, %{{.+}}: tensor<?x4xf32>, %{{.+}}: tensor<?xi32>, %{{.+}}: tensor<i64> {bufferization.writable = false}) -> (tensor<f32>, tensor<15xf32>, tensor<0xf32>)
// TRAIN: cnn.loss_grad sparse_categorical_crossentropy %{{.+}}, %{{.+}} from_logits
// TRAIN: cnn.dense_grad_kernel
// TRAIN: cnn.bias_grad
// LINALG-NOT: = cnn.
// LINALG-LABEL: func.func @loss_gradients(
// LINALG: linalg.matmul_transpose_a
// LLVM: llvm.func @_mlir_ciface_loss_gradients(
func.func @loss(%x: tensor<?x4xf32>, %labels: tensor<?xi32>) -> (tensor<f32>, tensor<?x3xf32>) attributes {cnn.differentiate = "loss_gradients", llvm.emit_c_interface} {
  %k = ml_program.global_load @"d/kernel" : tensor<4x3xf32>
  %b = ml_program.global_load @"d/bias" : tensor<3xf32>
  %y = cnn.dense %x, %k, %b : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %s = cnn.activation softmax %y : tensor<?x3xf32>
  %l = cnn.loss sparse_categorical_crossentropy %s, %labels : tensor<?x3xf32>, tensor<?xi32> -> tensor<f32>
  return %l, %s : tensor<f32>, tensor<?x3xf32>
}
