// RUN: cnn-opt %s -split-input-file -cnnc-lower-vector -canonicalize -cse | FileCheck %s

// A matmul register tile (8 rows x 32 columns, one step of k): the contraction becomes 8 outer products,
// each a broadcast of one element of A times the row of B added to a row of C (vector.fma), and the
// transfers become rank-1 loads and stores; the elements of A are loaded one by one (LLVM broadcasts
// each from memory rather than shuffling it out of a vector).
// CHECK-LABEL: func.func @outer_products
// CHECK-NOT: vector.contract
// CHECK-COUNT-8: memref.load {{.*}} : memref<8x1xf32>
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK-COUNT-8: vector.store {{.*}} : memref<8x32xf32>, vector<32xf32>
// CHECK-NOT: vector.transfer
func.func @outer_products(%a: memref<8x1xf32>, %b: memref<1x32xf32>, %c: memref<8x32xf32>) {
  %c0 = arith.constant 0 : index
  %z = arith.constant 0.0 : f32
  %va = vector.transfer_read %a[%c0, %c0], %z {in_bounds = [true, true]} : memref<8x1xf32>, vector<8x1xf32>
  %vb = vector.transfer_read %b[%c0, %c0], %z {in_bounds = [true, true]} : memref<1x32xf32>, vector<1x32xf32>
  %vc = vector.transfer_read %c[%c0, %c0], %z {in_bounds = [true, true]} : memref<8x32xf32>, vector<8x32xf32>
  %r = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>],
                        iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %va, %vb, %vc
         : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
  vector.transfer_write %r, %c[%c0, %c0] {in_bounds = [true, true]} : vector<8x32xf32>, memref<8x32xf32>
  return
}

// -----

// A read that may run past the end of its buffer is split: the in-bounds case loads directly; only the
// other one reads lane by lane into a stack buffer.
// CHECK-LABEL: func.func @maybe_out_of_bounds
// CHECK: %[[STACK:.+]] = memref.alloca() {{.*}} : memref<16xf32>
// CHECK: %[[IN:.+]] = arith.cmpi sle
// CHECK: %[[FROM:.+]] = scf.if %[[IN]] -> (memref<?xf32>)
// CHECK: } else {
// CHECK: vector.transfer_read
// CHECK: memref.cast %[[STACK]]
// CHECK: vector.load %[[FROM]]
func.func @maybe_out_of_bounds(%m: memref<?xf32>, %i: index) -> vector<16xf32> {
  %z = arith.constant 0.0 : f32
  %v = vector.transfer_read %m[%i], %z : memref<?xf32>, vector<16xf32>
  return %v : vector<16xf32>
}

// -----

// A multiply-add of vectors (an elementwise tile's outer product) becomes one FMA; a product with a
// second use, or of scalars, stays as it is.
// CHECK-LABEL: func.func @multiply_adds
// CHECK-SAME: (%[[A:.+]]: vector<8x32xf32>, %[[B:.+]]: vector<8x32xf32>, %[[ACC:.+]]: vector<8x32xf32>, %[[S:.+]]: f32)
// CHECK: %[[FMA:.+]] = vector.fma %[[A]], %[[B]], %[[ACC]] : vector<8x32xf32>
// CHECK: %[[SHARED:.+]] = arith.mulf %[[B]], %[[B]] : vector<8x32xf32>
// CHECK: arith.addf %[[FMA]], %[[SHARED]] : vector<8x32xf32>
// CHECK: %[[SCALAR:.+]] = arith.mulf %[[S]], %[[S]] : f32
// CHECK: arith.addf %[[SCALAR]], %[[S]] : f32
func.func @multiply_adds(%a: vector<8x32xf32>, %b: vector<8x32xf32>, %acc: vector<8x32xf32>, %s: f32) -> (vector<8x32xf32>, vector<8x32xf32>, f32) {
  %p = arith.mulf %a, %b : vector<8x32xf32>
  %sum = arith.addf %acc, %p : vector<8x32xf32>
  %q = arith.mulf %b, %b : vector<8x32xf32>
  %twice = arith.addf %sum, %q : vector<8x32xf32>
  %r = arith.mulf %s, %s : f32
  %t = arith.addf %r, %s : f32
  return %twice, %q, %t : vector<8x32xf32>, vector<8x32xf32>, f32
}
