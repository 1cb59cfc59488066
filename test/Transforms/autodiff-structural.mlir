// RUN: cnn-opt %s -cnn-autodiff -split-input-file -verify-diagnostics | FileCheck %s

// Padding and cropping: each is the other's gradient, with the same amounts.
ml_program.global private mutable @"c/kernel"(dense<1.0> : tensor<1x1x1x2xf32>) : tensor<1x1x1x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @pad_crop_grads(
// CHECK: %[[DFLAT:.+]] = cnn.loss_grad mean_squared_error
// CHECK: %[[DCROP:.+]] = cnn.reshape %[[DFLAT]] shape [6, 7, 2]
// CHECK: %[[DPAD:.+]] = cnn.zero_pad2d %[[DCROP]] padding [0, 1, 1, 0] : tensor<?x6x7x2xf32> -> tensor<?x7x8x2xf32>
// CHECK: %[[DCONV:.+]] = cnn.crop2d %[[DPAD]] cropping [1, 0, 2, 1] : tensor<?x7x8x2xf32> -> tensor<?x6x5x2xf32>
// CHECK: cnn.conv2d_grad_filter %{{.+}}, %[[DCONV]]
func.func @pad_crop(%x: tensor<?x6x5x1xf32>, %t: tensor<?x84xf32>) -> tensor<f32> attributes {cnn.differentiate = "pad_crop_grads"} {
  %k = ml_program.global_load @"c/kernel" : tensor<1x1x1x2xf32>
  %c = cnn.conv2d %x, %k strides [1, 1] dilations [1, 1] padding valid : (tensor<?x6x5x1xf32>, tensor<1x1x1x2xf32>) -> tensor<?x6x5x2xf32>
  %p = cnn.zero_pad2d %c padding [1, 0, 2, 1] : tensor<?x6x5x2xf32> -> tensor<?x7x8x2xf32>
  %q = cnn.crop2d %p cropping [0, 1, 1, 0] : tensor<?x7x8x2xf32> -> tensor<?x6x7x2xf32>
  %f = cnn.flatten %q : tensor<?x6x7x2xf32> -> tensor<?x84xf32>
  %l = cnn.loss mean_squared_error %f, %t : tensor<?x84xf32>, tensor<?x84xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Global pooling: its gradient op gets the forward input, kind, keepdims and p.
ml_program.global private mutable @"c/kernel"(dense<1.0> : tensor<1x1x1x2xf32>) : tensor<1x1x1x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @global_grads(
// CHECK: %[[C:.+]] = cnn.conv2d
// CHECK: %[[DFLAT:.+]] = cnn.loss_grad mean_squared_error
// CHECK: %[[DLP:.+]] = cnn.global_pool2d_grad lp %[[C]], %[[DFLAT]] {p = 3.000000e+00 : f32} : tensor<?x4x4x2xf32>, tensor<?x2xf32> -> tensor<?x4x4x2xf32>
// CHECK: %[[DKEEP:.+]] = cnn.reshape %[[DFLAT]] shape [1, 1, 2]
// CHECK: %[[DMAX:.+]] = cnn.global_pool2d_grad max %[[C]], %[[DKEEP]] keepdims : tensor<?x4x4x2xf32>, tensor<?x1x1x2xf32> -> tensor<?x4x4x2xf32>
// CHECK: %[[DC:.+]] = cnn.merge add %[[DLP]], %[[DMAX]]
// CHECK: cnn.conv2d_grad_filter %{{.+}}, %[[DC]]
func.func @global(%x: tensor<?x4x4x1xf32>, %t: tensor<?x2xf32>) -> tensor<f32> attributes {cnn.differentiate = "global_grads"} {
  %k = ml_program.global_load @"c/kernel" : tensor<1x1x1x2xf32>
  %c = cnn.conv2d %x, %k strides [1, 1] dilations [1, 1] padding valid : (tensor<?x4x4x1xf32>, tensor<1x1x1x2xf32>) -> tensor<?x4x4x2xf32>
  %g = cnn.global_pool2d max %c keepdims : tensor<?x4x4x2xf32> -> tensor<?x1x1x2xf32>
  %f = cnn.flatten %g : tensor<?x1x1x2xf32> -> tensor<?x2xf32>
  %p = cnn.global_pool2d lp %c {p = 3.0 : f32} : tensor<?x4x4x2xf32> -> tensor<?x2xf32>
  %s = cnn.merge add %f, %p : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
  %l = cnn.loss mean_squared_error %s, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Channel pooling: its gradient op gets the forward input, window and stride.
ml_program.global private mutable @"c/kernel"(dense<1.0> : tensor<1x1x1x4xf32>) : tensor<1x1x1x4xf32> {cnn.trainable}
// CHECK-LABEL: func.func @channel_grads(
// CHECK: %[[C:.+]] = cnn.conv2d
// CHECK: %[[DP:.+]] = cnn.reshape
// CHECK: %[[DC:.+]] = cnn.channel_pool_grad max %[[C]], %[[DP]] window 2 stride 1 : tensor<?x3x3x4xf32>, tensor<?x3x3x3xf32> -> tensor<?x3x3x4xf32>
// CHECK: cnn.conv2d_grad_filter %{{.+}}, %[[DC]]
func.func @channel(%x: tensor<?x3x3x1xf32>, %t: tensor<?x27xf32>) -> tensor<f32> attributes {cnn.differentiate = "channel_grads"} {
  %k = ml_program.global_load @"c/kernel" : tensor<1x1x1x4xf32>
  %c = cnn.conv2d %x, %k strides [1, 1] dilations [1, 1] padding valid : (tensor<?x3x3x1xf32>, tensor<1x1x1x4xf32>) -> tensor<?x3x3x4xf32>
  %p = cnn.channel_pool max %c window 2 stride 1 : tensor<?x3x3x4xf32> -> tensor<?x3x3x3xf32>
  %f = cnn.flatten %p : tensor<?x3x3x3xf32> -> tensor<?x27xf32>
  %l = cnn.loss mean_squared_error %f, %t : tensor<?x27xf32>, tensor<?x27xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// add passes the gradient on; subtract passes it to its first input and
// negates it for the second (merge_grad); multiply multiplies it by the other
// inputs (cnn.merge multiply). Gradients of a value used twice are summed.
ml_program.global private mutable @"a/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
ml_program.global private mutable @"b/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
// CHECK-LABEL: func.func @arith_grads(
// CHECK: %[[A:.+]] = cnn.dense %{{.+}}, %{{.+}} :
// CHECK: %[[B:.+]] = cnn.dense %{{.+}}, %{{.+}} :
// CHECK: %[[S:.+]] = cnn.merge subtract %[[A]], %[[B]]
// CHECK: %[[M:.+]] = cnn.merge multiply %[[S]], %[[A]], %[[B]]
// CHECK: %[[DY:.+]] = cnn.loss_grad
// CHECK: %[[DS:.+]] = cnn.merge multiply %[[DY]], %[[A]], %[[B]]
// CHECK: %[[DA1:.+]] = cnn.merge multiply %[[DY]], %[[S]], %[[B]]
// CHECK: %[[DB1:.+]] = cnn.merge multiply %[[DY]], %[[S]], %[[A]]
// CHECK: %[[DA2:.+]] = cnn.merge add %[[DY]], %[[DA1]]
// CHECK: %[[DB2:.+]] = cnn.merge_grad subtract %[[A]], %[[B]] grad %[[DS]] index 1 : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
// CHECK: %[[DA:.+]] = cnn.merge add %[[DA2]], %[[DS]]
// CHECK: %[[DB:.+]] = cnn.merge add %[[DB1]], %[[DB2]]
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DB]]
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DA]]
func.func @arith(%x: tensor<?x4xf32>, %t: tensor<?x3xf32>) -> tensor<f32> attributes {cnn.differentiate = "arith_grads"} {
  %ka = ml_program.global_load @"a/kernel" : tensor<4x3xf32>
  %a = cnn.dense %x, %ka : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %kb = ml_program.global_load @"b/kernel" : tensor<4x3xf32>
  %b = cnn.dense %x, %kb : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %s = cnn.merge subtract %a, %b : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %m = cnn.merge multiply %s, %a, %b : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %y = cnn.merge add %m, %a : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// average, maximum and minimum: one merge_grad per input, with its index.
ml_program.global private mutable @"a/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
ml_program.global private mutable @"b/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
// CHECK-LABEL: func.func @select_grads(
// CHECK: %[[A:.+]] = cnn.dense %{{.+}}, %{{.+}} :
// CHECK: %[[B:.+]] = cnn.dense %{{.+}}, %{{.+}} :
// CHECK: %[[MAX:.+]] = cnn.merge maximum %[[A]], %[[B]]
// CHECK: %[[MIN:.+]] = cnn.merge minimum %[[B]], %[[A]], %[[MAX]]
// CHECK: %[[DY:.+]] = cnn.loss_grad
// CHECK: %[[DMIN:.+]] = cnn.merge_grad average %[[MIN]], %[[A]] grad %[[DY]] index 0
// CHECK: %[[DA1:.+]] = cnn.merge_grad average %[[MIN]], %[[A]] grad %[[DY]] index 1
// CHECK: %[[DB1:.+]] = cnn.merge_grad minimum %[[B]], %[[A]], %[[MAX]] grad %[[DMIN]] index 0
// CHECK: %[[DA2:.+]] = cnn.merge_grad minimum %[[B]], %[[A]], %[[MAX]] grad %[[DMIN]] index 1
// CHECK: %[[DMAX:.+]] = cnn.merge_grad minimum %[[B]], %[[A]], %[[MAX]] grad %[[DMIN]] index 2
// CHECK: %[[DA12:.+]] = cnn.merge add %[[DA1]], %[[DA2]]
// CHECK: %[[DA3:.+]] = cnn.merge_grad maximum %[[A]], %[[B]] grad %[[DMAX]] index 0
// CHECK: %[[DB2:.+]] = cnn.merge_grad maximum %[[A]], %[[B]] grad %[[DMAX]] index 1
// CHECK: %[[DA:.+]] = cnn.merge add %[[DA12]], %[[DA3]]
// CHECK: %[[DB:.+]] = cnn.merge add %[[DB1]], %[[DB2]]
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DB]]
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DA]]
func.func @select(%x: tensor<?x4xf32>, %t: tensor<?x3xf32>) -> tensor<f32> attributes {cnn.differentiate = "select_grads"} {
  %ka = ml_program.global_load @"a/kernel" : tensor<4x3xf32>
  %a = cnn.dense %x, %ka : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %kb = ml_program.global_load @"b/kernel" : tensor<4x3xf32>
  %b = cnn.dense %x, %kb : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %mx = cnn.merge maximum %a, %b : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %mn = cnn.merge minimum %b, %a, %mx : tensor<?x3xf32>, tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %y = cnn.merge average %mn, %a : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %l = cnn.loss mean_squared_error %y, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Concatenate: each input's gradient is its slice of the result gradient.
ml_program.global private mutable @"a/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
ml_program.global private mutable @"b/kernel"(dense<1.0> : tensor<4x2xf32>) : tensor<4x2xf32> {cnn.trainable}
// CHECK-LABEL: func.func @concat_grads(
// CHECK: %[[DY:.+]] = cnn.loss_grad
// CHECK: %[[DA:.+]] = cnn.slice %[[DY]] axis 1 offset 0 size 3 : tensor<?x5xf32> -> tensor<?x3xf32>
// CHECK: %[[DB:.+]] = cnn.slice %[[DY]] axis 1 offset 3 size 2 : tensor<?x5xf32> -> tensor<?x2xf32>
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DB]]
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DA]]
func.func @concat(%x: tensor<?x4xf32>, %t: tensor<?x5xf32>) -> tensor<f32> attributes {cnn.differentiate = "concat_grads"} {
  %ka = ml_program.global_load @"a/kernel" : tensor<4x3xf32>
  %a = cnn.dense %x, %ka : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %kb = ml_program.global_load @"b/kernel" : tensor<4x2xf32>
  %b = cnn.dense %x, %kb : (tensor<?x4xf32>, tensor<4x2xf32>) -> tensor<?x2xf32>
  %c = cnn.concat %a, %b axis 1 : tensor<?x3xf32>, tensor<?x2xf32> -> tensor<?x5xf32>
  %l = cnn.loss mean_squared_error %c, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

// Negative: no gradient is built for an input that no trainable weight
// reaches (here the frozen branch of a concat and of a maximum).
ml_program.global private mutable @"frozen/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32>
ml_program.global private mutable @"b/kernel"(dense<1.0> : tensor<4x3xf32>) : tensor<4x3xf32> {cnn.trainable}
// CHECK-LABEL: func.func @frozen_branch_grads(
// CHECK: %[[DY:.+]] = cnn.loss_grad
// CHECK-NOT: offset 0 size 3
// CHECK: %[[DM:.+]] = cnn.slice %[[DY]] axis 1 offset 3 size 3
// CHECK-NOT: index 0
// CHECK: %[[DB:.+]] = cnn.merge_grad maximum %{{.+}}, %{{.+}} grad %[[DM]] index 1
// CHECK-NOT: cnn.merge_grad
// CHECK: cnn.dense_grad_kernel %{{.+}}, %[[DB]]
// CHECK-NOT: cnn.dense_grad_kernel
// CHECK: return
func.func @frozen_branch(%x: tensor<?x4xf32>, %t: tensor<?x6xf32>) -> tensor<f32> attributes {cnn.differentiate = "frozen_branch_grads"} {
  %kf = ml_program.global_load @"frozen/kernel" : tensor<4x3xf32>
  %a = cnn.dense %x, %kf : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %kb = ml_program.global_load @"b/kernel" : tensor<4x3xf32>
  %b = cnn.dense %x, %kb : (tensor<?x4xf32>, tensor<4x3xf32>) -> tensor<?x3xf32>
  %m = cnn.merge maximum %a, %b : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x3xf32>
  %c = cnn.concat %a, %m axis 1 : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<?x6xf32>
  %l = cnn.loss mean_squared_error %c, %t : tensor<?x6xf32>, tensor<?x6xf32> -> tensor<f32>
  return %l : tensor<f32>
}
