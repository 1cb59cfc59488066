// Passes that turn linalg ops into fast loop nests: tiling, vectorisation, vector lowering.
#ifndef CNNC_KERNELS_PASSES_H
#define CNNC_KERNELS_PASSES_H

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace cnnc {

#define GEN_PASS_DECL
#include "Kernels/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Kernels/Passes.h.inc"

} // namespace cnnc

#endif
