// The model's input and output against the runtime's rank limit and cnn's size limit.
#include "Frontend/InterfaceCheck.h"

#include "cnn/IR/ShapeInference.h"
#include "cnnrt/model.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;

namespace cnnc {

LogicalResult checkInterfaceType(Location loc, RankedTensorType type, StringRef role) {
  if (type.getRank() > CNNRT_MAX_RANK)
    return emitError(loc) << "expected the model's " << role << " of rank at most "
                          << CNNRT_MAX_RANK << " (the batch and "
                          << CNNRT_MAX_RANK - 1
                          << " dimensions: the runtime's CNNRT_MAX_RANK), got "
                          << type;
  return cnn::checkTensorSize(loc, type, "the model's " + role.str());
}

} // namespace cnnc
