// Declarations and registration of the passes of cnnc's pipeline that are not about cnn ops.
#ifndef CNNC_PIPELINE_PASSES_H
#define CNNC_PIPELINE_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace cnnc {
#define GEN_PASS_DECL
#include "Pipeline/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "Pipeline/Passes.h.inc"
} // namespace cnnc

#endif
