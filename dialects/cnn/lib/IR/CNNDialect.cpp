// Registration of the cnn dialect, its ops and enums.
#include "cnn/IR/CNNDialect.h"
#include "cnn/IR/CNNOps.h"

#include "cnn/IR/CNNOpsDialect.cpp.inc"
#include "cnn/IR/CNNEnums.cpp.inc"

void cnn::CNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "cnn/IR/CNNOps.cpp.inc"
      >();
}
