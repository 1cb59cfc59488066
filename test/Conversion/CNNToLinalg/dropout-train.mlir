// RUN: cnn-opt %s -convert-cnn-to-linalg | FileCheck %s

// A mask from SplitMix64 of (seed, stream, row-major index): the top 24 bits
// as a uniform in [0, 1), kept at >= rate, scaled by 1 / (1 - rate) = 2.
// CHECK-LABEL: func @dropout_train
// CHECK-SAME: (%[[X:.+]]: tensor<?x3xf32>, %[[SEED:.+]]: tensor<i64>)
// CHECK: %[[S:.+]] = tensor.extract %[[SEED]][] : tensor<i64>
// CHECK: linalg.generic {{.+}} ins(%[[X]] : tensor<?x3xf32>)
// CHECK: %[[I0:.+]] = linalg.index 0
// CHECK: %[[I1:.+]] = linalg.index 1
// CHECK: arith.shrui %{{.+}}, %c40_i64
// CHECK: %[[U:.+]] = arith.uitofp
// CHECK: %[[KEEP:.+]] = arith.cmpf oge, %{{.+}}, %cst
// CHECK: %[[SCALED:.+]] = arith.mulf %{{.+}}, %cst_{{.+}}
// CHECK: arith.select %[[KEEP]], %[[SCALED]]
func.func @dropout_train(%x: tensor<?x3xf32>, %seed: tensor<i64>) -> tensor<?x3xf32> {
  %0 = cnn.dropout_train %x, %seed rate 5.000000e-01 stream 3 : tensor<?x3xf32>, tensor<i64>
  return %0 : tensor<?x3xf32>
}
