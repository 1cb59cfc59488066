// The bytes of a buffer type per unit of its dynamic sizes, as the pipeline's memory passes count them.
#include "Pipeline/BufferBytes.h"
#include "cnn/IR/CheckedSize.h"

namespace cnnc {

std::optional<int64_t> staticBytes(mlir::MemRefType type, const mlir::DataLayout &layout) {
  llvm::SmallVector<int64_t> factors = {
      static_cast<int64_t>(layout.getTypeSize(type.getElementType()))};
  for (int64_t size : type.getShape())
    if (!mlir::ShapedType::isDynamic(size))
      factors.push_back(size);
  return cnn::checkedElementCount(factors);
}

} // namespace cnnc
