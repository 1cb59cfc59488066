// The op interface of gradient rules (see GradientOpInterface.td).
#ifndef CNN_INTERFACES_GRADIENTOPINTERFACE_H
#define CNN_INTERFACES_GRADIENTOPINTERFACE_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "cnn/Interfaces/GradientOpInterface.h.inc"

#endif
