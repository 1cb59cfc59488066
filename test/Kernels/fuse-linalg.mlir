// RUN: cnn-opt %s -split-input-file -cnnc-fuse-linalg -canonicalize -cse | FileCheck %s
// RUN: cnn-opt %s -split-input-file -cnnc-fuse-linalg="l2-bytes=2097152" -canonicalize -cse | FileCheck %s --check-prefix=L2

// The notes' second block: conv + bias + relu + 2x2 max pool. Per image and pool row, the loop computes
// the two conv rows the pool reads, 10 columns wide (floor pooling drops the 11th), from a 4 x 12 window
// of the input: the conv's whole ?x11x11x32 output is never made, only a 1x2x10x32 tile.
// CHECK-LABEL: func.func @conv_relu_pool
// CHECK-NOT: tensor<?x11x11x32xf32>
// CHECK: scf.for
// CHECK: scf.for %{{.+}} = %c0 to %c5 step %c1
// CHECK: %[[ROWS:.+]] = tensor.extract_slice %{{.+}} [1, 4, 12, 32] [1, 1, 1, 1] : tensor<?x13x13x32xf32> to tensor<1x4x12x32xf32>
// CHECK: %[[TILE:.+]] = tensor.empty() : tensor<1x2x10x32xf32>
// CHECK: %[[BIAS:.+]] = linalg.broadcast ins(%{{.+}} : tensor<32xf32>) outs(%[[TILE]] : tensor<1x2x10x32xf32>)
// CHECK: %[[CONV:.+]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[ROWS]], %{{.+}} : tensor<1x4x12x32xf32>, tensor<3x3x32x32xf32>) outs(%[[BIAS]] : tensor<1x2x10x32xf32>)
// CHECK: %[[RELU:.+]] = linalg.map ins(%[[CONV]] : tensor<1x2x10x32xf32>)
// CHECK: linalg.fill {{.*}} -> tensor<1x1x5x32xf32>
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%[[RELU]], %{{.+}} : tensor<1x2x10x32xf32>, tensor<2x2xf32>)
func.func @conv_relu_pool(%x: tensor<?x13x13x32xf32>, %w: tensor<3x3x32x32xf32>, %bias: tensor<32xf32>) -> tensor<?x5x5x32xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %x, %c0 : tensor<?x13x13x32xf32>
  %e = tensor.empty(%n) : tensor<?x11x11x32xf32>
  %b = linalg.broadcast ins(%bias : tensor<32xf32>) outs(%e : tensor<?x11x11x32xf32>) dimensions = [0, 1, 2]
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
            ins(%x, %w : tensor<?x13x13x32xf32>, tensor<3x3x32x32xf32>) outs(%b : tensor<?x11x11x32xf32>) -> tensor<?x11x11x32xf32>
  %relu = linalg.map ins(%conv : tensor<?x11x11x32xf32>) outs(%e : tensor<?x11x11x32xf32>)
            (%in: f32) { %m = arith.maximumf %in, %zero : f32
                         linalg.yield %m : f32 }
  %k = tensor.empty() : tensor<2x2xf32>
  %pe = tensor.empty(%n) : tensor<?x5x5x32xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%pe : tensor<?x5x5x32xf32>) -> tensor<?x5x5x32xf32>
  %pool = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
            ins(%relu, %k : tensor<?x11x11x32xf32>, tensor<2x2xf32>) outs(%init : tensor<?x5x5x32xf32>) -> tensor<?x5x5x32xf32>
  return %pool : tensor<?x5x5x32xf32>
}

// -----

