// The check that lists every layer of a model that cnnc does not compile, each with what it compiles nearby.
#include "Frontend/UnsupportedLayers.h"
#include "Frontend/LayerBuilder.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

namespace cnnc {

namespace {

/// Keras layers cnnc does not compile, and what it compiles instead.
struct Nearby {
  llvm::StringLiteral unsupported, hint;
};

constexpr Nearby kNearby[] = {
    {"DepthwiseConv2D", "Conv2D (groups = 1) is"},
    {"SeparableConv2D", "Conv2D is"},
    {"Conv1D", "Conv2D is (on a 1 x W input)"},
    {"Conv3D", "Conv2D is"},
    {"Conv2DTranspose", "Conv2D is"},
    {"MaxPooling1D", "MaxPooling2D is"},
    {"MaxPooling3D", "MaxPooling2D is"},
    {"AveragePooling1D", "AveragePooling2D is"},
    {"AveragePooling3D", "AveragePooling2D is"},
    {"GlobalMaxPooling1D", "GlobalMaxPooling2D is"},
    {"GlobalAveragePooling1D", "GlobalAveragePooling2D is"},
    {"UpSampling2D", "no upsampling layer is"},
    {"LayerNormalization", "BatchNormalization is"},
    {"GroupNormalization", "BatchNormalization is"},
    {"LSTM", "no recurrent layer is: cnnc compiles convolutional networks"},
    {"GRU", "no recurrent layer is: cnnc compiles convolutional networks"},
    {"SimpleRNN", "no recurrent layer is: cnnc compiles convolutional networks"},
    {"Bidirectional", "no recurrent layer is: cnnc compiles convolutional networks"},
    {"Embedding", "Dense is"},
    {"Lambda", "no Python code is: replace it with the layers it computes"},
    {"PReLU", "LeakyReLU and ELU are"},
    {"SpatialDropout2D", "Dropout is"},
    {"GaussianDropout", "Dropout is"},
    {"AlphaDropout", "Dropout is"},
    {"Permute", "Reshape and Flatten are"},
};

/// What cnnc compiles near `className`: a related class from the table, or a
/// known class spelt within two edits (case aside); empty if neither.
std::string nearbyOf(llvm::StringRef className) {
  for (const Nearby &entry : kNearby)
    if (entry.unsupported == className)
      return entry.hint.str();
  std::string best;
  unsigned bestDistance = 3;
  std::string knownClasses = knownLayerClasses(); // outlives the split's pieces
  for (llvm::StringRef known : llvm::split(knownClasses, ", ")) {
    unsigned distance = className.lower() == known.lower()
                            ? 0
                            : llvm::StringRef(className.lower()).edit_distance(known.lower());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = known.str();
    }
  }
  return best.empty() ? "" : best + " is (the class names are case-sensitive)";
}

} // namespace

mlir::LogicalResult
checkLayerClasses(const ModelSpec &spec, mlir::Location fileLoc,
                  const std::function<mlir::Location(const LayerSpec &)> &locationOf) {
  bool unsupported = false;
  for (const LayerSpec &layer : spec.layers) {
    if (lookupLayerBuilder(layer.className))
      continue;
    mlir::InFlightDiagnostic error =
        mlir::emitError(locationOf(layer)) << layer.className << ": not supported";
    if (std::string nearby = nearbyOf(layer.className); !nearby.empty())
      error << "; " << nearby;
    unsupported = true;
  }
  if (!unsupported)
    return mlir::success();
  mlir::emitRemark(fileLoc) << "cnnc compiles " << knownLayerClasses();
  return mlir::failure();
}

} // namespace cnnc
