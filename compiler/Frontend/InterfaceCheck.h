// What a model's input and output must be to become its C interface: a rank the runtime can describe, and sizes within cnn's limit.
#ifndef CNNC_FRONTEND_INTERFACECHECK_H
#define CNNC_FRONTEND_INTERFACECHECK_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"

namespace cnnc {

/// Fails at `loc` (the input or output layer) unless `type`, the model's
/// `role` ("input" or "output") with the batch first, has a rank the runtime
/// describes (at most CNNRT_MAX_RANK, the batch included) and at most
/// cnn::kMaxElements elements per sample. An object past either would compile
/// and then fail at create() or overflow its sizes.
mlir::LogicalResult checkInterfaceType(mlir::Location loc, mlir::RankedTensorType type,
                                       llvm::StringRef role);

} // namespace cnnc

#endif