// A filter larger than L2 (3 x 3 x 128 x 256 floats, 1.18 MB): the pool is tiled by 32 channels too,
// that loop outside the pool rows, so each tile's rows read one 147 KB slice of the filter, which stays
// in L2, instead of the whole filter streaming through per pool row.
// CHECK-LABEL: func.func @conv_pool_large_filter
// CHECK: scf.for %{{.+}} = %c0 to %{{.+}} step %c1
// CHECK: scf.for %[[F:.+]] = %c0 to %c256 step %c32
// CHECK: scf.for %{{.+}} = %c0 to %c4 step %c1
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x4x10x128xf32>, tensor<3x3x128x32xf32>) outs(%{{.+}} : tensor<1x2x8x32xf32>)
// CHECK: linalg.pooling_nhwc_max {{.*}} outs(%{{.+}} : tensor<1x1x4x32xf32>)
// With an L2 of 2 MiB the filter fits: pool rows of all 256 channels.
// L2-LABEL: func.func @conv_pool_large_filter
// L2-NOT: step %c32
// L2: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.+}} : tensor<1x2x8x256xf32>)
func.func @conv_pool_large_filter(%x: tensor<?x10x10x128xf32>, %w: tensor<3x3x128x256xf32>) -> tensor<?x4x4x256xf32> {
  %c0 = arith.constant 0 : index
  %ninf = arith.constant 0xFF800000 : f32
  %n = tensor.dim %x, %c0 : tensor<?x10x10x128xf32>
  %e = tensor.empty(%n) : tensor<?x8x8x256xf32>
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
            ins(%x, %w : tensor<?x10x10x128xf32>, tensor<3x3x128x256xf32>) outs(%e : tensor<?x8x8x256xf32>) -> tensor<?x8x8x256xf32>
  %k = tensor.empty() : tensor<2x2xf32>
  %pe = tensor.empty(%n) : tensor<?x4x4x256xf32>
  %init = linalg.fill ins(%ninf : f32) outs(%pe : tensor<?x4x4x256xf32>) -> tensor<?x4x4x256xf32>
  %pool = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
            ins(%conv, %k : tensor<?x8x8x256xf32>, tensor<2x2xf32>) outs(%init : tensor<?x4x4x256xf32>) -> tensor<?x4x4x256xf32>
  return %pool : tensor<?x4x4x256xf32>
}

// -----

// Does not fuse: the relu's output has a second use (a residual branch, say), so it is computed whole,
// once; the pool is left as it is.
// CHECK-LABEL: func.func @second_use
// CHECK-NOT: scf.for
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.+}} : tensor<?x11x11x32xf32>)
// CHECK: linalg.pooling_nhwc_max {{.*}} outs(%{{.+}} : tensor<?x5x5x32xf32>)
func.func @second_use(%x: tensor<?x13x13x32xf32>, %w: tensor<3x3x32x32xf32>, %init: tensor<?x5x5x32xf32>, %e: tensor<?x11x11x32xf32>) -> (tensor<?x5x5x32xf32>, tensor<?x11x11x32xf32>) {
  %zero = arith.constant 0.0 : f32
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
            ins(%x, %w : tensor<?x13x13x32xf32>, tensor<3x3x32x32xf32>) outs(%e : tensor<?x11x11x32xf32>) -> tensor<?x11x11x32xf32>
  %relu = linalg.map ins(%conv : tensor<?x11x11x32xf32>) outs(%e : tensor<?x11x11x32xf32>)
            (%in: f32) { %m = arith.maximumf %in, %zero : f32
                         linalg.yield %m : f32 }
  %k = tensor.empty() : tensor<2x2xf32>
  %pool = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
            ins(%relu, %k : tensor<?x11x11x32xf32>, tensor<2x2xf32>) outs(%init : tensor<?x5x5x32xf32>) -> tensor<?x5x5x32xf32>
  return %pool, %relu : tensor<?x5x5x32xf32>, tensor<?x11x11x32xf32>
}

// -----

// Does not fuse: a pad (a `same` pool) stands between the convolution and the pool.
// CHECK-LABEL: func.func @pad_between
// CHECK-NOT: scf.for
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.+}} : tensor<?x11x11x32xf32>)
// CHECK: tensor.pad
// CHECK: linalg.pooling_nhwc_max {{.*}} outs(%{{.+}} : tensor<?x6x6x32xf32>)
func.func @pad_between(%x: tensor<?x13x13x32xf32>, %w: tensor<3x3x32x32xf32>, %init: tensor<?x6x6x32xf32>, %e: tensor<?x11x11x32xf32>) -> tensor<?x6x6x32xf32> {
  %ninf = arith.constant 0xFF800000 : f32
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
            ins(%x, %w : tensor<?x13x13x32xf32>, tensor<3x3x32x32xf32>) outs(%e : tensor<?x11x11x32xf32>) -> tensor<?x11x11x32xf32>
  %padded = tensor.pad %conv low[0, 0, 0, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %ninf : f32
  } : tensor<?x11x11x32xf32> to tensor<?x12x12x32xf32>
  %k = tensor.empty() : tensor<2x2xf32>
  %pool = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
            ins(%padded, %k : tensor<?x12x12x32xf32>, tensor<2x2xf32>) outs(%init : tensor<?x6x6x32xf32>) -> tensor<?x6x6x32xf32>
  return %pool : tensor<?x6x6x32xf32>
}
