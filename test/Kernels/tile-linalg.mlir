// RUN: cnn-opt %s -split-input-file -cnnc-tile-linalg -canonicalize -cse | FileCheck %s
// RUN: cnn-opt %s -split-input-file -cnnc-tile-linalg="vector-bits=256 vector-registers=16" -canonicalize -cse | FileCheck %s --check-prefix=AVX2
// RUN: cnn-opt %s -split-input-file -cnnc-tile-linalg="l2-bytes=2097152" -canonicalize -cse | FileCheck %s --check-prefix=L2

// The notes' second convolution with AVX-512 (16 lanes, 32 registers): a register tile of the 11 output
// columns x 32 filters (22 accumulators), carried over one tap and 8 input channels at a time.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: %[[X:[a-z0-9]+]]: tensor<?x13x13x32xf32>
// CHECK: %[[N:.+]] = tensor.dim %[[X]]
// CHECK: scf.for %{{.+}} = %c0 to %[[N]] step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c11 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1 {{.*}} -> (tensor<1x1x11x32xf32>)
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c8
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x11x8xf32>, tensor<1x1x8x32xf32>) outs(%{{.+}} : tensor<1x1x11x32xf32>)
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// With AVX2 (8 lanes, 16 registers): 16 filters, 6 columns (12 accumulators); 11 columns do not divide
// by 6, so the remainder of 5 columns is peeled into a loop of its own, of static shape too.
// AVX2-LABEL: func.func @conv
// AVX2: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.+}} : tensor<1x1x6x16xf32>)
// AVX2: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.+}} : tensor<1x1x5x16xf32>)
// AVX2-NOT: linalg.conv_2d_nhwc_hwcf
func.func @conv(%x: tensor<?x13x13x32xf32>, %w: tensor<3x3x32x32xf32>, %b: tensor<?x11x11x32xf32>) -> tensor<?x11x11x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<?x13x13x32xf32>, tensor<3x3x32x32xf32>) outs(%b : tensor<?x11x11x32xf32>) -> tensor<?x11x11x32xf32>
  return %r : tensor<?x11x11x32xf32>
}

// -----

// A first layer (one input channel): fewer filters per tile (16), more columns (13 divides 26).
// CHECK-LABEL: func.func @conv_one_channel
// AVX2-LABEL: func.func @conv_one_channel
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x13x1xf32>, tensor<1x1x1x16xf32>) outs(%{{.+}} : tensor<1x1x13x16xf32>)
func.func @conv_one_channel(%x: tensor<?x28x28x1xf32>, %w: tensor<3x3x1x32xf32>, %b: tensor<?x26x26x32xf32>) -> tensor<?x26x26x32xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<?x28x28x1xf32>, tensor<3x3x1x32xf32>) outs(%b : tensor<?x26x26x32xf32>) -> tensor<?x26x26x32xf32>
  return %r : tensor<?x26x26x32xf32>
}

// -----

// A filter larger than L2 (3 x 3 x 128 x 256 floats, 1.18 MB, against 256 KiB): the tiles of 32 filters
// become the outermost loop but the batch's, so that each tile's slice of the filter (147 KB) stays in
// L2 while the image's 8 rows sweep past it, instead of the whole filter streaming through per row.
// CHECK-LABEL: func.func @conv_large_filter
// CHECK: scf.for %{{.+}} = %c0 to %{{.+}} step %c1
// CHECK-NEXT: scf.for %{{.+}} = %c0 to %c256 step %c32
// CHECK-NEXT: scf.for %{{.+}} = %c0 to %c8 step %c1
// CHECK: linalg.conv_2d_nhwc_hwcf {{.*}} outs(%{{.+}} : tensor<1x1x8x32xf32>)
// With an L2 of 2 MiB the filter fits: rows outside, filters inside, as for small filters.
// L2-LABEL: func.func @conv_large_filter
// L2: scf.for %{{.+}} = %c0 to %{{.+}} step %c1
// L2-NEXT: scf.for %{{.+}} = %c0 to %c8 step %c1
// L2-NEXT: scf.for %{{.+}} = %c0 to %c256 step %c32
func.func @conv_large_filter(%x: tensor<?x10x10x128xf32>, %w: tensor<3x3x128x256xf32>, %b: tensor<?x8x8x256xf32>) -> tensor<?x8x8x256xf32> {
  %r = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
         ins(%x, %w : tensor<?x10x10x128xf32>, tensor<3x3x128x256xf32>) outs(%b : tensor<?x8x8x256xf32>) -> tensor<?x8x8x256xf32>
  return %r : tensor<?x8x8x256xf32>
}

