// RUN: cnn-opt %s -split-input-file -verify-diagnostics

func.func @conv_channels(%x: tensor<?x28x28x3xf32>, %w: tensor<3x3x1x32xf32>) {
  // expected-error @+2 {{expected a filter with 3 input channels (the input's), got 'tensor<3x3x1x32xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x28x28x3xf32>, tensor<3x3x1x32xf32>) -> tensor<?x26x26x32xf32>
  return
}

// -----

func.func @conv_kernel_too_large(%x: tensor<?x3x3x1xf32>, %w: tensor<5x5x1x4xf32>) {
  // expected-error @+2 {{window of 5x5 does not fit the 3x3 input with 'valid' padding}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x3x3x1xf32>, tensor<5x5x1x4xf32>) -> tensor<?x1x1x4xf32>
  return
}

// -----

func.func @conv_dilated_too_large(%x: tensor<?x4x4x1xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+2 {{window of 5x5 does not fit the 4x4 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [2, 2] padding valid : (tensor<?x4x4x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x1x1x4xf32>
  return
}

// -----

func.func @conv_zero_stride(%x: tensor<?x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+2 {{expected positive strides, got [0x1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [0, 1] dilations [1, 1] padding valid : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x6x6x4xf32>
  return
}

// -----

func.func @conv_bias_shape(%x: tensor<?x8x8x1xf32>, %w: tensor<3x3x1x4xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{expected a bias of shape 4, got 'tensor<5xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w, %b strides [1, 1] dilations [1, 1] padding valid : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>, tensor<5xf32>) -> tensor<?x6x6x4xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<?x64xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+2 {{expected an NHWC input of rank 4, got 'tensor<?x64xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x64xf32>, tensor<3x3x1x4xf32>) -> tensor<?x6x6x4xf32>
  return
}

// -----

func.func @conv_dynamic_spatial(%x: tensor<?x?x8x1xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+2 {{expected an NHWC input with static dimensions after the batch}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x?x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x6x6x4xf32>
  return
}

// -----

func.func @conv_wrong_result(%x: tensor<?x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+2 {{'cnn.conv2d' op inferred type(s) 'tensor<?x6x6x4xf32>' are incompatible with return type(s) of operation 'tensor<?x8x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @conv_strides_count(%x: tensor<?x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+1 {{'cnn.conv2d' op attribute 'strides' failed to satisfy constraint: i64 dense array attribute with exactly 2 elements}}
  %0 = cnn.conv2d %x, %w strides [1, 1, 1] dilations [1, 1] padding valid : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x6x6x4xf32>
  return
}

// -----

func.func @pool_too_large(%x: tensor<?x2x2x4xf32>) {
  // expected-error @+2 {{window of 3x3 does not fit the 2x2 input with 'valid' padding}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d max %x window [3, 3] strides [1, 1] padding valid : tensor<?x2x2x4xf32> -> tensor<?x1x1x4xf32>
  return
}

// -----

func.func @pool_zero_window(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{expected positive window, got [0x2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d avg %x window [0, 2] strides [1, 1] padding valid : tensor<?x8x8x4xf32> -> tensor<?x8x7x4xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<?x8x4xf32>) {
  // expected-error @+2 {{expected an NHWC input of rank 4, got 'tensor<?x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d max %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x4xf32> -> tensor<?x4x4xf32>
  return
}

// -----

func.func @dense_features(%x: tensor<?x800xf32>, %k: tensor<700x10xf32>) {
  // expected-error @+2 {{expected a kernel of shape 800x10, got 'tensor<700x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.dense %x, %k : (tensor<?x800xf32>, tensor<700x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

// Dense applies its kernel to the last axis, as Keras does on higher rank.
func.func @dense_rank(%x: tensor<?x5x5x32xf32>, %k: tensor<800x10xf32>) {
  // expected-error @+2 {{expected a kernel of shape 32x10, got 'tensor<800x10xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.dense %x, %k : (tensor<?x5x5x32xf32>, tensor<800x10xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @dense_bias(%x: tensor<?x8xf32>, %k: tensor<8x10xf32>, %b: tensor<8xf32>) {
  // expected-error @+2 {{expected a bias of shape 10, got 'tensor<8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.dense %x, %k, %b : (tensor<?x8xf32>, tensor<8x10xf32>, tensor<8xf32>) -> tensor<?x10xf32>
  return
}

// -----

func.func @flatten_rank(%x: tensor<?xf32>) {
  // expected-error @+2 {{expected an input of rank >= 2, got 'tensor<?xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.flatten %x : tensor<?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @flatten_wrong_size(%x: tensor<?x5x5x32xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x800xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.flatten %x : tensor<?x5x5x32xf32> -> tensor<?x801xf32>
  return
}

// -----

func.func @dropout_rate(%x: tensor<?x8xf32>) {
  // expected-error @+1 {{expected a dropout rate in [0, 1), got 1}}
  %0 = cnn.dropout %x rate 1.0 : tensor<?x8xf32>
  return
}

// -----

func.func @softmax_dynamic_axis(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{expected softmax input with a static last dimension, got 'tensor<?x?xf32>'}}
  %0 = cnn.activation softmax %x : tensor<?x?xf32>
  return
}

// -----

func.func @unknown_pool_kind(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [max, min, avg, l2, lp]}}
  %0 = cnn.pool2d mean %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return
}

// -----

func.func @lp_without_p(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{expected lp pooling with a positive p}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d lp %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return
}

// -----

func.func @p_on_max(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{only lp pooling takes an exponent p}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d max %x window [2, 2] strides [2, 2] padding valid {p = 2.0 : f32} : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>
  return
}

// -----

func.func @global_rank(%x: tensor<?x8x4xf32>) {
  // expected-error @+2 {{expected an NHWC input of rank 4, got 'tensor<?x8x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.global_pool2d max %x : tensor<?x8x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @global_keepdims_shape(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?x1x1x4xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.global_pool2d avg %x keepdims : tensor<?x8x8x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @channel_pool_not_tiling(%x: tensor<?x8x8x10xf32>) {
  // expected-error @+2 {{channel pooling window 4 with stride 4 does not tile the 10 channels}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.channel_pool max %x window 4 stride 4 : tensor<?x8x8x10xf32> -> tensor<?x8x8x2xf32>
  return
}

// -----

func.func @channel_pool_zero_stride(%x: tensor<?x8x8x8xf32>) {
  // expected-error @+2 {{expected positive window and stride, got [2x0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.channel_pool avg %x window 2 stride 0 : tensor<?x8x8x8xf32> -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @activation_params_on_tanh(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{activation 'tanh' takes no alpha, max_value or threshold}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.activation tanh %x {alpha = 0.1 : f32} : tensor<?x4xf32>
  return
}

// -----

func.func @negative_max_value(%x: tensor<?x4xf32>) {
  // expected-error @+2 {{expected a non-negative max_value, got -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.activation relu %x {max_value = -1.0 : f32} : tensor<?x4xf32>
  return
}

// -----

func.func @negative_padding(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{expected non-negative padding, got [1x-1x0x0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.zero_pad2d %x padding [1, -1, 0, 0] : tensor<?x8x8x4xf32> -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{cannot reshape 256 elements per sample into [3x-1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.reshape %x shape [3, -1] : tensor<?x8x8x4xf32> -> tensor<?x3x85xf32>
  return
}

// -----

func.func @reshape_two_unknowns(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+2 {{expected positive target dimensions and at most one -1, got [-1x-1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.reshape %x shape [-1, -1] : tensor<?x8x8x4xf32> -> tensor<?x16x16xf32>
  return
}

// -----

func.func @batch_norm_channels(%x: tensor<?x8x8x4xf32>, %s: tensor<4xf32>, %t: tensor<3xf32>) {
  // expected-error @+2 {{expected moving variance of shape 4, got 'tensor<3xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.batch_norm %x, %s, %s, %s, %t epsilon 1.0e-3 : (tensor<?x8x8x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<?x8x8x4xf32>, %s: tensor<4xf32>) {
  // expected-error @+2 {{expected a positive epsilon, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.batch_norm %x, %s, %s, %s, %s epsilon 0.0 : (tensor<?x8x8x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @merge_shapes(%a: tensor<?x4x4x8xf32>, %b: tensor<?x4x4x2xf32>) {
  // expected-error @+2 {{expected inputs of one shape to maximum, got 'tensor<?x4x4x8xf32>' and 'tensor<?x4x4x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.merge maximum %a, %b : tensor<?x4x4x8xf32>, tensor<?x4x4x2xf32> -> tensor<?x4x4x8xf32>
  return
}

// -----

func.func @merge_one_input(%a: tensor<?x4x4x8xf32>) {
  // expected-error @+2 {{expected at least 2 inputs to add, got 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.merge add %a : tensor<?x4x4x8xf32> -> tensor<?x4x4x8xf32>
  return
}

// -----

func.func @subtract_three(%a: tensor<?x4xf32>) {
  // expected-error @+2 {{expected exactly 2 inputs to subtract, got 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.merge subtract %a, %a, %a : tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @concat_batch_axis(%a: tensor<?x4xf32>) {
  // expected-error @+2 {{expected an axis between 1 and the rank - 1, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.concat %a, %a axis 0 : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @concat_mismatch(%a: tensor<?x4x4x8xf32>, %b: tensor<?x4x5x2xf32>) {
  // expected-error @+2 {{expected inputs that agree on every axis but 3, got 'tensor<?x4x4x8xf32>' and 'tensor<?x4x5x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.concat %a, %b axis 3 : tensor<?x4x4x8xf32>, tensor<?x4x5x2xf32> -> tensor<?x4x4x10xf32>
  return
}

// -----

// Training ops.

func.func @conv_grad_input_wrong_result(%dy: tensor<?x11x11x32xf32>, %w: tensor<3x3x32x32xf32>) {
  // expected-error @+1 {{expected a gradient of type 'tensor<?x10x10x32xf32>' (the forward op's), got 'tensor<?x11x11x32xf32>'}}
  %0 = cnn.conv2d_grad_input %dy, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x11x11x32xf32>, tensor<3x3x32x32xf32>) -> tensor<?x12x12x32xf32>
  return
}

// -----

func.func @conv_grad_input_wrong_channels(%dy: tensor<?x11x11x32xf32>, %w: tensor<3x3x16x32xf32>) {
  // expected-error @+1 {{expected a filter with 8 input channels (the input's), got 'tensor<3x3x16x32xf32>'}}
  %0 = cnn.conv2d_grad_input %dy, %w strides [1, 1] dilations [1, 1] padding valid : (tensor<?x11x11x32xf32>, tensor<3x3x16x32xf32>) -> tensor<?x13x13x8xf32>
  return
}

// -----

func.func @conv_grad_filter_wrong_channels(%x: tensor<?x13x13x8xf32>, %dy: tensor<?x11x11x16xf32>) {
  // expected-error @+1 {{expected a gradient of type 'tensor<?x11x11x32xf32>' (the forward op's), got 'tensor<?x11x11x16xf32>'}}
  %0 = cnn.conv2d_grad_filter %x, %dy strides [1, 1] dilations [1, 1] padding valid : (tensor<?x13x13x8xf32>, tensor<?x11x11x16xf32>) -> tensor<3x3x8x32xf32>
  return
}

// -----

func.func @conv_grad_filter_wrong_strides(%x: tensor<?x13x13x8xf32>, %dy: tensor<?x11x11x16xf32>) {
  // expected-error @+1 {{expected a gradient of type 'tensor<?x6x6x16xf32>' (the forward op's), got 'tensor<?x11x11x16xf32>'}}
  %0 = cnn.conv2d_grad_filter %x, %dy strides [2, 2] dilations [1, 1] padding valid : (tensor<?x13x13x8xf32>, tensor<?x11x11x16xf32>) -> tensor<3x3x8x16xf32>
  return
}

// -----

func.func @bias_grad_wrong_result(%dy: tensor<?x4x4x32xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<32xf32>' are incompatible with return type(s) of operation 'tensor<16xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.bias_grad %dy : tensor<?x4x4x32xf32> -> tensor<16xf32>
  return
}

// -----

func.func @dense_grad_input_wrong_kernel(%dy: tensor<?x128xf32>, %w: tensor<800x64xf32>) {
  // expected-error @+2 {{expected a static kernel [in, 128], got 'tensor<800x64xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.dense_grad_input %dy, %w : (tensor<?x128xf32>, tensor<800x64xf32>) -> tensor<?x800xf32>
  return
}

// -----

func.func @dense_grad_kernel_mismatch(%x: tensor<?x3x800xf32>, %dy: tensor<?x128xf32>) {
  // expected-error @+2 {{expected an input and a gradient that differ only in the last axis, got 'tensor<?x3x800xf32>' and 'tensor<?x128xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.dense_grad_kernel %x, %dy : (tensor<?x3x800xf32>, tensor<?x128xf32>) -> tensor<800x128xf32>
  return
}

// -----

func.func @pool_grad_wrong_gradient(%x: tensor<?x26x26x32xf32>, %dy: tensor<?x12x12x32xf32>) {
  // expected-error @+1 {{expected a gradient of type 'tensor<?x13x13x32xf32>' (the forward op's), got 'tensor<?x12x12x32xf32>'}}
  %0 = cnn.pool2d_grad max %x, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x26x26x32xf32>, tensor<?x12x12x32xf32> -> tensor<?x26x26x32xf32>
  return
}

// -----

func.func @pool_grad_lp_without_p(%x: tensor<?x8x8x4xf32>, %dy: tensor<?x4x4x4xf32>) {
  // expected-error @+1 {{expected lp pooling with a positive p}}
  %0 = cnn.pool2d_grad lp %x, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @activation_grad_parameter(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) {
  // expected-error @+1 {{activation 'sigmoid' takes no alpha, max_value or threshold}}
  %0 = cnn.activation_grad sigmoid %x, %dy {alpha = 0.5 : f32} : tensor<?x4xf32>
  return
}

// -----

func.func @activation_grad_mismatch(%x: tensor<?x4xf32>, %dy: tensor<?x5xf32>) {
  // expected-error @+1 {{failed to verify that all of {input, grad, input_grad} have same type}}
  %0 = "cnn.activation_grad"(%x, %dy) <{kind = 1 : i32}> : (tensor<?x4xf32>, tensor<?x5xf32>) -> tensor<?x4xf32>
  return
}

// -----

func.func @sparse_loss_float_labels(%z: tensor<?x10xf32>, %y: tensor<?xf32>) {
  // expected-error @+1 {{expected class labels of type 'tensor<?xi32>', got 'tensor<?xf32>'}}
  %0 = cnn.loss sparse_categorical_crossentropy %z, %y from_logits : tensor<?x10xf32>, tensor<?xf32> -> tensor<f32>
  return
}

// -----

func.func @categorical_loss_wrong_labels(%p: tensor<?x10xf32>, %y: tensor<?x5xf32>) {
  // expected-error @+1 {{expected labels of the predictions' type 'tensor<?x10xf32>', got 'tensor<?x5xf32>'}}
  %0 = cnn.loss categorical_crossentropy %p, %y : tensor<?x10xf32>, tensor<?x5xf32> -> tensor<f32>
  return
}

// -----

func.func @loss_rank1(%p: tensor<10xf32>, %y: tensor<10xf32>) {
  // expected-error @+1 {{expected predictions of rank >= 2 with a static last axis, got 'tensor<10xf32>'}}
  %0 = cnn.loss mean_squared_error %p, %y : tensor<10xf32>, tensor<10xf32> -> tensor<f32>
  return
}

// -----

func.func @mse_grad_from_logits(%p: tensor<?x10xf32>, %y: tensor<?x10xf32>) {
  // expected-error @+1 {{mean_squared_error takes no from_logits}}
  %0 = cnn.loss_grad mean_squared_error %p, %y from_logits : tensor<?x10xf32>, tensor<?x10xf32> -> tensor<?x10xf32>
  return
}

// -----

func.func @sparse_grad_wrong_label_shape(%z: tensor<?x10xf32>, %l: tensor<?x3xi32>) {
  // expected-error @+1 {{expected class labels of type 'tensor<?xi32>', got 'tensor<?x3xi32>'}}
  %0 = cnn.loss_grad sparse_categorical_crossentropy %z, %l from_logits : tensor<?x10xf32>, tensor<?x3xi32> -> tensor<?x10xf32>
  return
}

// -----

func.func @dropout_train_rate(%x: tensor<?x8xf32>, %seed: tensor<i64>) {
  // expected-error @+1 {{'cnn.dropout_train' op expected a dropout rate in [0, 1), got 1.5}}
  %0 = cnn.dropout_train %x, %seed rate 1.5 stream 0 : tensor<?x8xf32>, tensor<i64>
  return
}

// -----

func.func @winners_of_avg(%x: tensor<?x8x8x4xf32>) {
  // expected-error @+1 {{'cnn.pool2d_with_winners' op keeps winners of max and min pooling only, got avg}}
  %y, %w = cnn.pool2d_with_winners avg %x window [2, 2] strides [2, 2] padding valid : tensor<?x8x8x4xf32> -> tensor<?x4x4x4xf32>, tensor<?x4x4x4xi32>
  return
}

// -----

func.func @winners_shape(%w: tensor<?x3x4x4xi32>, %dy: tensor<?x4x4x4xf32>) {
  // expected-error @+1 {{'cnn.pool2d_grad_winners' op expected winners of the output's shape, got 'tensor<?x3x4x4xi32>' for 'tensor<?x4x4x4xf32>'}}
  %dx = cnn.pool2d_grad_winners %w, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x3x4x4xi32>, tensor<?x4x4x4xf32> -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @winners_geometry(%w: tensor<?x4x4x4xi32>, %dy: tensor<?x4x4x4xf32>) {
  // expected-error @+1 {{'cnn.pool2d_grad_winners' op expected a gradient of type 'tensor<?x3x3x4xf32>' (the forward op's), got 'tensor<?x4x4x4xf32>'}}
  %dx = cnn.pool2d_grad_winners %w, %dy window [2, 2] strides [2, 2] padding valid : tensor<?x4x4x4xi32>, tensor<?x4x4x4xf32> -> tensor<?x7x7x4xf32>
  return
}

// -----

// Every cnn op refuses tensors beyond cnn::kMaxElements (INT32_MAX) elements per sample, before its
// shape rules run, so that no later size computation overflows.
func.func @bounded_shapes_operand(%x: tensor<?x4294967296x4294967296xf32>) {
  // expected-error @+1 {{'cnn.flatten' op expected operand #0 of at most 2147483647 elements per sample, got 'tensor<?x4294967296x4294967296xf32>' (over 2^63 elements)}}
  %0 = cnn.flatten %x : tensor<?x4294967296x4294967296xf32> -> tensor<?x0xf32>
  return
}

// -----

func.func @bounded_shapes_training_op(%y: tensor<?x65536x32768xf32>, %l: tensor<?x65536x32768xf32>) {
  // expected-error @+1 {{'cnn.loss' op expected operand #0 of at most 2147483647 elements per sample, got 'tensor<?x65536x32768xf32>' (2147483648 elements)}}
  %0 = cnn.loss mean_squared_error %y, %l : tensor<?x65536x32768xf32>, tensor<?x65536x32768xf32> -> tensor<f32>
  return
}

// -----

func.func @bounded_shapes_weight(%x: tensor<?x2xf32>, %k: tensor<2x2147483648xf32>) {
  // expected-error @+1 {{'cnn.dense' op expected operand #1 of at most 2147483647 elements, got 'tensor<2x2147483648xf32>' (4294967296 elements)}}
  %0 = cnn.dense %x, %k : (tensor<?x2xf32>, tensor<2x2147483648xf32>) -> tensor<?x2147483648xf32>
  return
}

// -----

func.func @bounded_shapes_inferred(%x: tensor<?x4294967296x4294967296xf32>) {
  // expected-error @+1 {{expected an input of at most 2147483647 elements per sample, got 'tensor<?x4294967296x4294967296xf32>' (over 2^63 elements)}}
  %0 = cnn.activation relu %x : tensor<?x4294967296x4294967296xf32>
  return
}

// -----

func.func @zero_pad_overflow(%x: tensor<?x4x4x1xf32>) {
  // expected-error @+2 {{expected padding that keeps the output within 2147483647 elements per sample, got [0, 9223372036854775807, 0, 0] for the 4x4 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.zero_pad2d %x padding [0, 9223372036854775807, 0, 0] : tensor<?x4x4x1xf32> -> tensor<?x6x6x1xf32>
  return
}

// -----

func.func @zero_pad_area(%x: tensor<?x4x4x1xf32>) {
  // expected-error @+2 {{expected an output of at most 2147483647 elements per sample, got 'tensor<?x65540x65540x1xf32>' (4295491600 elements)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.zero_pad2d %x padding [32768, 32768, 32768, 32768] : tensor<?x4x4x1xf32> -> tensor<?x6x6x1xf32>
  return
}

// -----

func.func @crop_overflow(%x: tensor<?x4x4x1xf32>) {
  // expected-error @+2 {{cropping [9223372036854775807, 9223372036854775807, 0, 0] leaves nothing of the 4x4 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.crop2d %x cropping [9223372036854775807, 9223372036854775807, 0, 0] : tensor<?x4x4x1xf32> -> tensor<?x6x4x1xf32>
  return
}

// -----

func.func @conv_dilation_overflow(%x: tensor<?x8x8x1xf32>, %w: tensor<3x3x1x4xf32>) {
  // expected-error @+2 {{expected windows (dilated) and strides of at most 2147483647 cells, got a window of [3, 3], dilations [4611686018427387904, 1] and strides [1, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.conv2d %x, %w strides [1, 1] dilations [4611686018427387904, 1] padding same : (tensor<?x8x8x1xf32>, tensor<3x3x1x4xf32>) -> tensor<?x8x8x4xf32>
  return
}

// -----

func.func @pool_stride_overflow(%x: tensor<?x8x8x1xf32>) {
  // expected-error @+2 {{expected windows (dilated) and strides of at most 2147483647 cells, got a window of [2, 2], dilations [1, 1] and strides [9223372036854775807, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d max %x window [2, 2] strides [9223372036854775807, 1] padding same : tensor<?x8x8x1xf32> -> tensor<?x1x8x1xf32>
  return
}

// -----

func.func @pool_same_padded_area(%x: tensor<?x1x1x1xf32>) {
  // expected-error @+2 {{expected an input padded to at most 2147483647 elements per sample, got 65536x65536x1 (4294967296 elements) for a window of 65536x65536 over the 1x1x1 input}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.pool2d max %x window [65536, 65536] strides [1, 1] padding same : tensor<?x1x1x1xf32> -> tensor<?x1x1x1xf32>
  return
}

// -----

func.func @reshape_overflow(%x: tensor<?x4x4x1xf32>) {
  // expected-error @+2 {{cannot reshape 16 elements per sample into [4294967296x4294967296x-1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.reshape %x shape [4294967296, 4294967296, -1] : tensor<?x4x4x1xf32> -> tensor<?x1x1x16xf32>
  return
}

// -----

func.func @concat_overflow(%a: tensor<?x2000000000xf32>) {
  // expected-error @+2 {{expected at most 2147483647 entries along axis 1 joined, got more}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.concat %a, %a axis 1 : tensor<?x2000000000xf32>, tensor<?x2000000000xf32> -> tensor<?x4xf32>
  return
}

// -----

func.func @slice_offset_overflow(%x: tensor<?x8xf32>) {
  // expected-error @+2 {{expected a slice inside the 8 entries of axis 1, got offset 9223372036854775807 and size 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.slice %x axis 1 offset 9223372036854775807 size 2 : tensor<?x8xf32> -> tensor<?x2xf32>
  return
}

// -----

func.func @dense_grad_kernel_size(%x: tensor<?x65536xf32>, %dy: tensor<?x65536xf32>) {
  // expected-error @+2 {{expected an output of at most 2147483647 elements, got 'tensor<65536x65536xf32>' (4294967296 elements)}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = cnn.dense_grad_kernel %x, %dy : (tensor<?x65536xf32>, tensor<?x65536xf32>) -> tensor<4x4xf32>
  return
}
