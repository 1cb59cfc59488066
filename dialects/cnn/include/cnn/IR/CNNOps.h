// The ops of the cnn dialect.
#ifndef CNN_IR_CNNOPS_H
#define CNN_IR_CNNOPS_H

#include "cnn/IR/BoundedShapes.h"
#include "cnn/IR/CNNDialect.h"
#include "cnn/Interfaces/GradientOpInterface.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "cnn/IR/CNNOps.h.inc"

#endif
