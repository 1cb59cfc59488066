// RUN: cnn-opt %s -split-input-file -cnnc-measure-workspace | FileCheck %s

// A function's heap buffers: 4 x 8 floats (128 bytes) fixed, 10 + 2 x 3 floats (64 bytes) per sample
// of the batch, 64 bytes fixed to align one of them and the runtime's 32 per block (3 x 32); a stack
// buffer is not counted, nor is a function without a body.
// CHECK: module attributes {cnnc.workspace = {forward = array<i64: 288, 64>}}
func.func @forward(%n: index) {
  %a = memref.alloc() : memref<4x8xf32>
  %b = memref.alloc(%n) {alignment = 64 : i64} : memref<?x10xf32>
  %c = memref.alloc(%n) : memref<?x2x3xf32>
  %s = memref.alloca() : memref<1024xf32>
  memref.dealloc %a : memref<4x8xf32>
  memref.dealloc %b : memref<?x10xf32>
  memref.dealloc %c : memref<?x2x3xf32>
  return
}
func.func private @external(%n: index)

// -----

// A buffer with two dynamic sizes has no size per sample: -1 (unknown).
// CHECK: module attributes {cnnc.workspace = {two_dynamic = array<i64: 32, -1>}}
func.func @two_dynamic(%n: index, %m: index) {
  %a = memref.alloc(%n, %m) : memref<?x?xf32>
  memref.dealloc %a : memref<?x?xf32>
  return
}
