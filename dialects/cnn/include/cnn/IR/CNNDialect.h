// The cnn dialect class and its enums.
#ifndef CNN_IR_CNNDIALECT_H
#define CNN_IR_CNNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "cnn/IR/CNNOpsDialect.h.inc"
#include "cnn/IR/CNNEnums.h.inc"

#endif
