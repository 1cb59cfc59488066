// What the generated object and header expose for one model: its names and shapes.
#ifndef CNNC_CODEGEN_MODELINTERFACE_H
#define CNNC_CODEGEN_MODELINTERFACE_H

#include <cstdint>
#include <string>
#include <vector>

namespace cnnc {

struct ModelInterface {
  /// The C prefix of every exported symbol: NAME_create, NAME_predict, ...
  std::string name;
  /// The MLIR function with the forward pass (its C interface is
  /// `_mlir_ciface_<forwardFunc>`).
  std::string forwardFunc;
  /// Shapes with the batch dimension first, as -1.
  std::vector<int64_t> inputShape;
  std::vector<int64_t> outputShape;

  static int64_t sampleSize(const std::vector<int64_t> &shape) {
    int64_t size = 1;
    for (size_t i = 1; i < shape.size(); ++i)
      size *= shape[i];
    return size;
  }
};

/// `stem` made into a C identifier ("mnist-v2" -> "mnist_v2").
std::string toCIdentifier(const std::string &stem);

} // namespace cnnc

#endif
