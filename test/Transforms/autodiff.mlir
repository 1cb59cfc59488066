// RUN: cnn-opt %s -cnn-autodiff -split-input-file -verify-diagnostics | FileCheck %s

// Dense -> relu -> dense -> loss: the backward ops in reverse order, each
// layer's weight gradients, and no input gradient for the first layer (no
// trainable weight lies before it). The gradients come back in the module's
// order of the trainable weights.
ml_program.global private mutable @"d1/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
ml_program.global private mutable @"d1/bias"(dense<0.0> : tensor<3xf32>) : tensor<3xf32> {cnn.trainable}
ml_program.global private mutable @"d2/kernel"(dense<1.0> : tensor<3x2xf32>) : tensor<3x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @loss(
// CHECK-NOT: cnn.differentiate
// CHECK-LABEL: func.func @grads(
// CHECK-SAME: %[[X:.+]]: tensor<?x4xf32>, %[[L:.+]]: tensor<?xi32>, %{{.+}}: tensor<i64> {bufferization.writable = false}) -> (tensor<f32>, tensor<4x3xf32>, tensor<3xf32>, tensor<3x2xf32>)
// CHECK-SAME: cnn.gradients = [@"d1/kernel", @"d1/bias", @"d2/kernel"]
// CHECK: %[[K1:.+]] = ml_program.global_load @"d1/kernel"
// CHECK: %[[H:.+]] = cnn.dense %[[X]], %[[K1]]
// CHECK: %[[A:.+]] = cnn.activation relu %[[H]]
// CHECK: %[[K2:.+]] = ml_program.global_load @"d2/kernel"
// CHECK: %[[Y:.+]] = cnn.dense %[[A]], %[[K2]]
// CHECK: %[[LOSS:.+]] = cnn.loss sparse_categorical_crossentropy %[[Y]], %[[L]] from_logits
// CHECK: %[[DY:.+]] = cnn.loss_grad sparse_categorical_crossentropy %[[Y]], %[[L]] from_logits
// CHECK: %[[DA:.+]] = cnn.dense_grad_input %[[DY]], %[[K2]]
// CHECK: %[[DK2:.+]] = cnn.dense_grad_kernel %[[A]], %[[DY]]
// CHECK: %[[DH:.+]] = cnn.activation_grad relu %[[H]], %[[DA]]
// CHECK-NOT: cnn.dense_grad_input
// CHECK: %[[DK1:.+]] = cnn.dense_grad_kernel %[[X]], %[[DH]]
// CHECK: %[[DB1:.+]] = cnn.bias_grad %[[DH]]
// CHECK: return %[[LOSS]], %[[DK1]], %[[DB1]], %[[DK2]]
func.func @loss(%x: tensor<?x4xf32>, %labels: tensor<?xi32>) -> tensor<f32> attributes {cnn.differentiate = "grads"} {
  %k1 = ml_program.global_load @"d1/kernel" : tensor<4x3xf32>
  %b1 = ml_program.global_load @"d1/bias" : tensor<3xf32>
  %h = cnn.dense %x, %k1, %b1 : (tensor<?x4xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %a = cnn.activation relu %h : tensor<?x3xf32>
  %k2 = ml_program.global_load @"d2/kernel" : tensor<3x2xf32>
  %y = cnn.dense %a, %k2 : (tensor<?x3xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss sparse_categorical_crossentropy %y, %labels from_logits : tensor<?x2xf32>, tensor<?xi32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A frozen first layer (no cnn.trainable) gets no gradient, and the backward
// pass stops at the first trainable layer. A trainable weight the loss does
// not use gets zeros. A value used twice gets the sum of both gradients.
ml_program.global private mutable @"frozen/kernel"(dense<1.0> : tensor<4x4xf32>) : tensor<4x4xf32>
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
ml_program.global private mutable @"unused/bias"(dense<1.0> : tensor<5xf32>) : tensor<5xf32> {cnn.trainable}
// CHECK-LABEL: func.func @frozen_grads(
// CHECK-SAME: -> (tensor<f32>, tensor<4x2xf32>, tensor<5xf32>)
// CHECK-SAME: cnn.gradients = [@"d/kernel", @"unused/bias"]
// CHECK: %[[F:.+]] = cnn.dense
// CHECK: %[[S:.+]] = cnn.merge add %[[F]], %[[F]]
// CHECK: %[[Y:.+]] = cnn.dense %[[S]], %[[K:.+]] :
// CHECK: %[[DY:.+]] = cnn.loss_grad mean_squared_error
// CHECK: %[[DK:.+]] = cnn.dense_grad_kernel %[[S]], %[[DY]]
// CHECK-NOT: cnn.dense_grad_input
// CHECK: %[[ZERO:.+]] = arith.constant dense<0.000000e+00> : tensor<5xf32>
// CHECK: return %{{.+}}, %[[DK]], %[[ZERO]]
func.func @frozen(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "frozen_grads"} {
  %kf = ml_program.global_load @"frozen/kernel" : tensor<4x4xf32>
  %f = cnn.dense %x, %kf : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
  %s = cnn.merge add %f, %f : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %s, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// A kernel used by two layers: its gradient is the sum over both uses.
ml_program.global private mutable @"shared/kernel"(dense<1.0> : tensor<3x3xf32>) : tensor<3x3xf32> {cnn.trainable}
// CHECK-LABEL: func.func @shared_grads(
// CHECK: %[[G2:.+]] = cnn.dense_grad_kernel
// CHECK: %[[G1:.+]] = cnn.dense_grad_kernel
// CHECK: %[[SUM:.+]] = cnn.merge add %[[G1]], %[[G2]]
// CHECK: return %{{.+}}, %[[SUM]]
func.func @shared(%x: tensor<?x3xf32>, %t: tensor<?x3xf32>) -> tensor<f32> attributes {cnn.differentiate = "shared_grads"} {
  %k1 = ml_program.global_load @"shared/kernel" : tensor<3x3xf32>
  %h = cnn.dense %x, %k1 : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  %k2 = ml_program.global_load @"shared/kernel" : tensor<3x3xf32>
  %y = cnn.dense %h, %k2 : (tensor<?x3xf32>, tensor<3x3xf32>) -> tensor<?x3xf32>
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Dropout trains: the gradient function gets the step's seed as its last
// argument, every dropout becomes dropout_train with it (one stream each),
// and the gradient is the same mask applied to the output gradient.
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @dropout_grads(
// CHECK-SAME: %[[X:.+]]: tensor<?x4xf32>, %{{.+}}: tensor<?x2xf32>, %[[SEED:.+]]: tensor<i64> {bufferization.writable = false})
// CHECK: %[[D0:.+]] = cnn.dropout_train %[[X]], %[[SEED]] rate 2.500000e-01 stream 0
// CHECK: %[[Y:.+]] = cnn.dense %[[D0]]
// CHECK: %[[D1:.+]] = cnn.dropout_train %[[Y]], %[[SEED]] rate 5.000000e-01 stream 1
// CHECK: %[[DY:.+]] = cnn.loss_grad mean_squared_error %[[D1]]
// CHECK: %[[DD:.+]] = cnn.dropout_train %[[DY]], %[[SEED]] rate 5.000000e-01 stream 1
// CHECK: cnn.dense_grad_kernel %[[D0]], %[[DD]]
// CHECK-NOT: cnn.dropout
// CHECK: return
func.func @dropout(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "dropout_grads"} {
  %x0 = cnn.dropout %x rate 2.500000e-01 : tensor<?x4xf32>
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x0, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %d = cnn.dropout %y rate 5.000000e-01 : tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %d, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Negative: an op without a gradient rule (here a gradient op: no second
// derivatives) between a trainable weight and the loss.
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
func.func @second_order(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "g"} {
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  // expected-error @+1 {{'cnn.activation_grad' op has no gradient rule, so a model with it cannot be trained yet}}
  %n = cnn.activation_grad tanh %y, %y : tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %n, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// The same op before the weights is no problem (nothing to differentiate there)...
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @g_ok(
// CHECK: cnn.activation_grad
// CHECK: cnn.dense_grad_kernel
func.func @first(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "g_ok"} {
  %d = cnn.activation_grad tanh %x, %x : tensor<?x4xf32>
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %d, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Negative: ...but the first result must be a loss.
// expected-error @+1 {{'func.func' op is to be differentiated, but its first result is not computed by cnn.loss}}
func.func @not_a_loss(%x: tensor<?x4xf32>) -> tensor<?x4xf32> attributes {cnn.differentiate = "g"} {
  return %x : tensor<?x4xf32>
}

// -----

// A penalised loss: the loss' gradient (1) passes through each cnn.add_penalty,
// whose weight gets cnn.penalty_grad, summed with the gradient through the layer.
ml_program.global private mutable @"r/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
ml_program.global private mutable @"r/bias"(dense<1.0> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @regularized_grads(
// CHECK: %[[LOSS:.+]] = cnn.loss mean_squared_error
// CHECK: %[[P1:.+]] = cnn.add_penalty %[[LOSS]], %[[K:.+]] l1 0.000000e+00 l2 0.00999999977
// CHECK: %[[P2:.+]] = cnn.add_penalty %[[P1]], %[[B:.+]] l1 5.000000e-01 l2 0.000000e+00
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DB:.+]] = cnn.penalty_grad %[[B]], %[[ONE]] l1 5.000000e-01 l2 0.000000e+00
// CHECK: %[[DK:.+]] = cnn.penalty_grad %[[K]], %[[ONE]] l1 0.000000e+00 l2 0.00999999977
// CHECK: %[[DY:.+]] = cnn.loss_grad mean_squared_error
// CHECK: %[[DKY:.+]] = cnn.dense_grad_kernel %{{.+}}, %[[DY]]
// CHECK: %[[DKSUM:.+]] = cnn.merge add %[[DKY]], %[[DK]]
// CHECK: return %[[P2]], %[[DKSUM]], %[[DB]]
func.func @regularized(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "regularized_grads"} {
  %k = ml_program.global_load @"r/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  %k2 = ml_program.global_load @"r/kernel" : tensor<4x2xf32>
  %p1 = cnn.add_penalty %l, %k2 l1 0.0 l2 0.01 : tensor<f32>, tensor<4x2xf32>
  %b = ml_program.global_load @"r/bias" : tensor<2xf32>
  %p2 = cnn.add_penalty %p1, %b l1 0.5 l2 0.0 : tensor<f32>, tensor<2xf32>
  return %p2 : tensor<f32>
}

// -----

// An activity penalty (Keras 2: per_sample) on a layer's output: its penalty_grad is summed with
// the gradient that reaches that output from the loss, and flows back into the layer.
ml_program.global private mutable @"a/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @activity_grads(
// CHECK: %[[Y:.+]] = cnn.dense
// CHECK: %[[R:.+]] = cnn.activation relu %[[Y]]
// CHECK: %[[LOSS:.+]] = cnn.loss mean_squared_error %[[R]]
// CHECK: %[[P:.+]] = cnn.add_penalty %[[LOSS]], %[[R]] l1 0.00999999977 l2 0.000000e+00 per_sample
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DPEN:.+]] = cnn.penalty_grad %[[R]], %[[ONE]] l1 0.00999999977 l2 0.000000e+00 per_sample
// CHECK: %[[DLOSS:.+]] = cnn.loss_grad mean_squared_error
// CHECK: %[[DR:.+]] = cnn.merge add %[[DPEN]], %[[DLOSS]]
// CHECK: cnn.activation_grad relu %{{.+}}, %[[DR]]
func.func @activity(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "activity_grads"} {
  %k = ml_program.global_load @"a/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %r = cnn.activation relu %y : tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %r, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  %p = cnn.add_penalty %l, %r l1 0.01 l2 0.0 per_sample : tensor<f32>, tensor<?x2xf32>
  return %p : tensor<f32>
}

// -----

// Negative: a loss is only differentiated as the (penalised) result, not as
// an input of another op (here its own penalty: l^2).
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
func.func @loss_of_loss(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "g"} {
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  // expected-error @+1 {{'cnn.loss' op must be the differentiated loss itself, or a penalised one, not feed another op}}
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  %squared = cnn.add_penalty %l, %l l1 0.0 l2 1.0 : tensor<f32>, tensor<f32>
  return %squared : tensor<f32>
}

// -----

// Batch norm in training mode: a layer with a momentum normalises with the
// batch's statistics and stores the moved moving ones; its gradient reuses
// the batch statistics. The frozen one (no momentum) keeps the inference
// form: its input gradient is the same normalisation applied to the output
// gradient, unshifted (zero beta and mean).
ml_program.global private mutable @"bn/gamma"(dense<1.0> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
ml_program.global private mutable @"bn/beta"(dense<0.0> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
ml_program.global private mutable @"bn/moving_mean"(dense<0.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @"bn/moving_variance"(dense<1.0> : tensor<2xf32>) : tensor<2xf32>
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @bn_loss(
// CHECK: cnn.batch_norm %{{.+}} epsilon 1.000000e-03 momentum 0.899999976
// CHECK-NOT: global_store
// CHECK-LABEL: func.func @bn_grads(
// CHECK-SAME: -> (tensor<f32>, tensor<2xf32>, tensor<2xf32>, tensor<4x2xf32>)
// CHECK: %[[MEAN:.+]] = ml_program.global_load @"bn/moving_mean"
// CHECK: %[[VAR:.+]] = ml_program.global_load @"bn/moving_variance"
// CHECK: %[[Y:.+]], %[[BMEAN:.+]], %[[BVAR:.+]] = cnn.batch_norm_train %[[X:.+]], %[[G:.+]], %{{.+}} epsilon 1.000000e-03
// CHECK: %[[NEWMEAN:.+]] = cnn.moving_average %[[MEAN]], %[[BMEAN]] momentum 0.899999976
// CHECK: ml_program.global_store @"bn/moving_mean" = %[[NEWMEAN]]
// CHECK: %[[NEWVAR:.+]] = cnn.moving_average %[[VAR]], %[[BVAR]] momentum 0.899999976
// CHECK: ml_program.global_store @"bn/moving_variance" = %[[NEWVAR]]
// CHECK: %[[FROZEN:.+]] = cnn.batch_norm %[[Y]], %{{.+}} epsilon 1.000000e-03 :
// CHECK: %[[DFROZEN:.+]] = cnn.batch_norm %{{.+}}, %{{.+}}, %[[ZERO:.+]], %[[ZERO]], %{{.+}} epsilon 1.000000e-03 :
// CHECK: = cnn.batch_norm_grad %[[X]], %[[G]], %[[BMEAN]], %[[BVAR]], %[[DFROZEN]] epsilon 1.000000e-03
func.func @bn_loss(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>, %s: tensor<2xf32>) -> tensor<f32> attributes {cnn.differentiate = "bn_grads"} {
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %g = ml_program.global_load @"bn/gamma" : tensor<2xf32>
  %b = ml_program.global_load @"bn/beta" : tensor<2xf32>
  %m = ml_program.global_load @"bn/moving_mean" : tensor<2xf32>
  %v = ml_program.global_load @"bn/moving_variance" : tensor<2xf32>
  %n = cnn.batch_norm %y, %g, %b, %m, %v epsilon 1.000000e-03 momentum 0.9 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %f = cnn.batch_norm %n, %s, %s, %s, %s epsilon 1.000000e-03 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %f, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Negative: a learning batch norm's moving statistics must be state it can store into.
ml_program.global private mutable @"d/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
func.func @bn_constant_stats(%x: tensor<?x4xf32>, %t: tensor<?x2xf32>, %s: tensor<2xf32>) -> tensor<f32> attributes {cnn.differentiate = "g"} {
  %k = ml_program.global_load @"d/kernel" : tensor<4x2xf32>
  %y = cnn.dense %x, %k : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  // expected-error @+1 {{'cnn.batch_norm' op updates its moving mean while training, so it must be model state (loaded from an ml_program.global)}}
  %n = cnn.batch_norm %y, %s, %s, %s, %s epsilon 1.000000e-03 momentum 0.9 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %n, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Negative: the moving statistics are not trained.
ml_program.global private mutable @"bn/moving_mean"(dense<0.0> : tensor<2xf32>) : tensor<2xf32> {cnn.trainable}
func.func @bn_trained_stats(%x: tensor<?x2xf32>, %t: tensor<?x2xf32>, %s: tensor<2xf32>) -> tensor<f32> attributes {cnn.differentiate = "g"} {
  %m = ml_program.global_load @"bn/moving_mean" : tensor<2xf32>
  // expected-error @+1 {{'cnn.batch_norm' op has no gradient with respect to its moving statistics (they are not trained)}}
  %n = cnn.batch_norm %x, %s, %s, %m, %s epsilon 1.000000e-03 : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %n, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Training mode keeps each max (min) pool's winners for its gradient; other
// pool kinds stay as they are.
ml_program.global private mutable @"c/kernel"(dense<1.0> : tensor<1x1x1x2xf32>) : tensor<1x1x1x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @pool_loss(
// CHECK: cnn.pool2d max
// CHECK-LABEL: func.func @pool_grads(
// CHECK: %[[Y:.+]], %[[W:.+]] = cnn.pool2d_with_winners max %{{.+}} window [2, 2] strides [2, 2] padding valid
// CHECK: cnn.pool2d avg %[[Y]]
// CHECK: cnn.pool2d_grad avg
// CHECK: cnn.pool2d_grad_winners %[[W]], %{{.+}} window [2, 2] strides [2, 2] padding valid
func.func @pool_loss(%x: tensor<?x8x8x1xf32>, %t: tensor<?x2x2x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "pool_grads"} {
  %k = ml_program.global_load @"c/kernel" : tensor<1x1x1x2xf32>
  %c = cnn.conv2d %x, %k strides [1, 1] dilations [1, 1] padding valid : (tensor<?x8x8x1xf32>, tensor<1x1x1x2xf32>) -> tensor<?x8x8x2xf32>
  %p = cnn.pool2d max %c window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x2xf32> -> tensor<?x4x4x2xf32>
  %a = cnn.pool2d avg %p window [2, 2] strides [2, 2] padding valid : tensor<?x4x4x2xf32> -> tensor<?x2x2x2xf32>
  %l = cnn.loss mean_squared_error %a, %t : tensor<?x2x2x2xf32>, tensor<?x2x2x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}
