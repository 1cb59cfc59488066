// Sizes computed from untrusted numbers (shapes in a model file, a manifest's shapes, attributes in a
// .mlir input): every product and sum goes through these, so an overflow is an error and never a
// wrapped value.
#ifndef CNN_IR_CHECKEDSIZE_H
#define CNN_IR_CHECKEDSIZE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/MathExtras.h"

#include <cstdint>
#include <optional>

namespace cnn {

/// a * b, or nothing if it overflows int64_t.
inline std::optional<int64_t> checkedMul(int64_t a, int64_t b) {
  int64_t result;
  if (llvm::MulOverflow(a, b, result))
    return std::nullopt;
  return result;
}

/// a + b, or nothing if it overflows int64_t.
inline std::optional<int64_t> checkedAdd(int64_t a, int64_t b) {
  int64_t result;
  if (llvm::AddOverflow(a, b, result))
    return std::nullopt;
  return result;
}

/// The product of non-negative extents (an element count), or nothing if one is negative or the product
/// overflows int64_t.
inline std::optional<int64_t> checkedElementCount(llvm::ArrayRef<int64_t> extents) {
  int64_t count = 1;
  for (int64_t extent : extents) {
    if (extent < 0)
      return std::nullopt;
    std::optional<int64_t> next = checkedMul(count, extent);
    if (!next)
      return std::nullopt;
    count = *next;
  }
  return count;
}

} // namespace cnn

#endif // CNN_IR_CHECKEDSIZE_H
