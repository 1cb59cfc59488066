// RUN: cnn-opt %s -convert-cnn-to-linalg -split-input-file | FileCheck %s

// Elementwise kinds: dy * f'(x) in one linalg.map over (x, dy).
// CHECK-LABEL: func @relu
// CHECK-SAME: (%[[X:.+]]: tensor<?x4xf32>, %[[DY:.+]]: tensor<?x4xf32>)
// CHECK: linalg.map ins(%[[X]], %[[DY]] : tensor<?x4xf32>, tensor<?x4xf32>)
// CHECK-NEXT: (%[[IN:.+]]: f32, %[[G:.+]]: f32) {
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[POS:.+]] = arith.cmpf ogt, %[[IN]], %[[ZERO]]
// CHECK: %[[SLOPE:.+]] = arith.select %[[POS]]
// CHECK: arith.mulf %[[G]], %[[SLOPE]]
func.func @relu(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation_grad relu %x, %dy : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Keras' relu with parameters: alpha at or below the threshold (where the
// forward takes its negative piece), 1 between 0 and max_value, else 0.
// CHECK-LABEL: func @relu_parametrised
// CHECK: %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[ABOVEZERO:.+]] = arith.cmpf ogt, %[[IN:[a-z0-9_]+]], %[[ZERO]]
// CHECK: %[[MAX:.+]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[BELOWMAX:.+]] = arith.cmpf olt, %[[IN]], %[[MAX]]
// CHECK: %[[MIDDLE:.+]] = arith.andi %[[ABOVEZERO]], %[[BELOWMAX]]
// CHECK: %[[INSIDE:.+]] = arith.select %[[MIDDLE]]
// CHECK: %[[THRESHOLD:.+]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[ABOVE:.+]] = arith.cmpf ogt, %[[IN]], %[[THRESHOLD]]
// CHECK: %[[ALPHA:.+]] = arith.constant 1.000000e-01 : f32
// CHECK: arith.select %[[ABOVE]], %[[INSIDE]], %[[ALPHA]]
func.func @relu_parametrised(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation_grad relu %x, %dy {alpha = 0.1 : f32, max_value = 6.0 : f32, threshold = 0.5 : f32} : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// sigmoid: s * (1 - s).
// CHECK-LABEL: func @sigmoid
// CHECK: math.exp
// CHECK: %[[S:.+]] = arith.divf
// CHECK: %[[ONEMINUS:.+]] = arith.subf %{{.+}}, %[[S]]
// CHECK: %[[SLOPE:.+]] = arith.mulf %[[S]], %[[ONEMINUS]]
// CHECK: arith.mulf %{{.+}}, %[[SLOPE]]
func.func @sigmoid(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation_grad sigmoid %x, %dy : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// hard_sigmoid: 0.2 where the forward's clip does not bite.
// CHECK-LABEL: func @hard_sigmoid
// CHECK: %[[V:.+]] = arith.addf
// CHECK: %[[ABOVE:.+]] = arith.cmpf ogt, %[[V]]
// CHECK: %[[BELOW:.+]] = arith.cmpf olt, %[[V]]
// CHECK: %[[INSIDE:.+]] = arith.andi %[[ABOVE]], %[[BELOW]]
// CHECK: %[[SLOPE:.+]] = arith.constant 2.000000e-01 : f32
// CHECK: arith.select %[[INSIDE]], %[[SLOPE]]
func.func @hard_sigmoid(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation_grad hard_sigmoid %x, %dy : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// gelu: Phi(x) + x * phi(x).
// CHECK-LABEL: func @gelu
// CHECK: math.erf
// CHECK: math.exp
func.func @gelu(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation_grad gelu %x, %dy : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// linear: the gradient passes through; nothing is computed.
// CHECK-LABEL: func @linear
// CHECK-SAME: (%{{.+}}: tensor<?x4xf32>, %[[DY:.+]]: tensor<?x4xf32>)
// CHECK-NEXT: return %[[DY]]
func.func @linear(%x: tensor<?x4xf32>, %dy: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = cnn.activation_grad linear %x, %dy : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// softmax: y = softmax(x) (the forward lowering), s = sum(dy * y) per row,
// dx = y * (dy - s).
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[ROW:.+]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func @softmax
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x5xf32>, %[[DY:.+]]: tensor<?x3x5xf32>)
// CHECK: linalg.reduce ins(%[[X]]
// CHECK: %[[EXPS:.+]] = linalg.generic
// CHECK: %[[SUMS:.+]] = linalg.reduce ins(%[[EXPS]]
// CHECK: %[[Y:.+]] = linalg.generic {{.+}} ins(%[[EXPS]], %[[SUMS]]
// CHECK: %[[S:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[DY]], %[[Y]] : tensor<?x3x5xf32>, tensor<?x3x5xf32>) outs(%{{.+}} : tensor<?x3xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[ROW]], #[[ID]]], {{.+}} ins(%[[DY]], %[[Y]], %[[S]] : tensor<?x3x5xf32>, tensor<?x3x5xf32>, tensor<?x3xf32>)
// CHECK-NEXT: ^bb0(%[[G:.+]]: f32, %[[P:.+]]: f32, %[[SUM:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[CENTRED:.+]] = arith.subf %[[G]], %[[SUM]]
// CHECK-NEXT: arith.mulf %[[P]], %[[CENTRED]]
func.func @softmax(%x: tensor<?x3x5xf32>, %dy: tensor<?x3x5xf32>) -> tensor<?x3x5xf32> {
  %0 = cnn.activation_grad softmax %x, %dy : tensor<?x3x5xf32>
  return %0 : tensor<?x3x5xf32>
}

// -----

// log_softmax: dx = dy - softmax(x) * sum(dy).
// CHECK-LABEL: func @log_softmax
// CHECK-SAME: (%[[X:.+]]: tensor<?x5xf32>, %[[DY:.+]]: tensor<?x5xf32>)
// CHECK: %[[EXPS:.+]] = linalg.generic
// CHECK: %[[SUMS:.+]] = linalg.reduce ins(%[[EXPS]]
// CHECK: %[[Y:.+]] = linalg.generic {{.+}} ins(%[[EXPS]], %[[SUMS]]
// CHECK: %[[S:.+]] = linalg.generic {{.+}} ins(%[[DY]] : tensor<?x5xf32>) outs(%{{.+}} : tensor<?xf32>)
// CHECK: linalg.generic {{.+}} ins(%[[DY]], %[[Y]], %[[S]] : tensor<?x5xf32>, tensor<?x5xf32>, tensor<?xf32>)
// CHECK-NEXT: ^bb0(%[[G:.+]]: f32, %[[P:.+]]: f32, %[[SUM:.+]]: f32, %{{.+}}: f32):
// CHECK-NEXT: %[[SHARE:.+]] = arith.mulf %[[P]], %[[SUM]]
// CHECK-NEXT: arith.subf %[[G]], %[[SHARE]]
func.func @log_softmax(%x: tensor<?x5xf32>, %dy: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %0 = cnn.activation_grad log_softmax %x, %dy : tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}
