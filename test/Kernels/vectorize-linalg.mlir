// RUN: cnn-opt %s -split-input-file -cnnc-vectorize-linalg -canonicalize -cse | FileCheck %s

// A register tile of the notes' second convolution, as cnnc-tile-linalg makes it: the tap's 2-D
// convolution becomes a 1-D one, then a vector.contract of 11 columns x 8 channels by 8 x 32 filters, and
// the 11 x 32 accumulators leave the three reduction loops: read once before them, carried in registers
// through them, written once after.
// CHECK-LABEL: func.func @conv_tile
// CHECK-SAME: %[[ACC:[a-z0-9]+]]: tensor<1x1x11x32xf32>
// CHECK: %[[INIT:.+]] = vector.transfer_read %[[ACC]]{{.*}} : tensor<1x1x11x32xf32>, vector<1x11x32xf32>
// CHECK: %[[SUM:.+]] = scf.for {{.*}} iter_args(%{{.+}} = %[[INIT]]) -> (vector<1x11x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x11x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<1x11x32xf32>)
// CHECK-NOT: vector.transfer_write
// CHECK: vector.transfer_read {{.*}} : tensor<1x3x13x32xf32>, vector<1x11x8xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<3x3x32x32xf32>, vector<1x8x32xf32>
// CHECK: vector.contract {{.*}} : vector<1x11x8xf32>, vector<8x32xf32> into vector<1x11x32xf32>
// CHECK-NOT: vector.transfer_write
// CHECK: vector.transfer_write %[[SUM]], %[[ACC]]
// CHECK-NOT: linalg.conv
func.func @conv_tile(%x: tensor<1x3x13x32xf32>, %w: tensor<3x3x32x32xf32>, %acc: tensor<1x1x11x32xf32>) -> tensor<1x1x11x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %r = scf.for %kh = %c0 to %c3 step %c1 iter_args(%a0 = %acc) -> (tensor<1x1x11x32xf32>) {
    %r1 = scf.for %kw = %c0 to %c3 step %c1 iter_args(%a1 = %a0) -> (tensor<1x1x11x32xf32>) {
      %r2 = scf.for %c = %c0 to %c32 step %c8 iter_args(%a2 = %a1) -> (tensor<1x1x11x32xf32>) {
        %xs = tensor.extract_slice %x[0, %kh, %kw, %c] [1, 1, 11, 8] [1, 1, 1, 1] : tensor<1x3x13x32xf32> to tensor<1x1x11x8xf32>
        %ws = tensor.extract_slice %w[%kh, %kw, %c, 0] [1, 1, 8, 32] [1, 1, 1, 1] : tensor<3x3x32x32xf32> to tensor<1x1x8x32xf32>
        %o = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
               ins(%xs, %ws : tensor<1x1x11x8xf32>, tensor<1x1x8x32xf32>) outs(%a2 : tensor<1x1x11x32xf32>) -> tensor<1x1x11x32xf32>
        scf.yield %o : tensor<1x1x11x32xf32>
      }
      scf.yield %r2 : tensor<1x1x11x32xf32>
    }
    scf.yield %r1 : tensor<1x1x11x32xf32>
  }
  return %r : tensor<1x1x11x32xf32>
}

// -----

// A pool tile (one output row, one window row) becomes a 1-D pool, then vector maxima.
// CHECK-LABEL: func.func @pool_tile
// CHECK-NOT: linalg.pooling
// CHECK: arith.maximumf {{.*}} : vector<1x1x32xf32>
func.func @pool_tile(%x: tensor<1x1x24x32xf32>, %acc: tensor<1x1x12x32xf32>) -> tensor<1x1x12x32xf32> {
  %k = tensor.empty() : tensor<1x2xf32>
  %r = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>}
         ins(%x, %k : tensor<1x1x24x32xf32>, tensor<1x2xf32>) outs(%acc : tensor<1x1x12x32xf32>) -> tensor<1x1x12x32xf32>
  return %r : tensor<1x1x12x32xf32>
}

// -----

