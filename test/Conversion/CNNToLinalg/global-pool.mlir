// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// Average over H and W: a sum reduction divided by H * W, then keepdims.
// CHECK-LABEL: func @global_avg_keepdims
// CHECK-DAG: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<?x3xf32>)
// CHECK: %[[SUM:.+]] = linalg.reduce ins(%{{.+}} : tensor<?x4x6x3xf32>) outs(%[[INIT]] : tensor<?x3xf32>) dimensions = [1, 2]
// CHECK: arith.addf
// CHECK: %[[AVG:.+]] = linalg.map ins(%[[SUM]] : tensor<?x3xf32>)
// CHECK: %[[COUNT:.+]] = arith.constant 2.400000e+01 : f32
// CHECK: arith.divf %{{.+}}, %[[COUNT]]
// CHECK: tensor.expand_shape %[[AVG]] {{\[}}[0], [1, 2, 3]] output_shape [%{{.+}}, 1, 1, 3] : tensor<?x3xf32> into tensor<?x1x1x3xf32>
func.func @global_avg_keepdims(%x: tensor<?x4x6x3xf32>) -> tensor<?x1x1x3xf32> {
  %0 = cnn.global_pool2d avg %x keepdims : tensor<?x4x6x3xf32> -> tensor<?x1x1x3xf32>
  return %0 : tensor<?x1x1x3xf32>
}

// -----

// CHECK-LABEL: func @global_min
// CHECK: %[[POS:.+]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[POS]] : f32)
// CHECK: linalg.reduce {{.+}} dimensions = [1, 2]
// CHECK: arith.minimumf
// CHECK-NOT: tensor.expand_shape
func.func @global_min(%x: tensor<?x4x6x3xf32>) -> tensor<?x3xf32> {
  %0 = cnn.global_pool2d min %x : tensor<?x4x6x3xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// LP: x^p summed, then ^(1/p).
// CHECK-LABEL: func @global_lp
// CHECK: linalg.map
// CHECK: %[[P:.+]] = arith.constant 3.000000e+00 : f32
// CHECK: math.powf %{{.+}}, %[[P]]
// CHECK: linalg.reduce
// CHECK: linalg.map
// CHECK: %[[INV:.+]] = arith.constant 0.333333343 : f32
// CHECK: math.powf %{{.+}}, %[[INV]]
func.func @global_lp(%x: tensor<?x4x6x3xf32>) -> tensor<?x3xf32> {
  %0 = cnn.global_pool2d lp %x {p = 3.0 : f32} : tensor<?x4x6x3xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
