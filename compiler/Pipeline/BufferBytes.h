// The bytes of a buffer type per unit of its dynamic sizes, as the pipeline's memory passes count them.
#ifndef CNNC_PIPELINE_BUFFERBYTES_H
#define CNNC_PIPELINE_BUFFERBYTES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

#include <optional>

namespace cnnc {

/// The element's size times the static sizes of `type`: its bytes per unit
/// of the product of its dynamic sizes (all its bytes when it has none);
/// nothing if that overflows int64.
std::optional<int64_t> staticBytes(mlir::MemRefType type, const mlir::DataLayout &layout);

} // namespace cnnc

#endif