// A tile of a filter gradient: without its unit loops (the tap, the batch and output position of one
// step), it is an outer product of 8 input channels by 32 output-gradient values, added to accumulators
// that stay in registers across the three loops.
// CHECK-LABEL: func.func @filter_gradient_tile
// CHECK: %[[INIT:.+]] = vector.transfer_read {{.*}} : tensor<1x1x8x32xf32>, vector<8x32xf32>
// CHECK: scf.for {{.*}} iter_args(%{{.+}} = %[[INIT]]) -> (vector<8x32xf32>)
// CHECK: vector.transfer_read {{.*}} : tensor<?x13x13x32xf32>, vector<8xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<?x11x11x32xf32>, vector<32xf32>
// CHECK: arith.mulf {{.*}} : vector<8x32xf32>
// CHECK: arith.addf {{.*}} : vector<8x32xf32>
// CHECK-NOT: linalg.generic
#in = affine_map<(n, y, x, i, j, c, k) -> (n, y + i, x + j, c)>
#gr = affine_map<(n, y, x, i, j, c, k) -> (n, y, x, k)>
#out = affine_map<(n, y, x, i, j, c, k) -> (i, j, c, k)>
func.func @filter_gradient_tile(%x: tensor<?x13x13x32xf32>, %dy: tensor<?x11x11x32xf32>, %acc: tensor<1x1x8x32xf32>, %i: index, %j: index, %c: index) -> tensor<1x1x8x32xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c11 = arith.constant 11 : index
  %n = tensor.dim %x, %c0 : tensor<?x13x13x32xf32>
  %r = scf.for %b = %c0 to %n step %c1 iter_args(%a0 = %acc) -> (tensor<1x1x8x32xf32>) {
    %r1 = scf.for %y = %c0 to %c11 step %c1 iter_args(%a1 = %a0) -> (tensor<1x1x8x32xf32>) {
      %r2 = scf.for %xx = %c0 to %c11 step %c1 iter_args(%a2 = %a1) -> (tensor<1x1x8x32xf32>) {
        %yi = arith.addi %y, %i : index
        %xj = arith.addi %xx, %j : index
        %xs = tensor.extract_slice %x[%b, %yi, %xj, %c] [1, 1, 1, 8] [1, 1, 1, 1] : tensor<?x13x13x32xf32> to tensor<1x1x1x8xf32>
        %gs = tensor.extract_slice %dy[%b, %y, %xx, 0] [1, 1, 1, 32] [1, 1, 1, 1] : tensor<?x11x11x32xf32> to tensor<1x1x1x32xf32>
        %o = linalg.generic {indexing_maps = [#in, #gr, #out], iterator_types = ["reduction", "reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]}
               ins(%xs, %gs : tensor<1x1x1x8xf32>, tensor<1x1x1x32xf32>) outs(%a2 : tensor<1x1x8x32xf32>) {
        ^bb0(%p: f32, %q: f32, %s: f32):
          %m = arith.mulf %p, %q : f32
          %t = arith.addf %s, %m : f32
          linalg.yield %t : f32
        } -> tensor<1x1x8x32xf32>
        scf.yield %o : tensor<1x1x8x32xf32>
      }
      scf.yield %r2 : tensor<1x1x8x32xf32>
    }
    scf.yield %r1 : tensor<1x1x8x32xf32>
  }
  return %r : tensor<1x1x8x32xf32>
}

// -----

// Not vectorised: an op larger than a tile (it would become one vector of 8192 floats) and an op of
// dynamic shape; cnnc-tile-linalg cuts such ops into tiles first.
// CHECK-LABEL: func.func @untouched
// CHECK-NOT: vector.
// CHECK: linalg.map ins(%{{.+}} : tensor<8192xf32>)
// CHECK: linalg.map ins(%{{.+}} : tensor<?xf32>)
func.func @untouched(%big: tensor<8192xf32>, %dyn: tensor<?xf32>) -> (tensor<8192xf32>, tensor<?xf32>) {
  %z = arith.constant 0.0 : f32
  %a = linalg.map ins(%big : tensor<8192xf32>) outs(%big : tensor<8192xf32>) (%in: f32) { %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32 }
  %b = linalg.map ins(%dyn : tensor<?xf32>) outs(%dyn : tensor<?xf32>) (%in: f32) { %m = arith.maximumf %in, %z : f32
    linalg.yield %m : f32 }
  return %a, %b : tensor<8192xf32>, tensor<?xf32>
}

// -----

// A tile of a max pool with its winners, one cell of the window: without its unit loops it is
// elementwise, so it vectorises whatever its combiner (a select upstream does not take for a reduction).
// CHECK-LABEL: func.func @winners_tile
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x1x6x1x32xf32>, vector<6x32xf32>
// CHECK: arith.cmpf ogt, {{.*}} : vector<6x32xf32>
// CHECK: arith.select {{.*}} : vector<6x32xi1>, vector<6x32xi32>
// CHECK-NOT: linalg.generic
#cells = affine_map<(n, y, x, c, i, j) -> (n, y, i, x, j, c)>
#win = affine_map<(n, y, x, c, i, j) -> (i, j)>
#pooled = affine_map<(n, y, x, c, i, j) -> (n, y, x, c)>
func.func @winners_tile(%x: tensor<1x1x1x6x1x32xf32>, %k: tensor<1x1xf32>, %v: tensor<1x1x6x32xf32>, %w: tensor<1x1x6x32xi32>) -> (tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>) {
  %r:2 = linalg.generic {indexing_maps = [#cells, #win, #pooled, #pooled], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
         ins(%x, %k : tensor<1x1x1x6x1x32xf32>, tensor<1x1xf32>) outs(%v, %w : tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>) {
  ^bb0(%a: f32, %unused: f32, %best: f32, %bi: i32):
    %i = linalg.index 4 : index
    %o = arith.index_cast %i : index to i32
    %gt = arith.cmpf ogt, %a, %best : f32
    %s = arith.select %gt, %a, %best : f32
    %si = arith.select %gt, %o, %bi : i32
    linalg.yield %s, %si : f32, i32
  } -> (tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>)
  return %r#0, %r#1 : tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>
}

// -----

// Not vectorised: a tile that reduces two cells of its window with a combiner upstream does not know.
// CHECK-LABEL: func.func @two_cell_tile
// CHECK-NOT: vector.
// CHECK: linalg.generic
#cells2 = affine_map<(n, y, x, c, i, j) -> (n, y, i, x, j, c)>
#win2 = affine_map<(n, y, x, c, i, j) -> (i, j)>
#pooled2 = affine_map<(n, y, x, c, i, j) -> (n, y, x, c)>
func.func @two_cell_tile(%x: tensor<1x1x2x6x1x32xf32>, %k: tensor<2x1xf32>, %v: tensor<1x1x6x32xf32>, %w: tensor<1x1x6x32xi32>) -> (tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>) {
  %r:2 = linalg.generic {indexing_maps = [#cells2, #win2, #pooled2, #pooled2], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
         ins(%x, %k : tensor<1x1x2x6x1x32xf32>, tensor<2x1xf32>) outs(%v, %w : tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>) {
  ^bb0(%a: f32, %unused: f32, %best: f32, %bi: i32):
    %i = linalg.index 4 : index
    %o = arith.index_cast %i : index to i32
    %gt = arith.cmpf ogt, %a, %best : f32
    %s = arith.select %gt, %a, %best : f32
    %si = arith.select %gt, %o, %bi : i32
    linalg.yield %s, %si : f32, i32
  } -> (tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>)
  return %r#0, %r#1 : tensor<1x1x6x32xf32>, tensor<1x1x6x32xi32>
}

// -----

// A filter gradient's tile over 8 output columns: without its unit loops, a contraction over the
// columns (8 channels x 32 filters), which becomes a vector.contract (outer products once lowered).
// CHECK-LABEL: func.func @filter_gradient_columns
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x8x8xf32>, vector<8x8xf32>
// CHECK: vector.transfer_read {{.*}} : tensor<1x1x8x32xf32>, vector<8x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x8xf32>, vector<8x32xf32> into vector<8x32xf32>
// CHECK-NOT: linalg.generic
#inc = affine_map<(n, y, x, i, j, c, k) -> (n, y + i, x + j, c)>
#grc = affine_map<(n, y, x, i, j, c, k) -> (n, y, x, k)>
#outc = affine_map<(n, y, x, i, j, c, k) -> (i, j, c, k)>
func.func @filter_gradient_columns(%x: tensor<1x1x8x8xf32>, %dy: tensor<1x1x8x32xf32>, %acc: tensor<1x1x8x32xf32>) -> tensor<1x1x8x32xf32> {
  %o = linalg.generic {indexing_maps = [#inc, #grc, #outc], iterator_types = ["reduction", "reduction", "reduction", "parallel", "parallel", "parallel", "parallel"]}
         ins(%x, %dy : tensor<1x1x8x8xf32>, tensor<1x1x8x32xf32>) outs(%acc : tensor<1x1x8x32xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %m = arith.mulf %a, %b : f32
    %s = arith.addf %out, %m : f32
    linalg.yield %s : f32
  } -> tensor<1x1x8x32xf32>
  return %o : tensor<1x1x8x32xf32>
}