// -----

// A dense layer on a dynamic batch: 8 rows x 32 columns, one step of k; the batch's remainder (fewer
// than 8 rows, a dynamic count) is tiled by one row, so that every tile has a static shape.
// CHECK-LABEL: func.func @matmul
// CHECK: %[[N:.+]] = tensor.dim
// CHECK: %[[MAIN:.+]] = affine.apply #{{.+}}()[%[[N]]]
// CHECK: scf.for %{{.+}} = %c0 to %[[MAIN]] step %c8
// CHECK: scf.for %{{.+}} = %c0 to %c128 step %c32
// CHECK: scf.for %{{.+}} = %c0 to %c800 step %c1
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<8x1xf32>, tensor<1x32xf32>) outs(%{{.+}} : tensor<8x32xf32>)
// CHECK: scf.for %{{.+}} = %[[MAIN]] to %[[N]] step %c8
// The rows of the remainder one by one, each carried over the whole k loop (its accumulators stay in
// registers there, as batch-1 inference needs).
// CHECK: scf.for %{{.+}} = %c0 to %{{.+}} step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c800 step %c1 {{.*}} -> (tensor<1x32xf32>)
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<1x1xf32>, tensor<1x32xf32>) outs(%{{.+}} : tensor<1x32xf32>)
// CHECK-NOT: linalg.matmul
func.func @matmul(%a: tensor<?x800xf32>, %w: tensor<800x128xf32>, %b: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %r = linalg.matmul ins(%a, %w : tensor<?x800xf32>, tensor<800x128xf32>) outs(%b : tensor<?x128xf32>) -> tensor<?x128xf32>
  return %r : tensor<?x128xf32>
}

// -----

// A 2x2 max pool: one output row and one window row per tile; 13 output columns are 12 + a peeled 1.
// CHECK-LABEL: func.func @pool
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x24x32xf32>, tensor<1x2xf32>) outs(%{{.+}} : tensor<1x1x12x32xf32>)
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x2x32xf32>, tensor<1x2xf32>) outs(%{{.+}} : tensor<1x1x1x32xf32>)
func.func @pool(%x: tensor<?x26x26x32xf32>, %b: tensor<?x13x13x32xf32>) -> tensor<?x13x13x32xf32> {
  %k = tensor.empty() : tensor<2x2xf32>
  %r = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
         ins(%x, %k : tensor<?x26x26x32xf32>, tensor<2x2xf32>) outs(%b : tensor<?x13x13x32xf32>) -> tensor<?x13x13x32xf32>
  return %r : tensor<?x13x13x32xf32>
}

// -----

// Elementwise: one vector at a time (100 is no multiple of 32, 48 or 64), the last 4 peeled.
// CHECK-LABEL: func.func @relu
// CHECK: scf.for %{{.+}} = %c0 to %c96 step %c16
// CHECK: linalg.map ins(%{{.+}} : tensor<16xf32>)
// CHECK: linalg.map ins(%{{.+}} : tensor<4xf32>)
func.func @relu(%x: tensor<100xf32>) -> tensor<100xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<100xf32>
  %r = linalg.map ins(%x : tensor<100xf32>) outs(%e : tensor<100xf32>)
         (%in: f32) { %m = arith.maximumf %in, %z : f32
                      linalg.yield %m : f32 }
  return %r : tensor<100xf32>
}

// -----

// Not tiled: a reduction along the innermost dimension (no vector of results to keep in registers), and
// an op on buffers.
// CHECK-LABEL: func.func @untiled
// CHECK-NOT: scf.for
// CHECK: linalg.reduce ins(%{{.+}} : tensor<?x10xf32>)
// CHECK: linalg.matmul ins(%{{.+}}, %{{.+}} : memref<4x8xf32>, memref<8x16xf32>)
func.func @untiled(%x: tensor<?x10xf32>, %i: tensor<?xf32>, %a: memref<4x8xf32>, %b: memref<8x16xf32>, %c: memref<4x16xf32>) -> tensor<?xf32> {
  %r = linalg.reduce ins(%x : tensor<?x10xf32>) outs(%i : tensor<?xf32>) dimensions = [1]
         (%in: f32, %init: f32) { %s = arith.addf %in, %init : f32
                                  linalg.yield %s : f32 }
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x16xf32>) outs(%c : memref<4x16xf32>)
  return %r : tensor<?xf32>
}

// -----

