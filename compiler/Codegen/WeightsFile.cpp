// The weights file cnnc --weights=external writes beside an object: the runtime's save_weights layout.
#include "Codegen/WeightsFile.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/SwapByteOrder.h"

#include <cstring>
#include <numeric>

namespace cnnc {

llvm::Error writeWeightsFile(llvm::ArrayRef<char> params,
                             llvm::ArrayRef<WeightEntry> weights, llvm::raw_ostream &os) {
  for (const WeightEntry &weight : weights) {
    int64_t count = std::accumulate(weight.shape.begin(), weight.shape.end(), int64_t{1},
                                    std::multiplies<int64_t>());
    uint64_t begin = static_cast<uint64_t>(weight.offset) * sizeof(float);
    uint64_t size = static_cast<uint64_t>(count) * sizeof(float);
    if (weight.offset < 0 || begin + size > params.size())
      return llvm::createStringError("internal error: weight '" + weight.name +
                                     "' lies outside the parameters");
    llvm::ArrayRef<char> bytes = params.slice(begin, size);
    if (llvm::sys::IsLittleEndianHost) {
      os.write(bytes.data(), bytes.size());
      continue;
    }
    for (size_t at = 0; at < bytes.size(); at += sizeof(float)) {
      uint32_t word;
      std::memcpy(&word, bytes.data() + at, sizeof word);
      llvm::support::endian::write32le(&word, word);
      os.write(reinterpret_cast<const char *>(&word), sizeof word);
    }
  }
  return llvm::Error::success();
}

} // namespace cnnc
