// RUN: cnn-opt %s -split-input-file -cnnc-plan-workspace | FileCheck %s
// RUN: cnn-opt %s -split-input-file -cnnc-plan-workspace -cnnc-measure-workspace | FileCheck %s --check-prefix=MEASURED

// Buffers whose lifetimes do not meet share a slot; those whose lifetimes meet get disjoint ones, each
// 64-byte aligned, the largest placed first. %c (64 bytes per sample) takes offset 0; %a (32) dies
// before %c is born and shares its slot; %b lives with %c and goes after it, at 64 x batch. The fixed buffers (%f, 40 bytes; %g, 8 bytes, live together) get a fixed
// workspace. Both workspaces are allocated at the entry and freed at the end; the buffers' own
// deallocations go.
// CHECK-LABEL: func.func @lifetimes(
// CHECK-SAME:      %[[IN:.*]]: memref<?x4xf32>
// CHECK-DAG:     %[[FIXED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK-DAG:     %[[N:.*]] = memref.dim %[[IN]], %c0
// CHECK-DAG:     %[[SAMPLES:.*]] = memref.alloc(%[[N]]) {alignment = 64 : i64} : memref<?x128xi8>
// CHECK-DAG:     %[[SPACE:.*]] = memref.collapse_shape %[[SAMPLES]] {{\[\[}}0, 1]] : memref<?x128xi8> into memref<?xi8>
// CHECK:         %[[A_AT:.*]] = arith.muli %c0{{.*}}, %[[N]]
// CHECK:         %[[A:.*]] = memref.view %[[SPACE]][%[[A_AT]]][%{{.*}}] : memref<?xi8> to memref<?x8xf32>
// CHECK:         %[[B_AT:.*]] = arith.muli %c64{{.*}}, %[[N]]
// CHECK:         memref.view %[[SPACE]][%[[B_AT]]][%{{.*}}] : memref<?xi8> to memref<?x8xf32>
// CHECK:         %[[C_AT:.*]] = arith.muli %c0{{.*}}, %[[N]]
// CHECK:         memref.view %[[SPACE]][%[[C_AT]]][%{{.*}}] : memref<?xi8> to memref<?x16xf32>
// CHECK:         memref.view %[[FIXED]][%c0{{.*}}][] : memref<128xi8> to memref<10xf32>
// CHECK:         memref.view %[[FIXED]][%c64{{.*}}][] : memref<128xi8> to memref<2xf32>
// CHECK-NOT:     memref.alloc
// CHECK:         memref.dealloc %[[FIXED]] : memref<128xi8>
// CHECK-NEXT:    memref.dealloc %[[SAMPLES]] : memref<?x128xi8>
// CHECK-NEXT:    return
// The measure counts the workspaces, the 64 bytes each needs to align itself and the runtime's 32
// per block.
// MEASURED: cnnc.workspace = {lifetimes = array<i64: 320, 128>}
func.func @lifetimes(%in: memref<?x4xf32>, %out: memref<?x16xf32>) {
  %c0 = arith.constant 0 : index
  %cst = arith.constant 1.0 : f32
  %n = memref.dim %in, %c0 : memref<?x4xf32>
  %a = memref.alloc(%n) : memref<?x8xf32>
  linalg.fill ins(%cst : f32) outs(%a : memref<?x8xf32>)
  %b = memref.alloc(%n) : memref<?x8xf32>
  linalg.fill ins(%cst : f32) outs(%b : memref<?x8xf32>)
  %c = memref.alloc(%n) : memref<?x16xf32>
  %sub = memref.subview %c[0, 0] [%n, 8] [1, 1] : memref<?x16xf32> to memref<?x8xf32, strided<[16, 1]>>
  memref.copy %b, %sub : memref<?x8xf32> to memref<?x8xf32, strided<[16, 1]>>
  memref.copy %c, %out : memref<?x16xf32> to memref<?x16xf32>
  %f = memref.alloc() : memref<10xf32>
  %g = memref.alloc() : memref<2xf32>
  linalg.fill ins(%cst : f32) outs(%f : memref<10xf32>)
  linalg.fill ins(%cst : f32) outs(%g : memref<2xf32>)
  memref.dealloc %a : memref<?x8xf32>
  memref.dealloc %b : memref<?x8xf32>
  memref.dealloc %sub : memref<?x8xf32, strided<[16, 1]>>
  memref.dealloc %f : memref<10xf32>
  memref.dealloc %g : memref<2xf32>
  return
}

// -----

// A buffer allocated in a loop's body lives as long as the loop: each iteration reuses its slot, so the
// buffer allocated before the loop and used after it gets another one.
// CHECK-LABEL: func.func @in_a_loop(
// CHECK:         %[[FIXED:.*]] = memref.alloc() {alignment = 64 : i64} : memref<128xi8>
// CHECK:         memref.view %[[FIXED]][%c0{{.*}}][] : memref<128xi8> to memref<4xf32>
// CHECK:         scf.for
// CHECK:           memref.view %[[FIXED]][%c64{{.*}}][] : memref<128xi8> to memref<4xf32>
// CHECK-NOT:     memref.alloc
func.func @in_a_loop(%out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %cst = arith.constant 1.0 : f32
  %kept = memref.alloc() : memref<4xf32>
  linalg.fill ins(%cst : f32) outs(%kept : memref<4xf32>)
  scf.for %i = %c0 to %c4 step %c1 {
    %tile = memref.alloc() : memref<4xf32>
    linalg.fill ins(%cst : f32) outs(%tile : memref<4xf32>)
    memref.copy %tile, %out : memref<4xf32> to memref<4xf32>
    memref.dealloc %tile : memref<4xf32>
  }
  memref.copy %kept, %out : memref<4xf32> to memref<4xf32>
  memref.dealloc %kept : memref<4xf32>
  return
}

// -----

// Buffers a slot could get wrong stay on the heap: one a branch yields (it may outlive its uses through
// the result), one passed to a call, one sized by something other than the batch, one allocated in a
// parallel loop (its iterations would share the slot), one aligned beyond a slot.
// CHECK-LABEL: func.func @stays(
// CHECK-NOT:     memref.view
// CHECK:         memref.alloc() : memref<4xf32>
// CHECK:         memref.alloc() : memref<4xf32>
// CHECK:         memref.alloc() : memref<8xf32>
// CHECK:         memref.alloc(%{{.*}}) : memref<?xf32>
// CHECK:         memref.alloc() {alignment = 128 : i64} : memref<4xf32>
// CHECK:         scf.parallel
// CHECK:           memref.alloc() : memref<2xf32>
// CHECK-NOT:     memref.view
func.func private @keep(memref<8xf32>)
func.func @stays(%in: memref<?x4xf32>, %m: index, %flag: i1, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %x = memref.alloc() : memref<4xf32>
  %y = memref.alloc() : memref<4xf32>
  %chosen = scf.if %flag -> memref<4xf32> {
    scf.yield %x : memref<4xf32>
  } else {
    scf.yield %y : memref<4xf32>
  }
  memref.copy %chosen, %out : memref<4xf32> to memref<4xf32>
  %called = memref.alloc() : memref<8xf32>
  func.call @keep(%called) : (memref<8xf32>) -> ()
  %other = memref.alloc(%m) : memref<?xf32>
  memref.dealloc %other : memref<?xf32>
  %wide = memref.alloc() {alignment = 128 : i64} : memref<4xf32>
  memref.copy %wide, %out : memref<4xf32> to memref<4xf32>
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    %p = memref.alloc() : memref<2xf32>
    memref.dealloc %p : memref<2xf32>
    scf.reduce
  }
  return
}