// A convolution's filter gradient (a generic: the input read through windows, y + i): a register tile of
// 8 channels x 32 filters of one tap, carried over the batch, the 11 output rows, and the 11 output
// columns 8 at a time (a contraction of 8 steps), the last 3 peeled.
// CHECK-LABEL: func.func @filter_gradient
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c3 step %c1
// CHECK: scf.for %{{.+}} = %c0 to %c32 step %c8
// CHECK: scf.for %{{.+}} = %c0 to %{{.+}} step %c1 {{.*}} -> (tensor<1x1x8x32xf32>)
// CHECK: scf.for %{{.+}} = %c0 to %c11 step %c1
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x8x8xf32>, tensor<1x1x8x32xf32>) outs(%{{.+}} : tensor<1x1x8x32xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.+}}, %{{.+}} : tensor<1x1x3x8xf32>, tensor<1x1x3x32xf32>) outs(%{{.+}} : tensor<1x1x8x32xf32>)
#in = affine_map<(n, y, x, i, j, c, k) -> (n, y + i, x + j, c)>
#gr = affine_map<(n, y, x, i, j, c, k) -> (n, y, x, k)>
#out = affine_map<(n, y, x, i, j, c, k) -> (i, j, c, k)>
func.func @filter_gradient(%x: tensor<?x13x13x32xf32>, %dy: tensor<?x11x11x32xf32>, %init: tensor<3x3x32x32xf32>) -> tensor<3x3x32x32xf32> {
  %r = linalg.generic {indexing_maps = [#in, #gr, #out], iterator_types = ["reduction", "reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]}
         ins(%x, %dy : tensor<?x13x13x32xf32>, tensor<?x11x11x32xf32>) outs(%init : tensor<3x3x32x32xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %o, %m : f32
    linalg.yield %s : f32
  } -> tensor<3x3x32x32xf32>
  return %r : tensor<3x3x32x32xf32>
}

// -----

// Not tiled: a windowed generic that does not multiply and accumulate (here, a maximum over windows of a
// channel pool; its body yields a block argument, which upstream's isContractionBody does not expect).
// CHECK-LABEL: func.func @windowed_not_contraction
// CHECK-NOT: scf.for
// CHECK: linalg.generic
#win = affine_map<(n, y, i) -> (n, y + i)>
#tap = affine_map<(n, y, i) -> (i)>
#res = affine_map<(n, y, i) -> (n, y)>
func.func @windowed_not_contraction(%x: tensor<4x10xf32>, %window: tensor<3xf32>, %init: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %r = linalg.generic {indexing_maps = [#win, #tap, #res], iterator_types = ["parallel", "parallel", "reduction"]}
         ins(%x, %window : tensor<4x10xf32>, tensor<3xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%a: f32, %w: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// A max pool with its winners, windows as dimensions of their own (cnnc's training lowering): a
// register tile of 6 output columns x 32 channels for each of the two results (24 registers), carried
// over the window's 2 x 2 cells one at a time; the 13th column peeled.
// CHECK-LABEL: func.func @pool_with_winners
// CHECK: scf.for %{{.+}} = %c0 to %c12 step %c6
// CHECK: scf.for %{{.+}} = %c0 to %c2 step %c1 {{.*}} -> (tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>)
// CHECK: scf.for %{{.+}} = %c0 to %c2 step %c1 {{.*}} -> (tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>)
// CHECK: linalg.generic {{.*}} outs(%{{.+}}, %{{.+}} : tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>)
// CHECK: linalg.generic {{.*}} outs(%{{.+}}, %{{.+}} : tensor<1x1x1x32xf32>, tensor<1x1x1x32xi32>)
#cells = affine_map<(n, y, x, c, i, j) -> (n, y, i, x, j, c)>
#win = affine_map<(n, y, x, c, i, j) -> (i, j)>
#pooled = affine_map<(n, y, x, c, i, j) -> (n, y, x, c)>
func.func @pool_with_winners(%x: tensor<?x13x2x13x2x32xf32>, %v: tensor<?x13x13x32xf32>, %w: tensor<?x13x13x32xi32>) -> (tensor<?x13x13x32xf32>, tensor<?x13x13x32xi32>) {
  %k = tensor.empty() : tensor<2x2xf32>
  %r:2 = linalg.generic {indexing_maps = [#cells, #win, #pooled, #pooled], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
         ins(%x, %k : tensor<?x13x2x13x2x32xf32>, tensor<2x2xf32>) outs(%v, %w : tensor<?x13x13x32xf32>, tensor<?x13x13x32xi32>) {
  ^bb0(%a: f32, %unused: f32, %best: f32, %bi: i32):
    %i = linalg.index 4 : index
    %j = linalg.index 5 : index
    %c2 = arith.constant 2 : index
    %m = arith.muli %i, %c2 : index
    %f = arith.addi %m, %j : index
    %o = arith.index_cast %f : index to i32
    %gt = arith.cmpf ogt, %a, %best : f32
    %s = arith.select %gt, %a, %best : f32
    %si = arith.select %gt, %o, %bi : i32
    linalg.yield %s, %si : f32, i32
  } -> (tensor<?x13x13x32xf32>, tensor<?x13x13x32xi32>)
  return %r#0, %r#1 : tensor<?x13x13x32xf32>, tensor<?x13x13x32xi32>
}

// -----

// A bias gradient (a sum over the batch and the positions): one vector of the 32 channels carried over
// every position.
// CHECK-LABEL: func.func @bias_gradient
// CHECK: scf.for %{{.+}} = %c0 to %{{.+}} step %c1 {{.*}} -> (tensor<32xf32>)
// CHECK: scf.for %{{.+}} = %c0 to %c11 step %c1 {{.*}} -> (tensor<32xf32>)
// CHECK: scf.for %{{.+}} = %c0 to %c11 step %c1 {{.*}} -> (tensor<32xf32>)
// CHECK: linalg.reduce ins(%{{.+}} : tensor<1x1x1x32xf32>) outs(%{{.+}} : tensor<32xf32>)
func.func @bias_gradient(%dy: tensor<?x11x11x32xf32>, %init: tensor<32xf32>) -> tensor<32xf32> {
  %r = linalg.reduce ins(%dy : tensor<?x11x11x32xf32>) outs(%init : tensor<32xf32>) dimensions = [0, 1, 2]
         (%in: f32, %acc: f32) { %s = arith.addf %in, %acc : f32
                                 linalg.yield %s : f32 }
  return %r : tensor<32xf32>
}

// -----

// A dense kernel's gradient (x^T dy, summed over the batch): 8 rows x 32 columns in registers, carried
// over the batch one sample at a time.
// CHECK-LABEL: func.func @kernel_gradient
// CHECK: scf.for %{{.+}} = %c0 to %c800 step %c8
// CHECK: scf.for %{{.+}} = %c0 to %c128 step %c32
// CHECK: scf.for %{{.+}} = %c0 to %{{.+}} step %c1 {{.*}} -> (tensor<8x32xf32>)
// CHECK: linalg.matmul_transpose_a ins(%{{.+}}, %{{.+}} : tensor<1x8xf32>, tensor<1x32xf32>) outs(%{{.+}} : tensor<8x32xf32>)
func.func @kernel_gradient(%x: tensor<?x800xf32>, %dy: tensor<?x128xf32>, %init: tensor<800x128xf32>) -> tensor<800x128xf32> {
  %r = linalg.matmul_transpose_a ins(%x, %dy : tensor<?x800xf32>, tensor<?x128xf32>) outs(%init : tensor<800x128xf32>) -> tensor<800x128xf32>
  return %r : tensor<800x128xf32>
}

// -----

// Not tiled: a reduction to a scalar (a loss), which has no vector of results.
// CHECK-LABEL: func.func @scalar_reduction
// CHECK-NOT: scf.for
// CHECK: linalg.reduce ins(%{{.+}} : tensor<?xf32>)
func.func @scalar_reduction(%x: tensor<?xf32>, %init: tensor<f32>) -> tensor<f32> {
  %r = linalg.reduce ins(%x : tensor<?xf32>) outs(%init : tensor<f32>) dimensions = [0]
         (%in: f32, %acc: f32) { %s = arith.addf %in, %acc : f32
                                 linalg.yield %s : f32 }
  return %r : tensor<f32>
}

// -----

// Not tiled: a reduction whose result's last dimension is a constant, not a loop (no vector of results).
// CHECK-LABEL: func.func @constant_result_dimension
// CHECK-NOT: scf.for
// CHECK: linalg.generic
#rows = affine_map<(i, j) -> (i, j)>
#first = affine_map<(i, j) -> (i, 0)>
func.func @constant_result_dimension(%x: tensor<16x32xf32>, %init: tensor<16x1xf32>) -> tensor<16x1xf32> {
  %r = linalg.generic {indexing_maps = [#rows, #first], iterator_types = ["parallel", "reduction"]}
         ins(%x : tensor<16x32xf32>) outs(%init : tensor<16x1xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %a, %acc : f32
    linalg.yield %s : f32
  } -> tensor<16x1xf32>
  return %r : tensor<16x1xf32>
}
