// RUN: cnn-opt %s -split-input-file -verify-diagnostics -cnn-check-allocation-sizes | FileCheck %s

// A batch-sized buffer of 8 floats per sample: more than INT64_MAX / 32 samples would wrap its size.
// CHECK: func.func private @cnnrt_compiled_size_overflow()
// CHECK-LABEL: func.func @one_dynamic_size
// CHECK-SAME: (%[[N:.+]]: index)
// CHECK: %[[LIMIT:.+]] = arith.constant 288230376151711743 : index
// CHECK: %[[BIG:.+]] = arith.cmpi ugt, %[[N]], %[[LIMIT]] : index
// CHECK: scf.if %[[BIG]] {
// CHECK-NEXT: func.call @cnnrt_compiled_size_overflow() : () -> ()
// CHECK-NEXT: }
// CHECK-NEXT: memref.alloc(%[[N]]) : memref<?x8xf32>
func.func @one_dynamic_size(%n: index) {
  %a = memref.alloc(%n) : memref<?x8xf32>
  memref.dealloc %a : memref<?x8xf32>
  return
}

// -----

// Two dynamic sizes: the second is compared with the room the first leaves, so no product wraps.
// CHECK-LABEL: func.func @two_dynamic_sizes
// CHECK-SAME: (%[[N:.+]]: index, %[[M:.+]]: index)
// CHECK: %[[LIMIT:.+]] = arith.constant 384307168202282325 : index
// CHECK: %[[BIG_N:.+]] = arith.cmpi ugt, %[[N]], %[[LIMIT]] : index
// CHECK: %[[DIVISOR:.+]] = arith.maxui %[[M]], %{{.+}} : index
// CHECK: %[[ROOM:.+]] = arith.divui %[[LIMIT]], %[[DIVISOR]] : index
// CHECK: %[[BIG_M:.+]] = arith.cmpi ugt, %[[N]], %[[ROOM]] : index
// CHECK: %[[BIG:.+]] = arith.ori %[[BIG_N]], %[[BIG_M]] : i1
// CHECK: scf.if %[[BIG]] {
// CHECK-NEXT: func.call @cnnrt_compiled_size_overflow()
// CHECK: memref.alloc(%[[N]], %[[M]]) {alignment = 64 : i64} : memref<?x3x?xi64>
func.func @two_dynamic_sizes(%n: index, %m: index) {
  %a = memref.alloc(%n, %m) {alignment = 64 : i64} : memref<?x3x?xi64>
  memref.dealloc %a : memref<?x3x?xi64>
  return
}

// -----

// Negative: buffers of static sizes (however large), or of no bytes per sample, get no check, and the
// runtime function is not declared.
// CHECK-LABEL: func.func @no_check
// CHECK-NOT: cnnrt_compiled_size_overflow
// CHECK-NOT: scf.if
// CHECK: return
func.func @no_check(%n: index) {
  %a = memref.alloc() : memref<4611686018427387903xi8>
  %b = memref.alloc(%n) : memref<0x?xf32>
  memref.dealloc %a : memref<4611686018427387903xi8>
  memref.dealloc %b : memref<0x?xf32>
  return
}

// -----

// A buffer whose static sizes alone overflow 64 bits of bytes is refused.
func.func @static_bytes_overflow(%n: index) {
  // expected-error @+1 {{'memref.alloc' op buffer of type 'memref<?x2305843009213693952xf32>' is too large: its size in bytes overflows 64 bits}}
  %a = memref.alloc(%n) : memref<?x2305843009213693952xf32>
  return
}
