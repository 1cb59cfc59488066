// Typed, checked access to one layer's config; every error names the layer and the field.
#ifndef CNNC_FRONTEND_LAYERCONFIG_H
#define CNNC_FRONTEND_LAYERCONFIG_H

#include "Frontend/Initializers.h"
#include "Frontend/ModelSpec.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <array>
#include <optional>

namespace cnnc {

using IntPair = std::array<int64_t, 2>;

/// Keras' L1, L2 and L1L2 weight regularizers: the penalty
/// l1 * sum(|w|) + l2 * sum(w^2) is added to the training loss.
struct Regularizer {
  double l1 = 0.0, l2 = 0.0;
};

class LayerConfig {
public:
  LayerConfig(const LayerSpec &layer, mlir::Location loc)
      : layer(layer), loc(loc) {}

  /// An error at the layer, starting "config.<key>: ".
  mlir::InFlightDiagnostic error(llvm::StringRef key) const;

  /// A required integer >= 1.
  mlir::FailureOr<int64_t> positiveInt(llvm::StringRef key) const;
  /// An integer or a list of two, each >= 1; `fallback` when absent or null.
  mlir::FailureOr<IntPair> pair(llvm::StringRef key,
                                std::optional<IntPair> fallback) const;
  /// A string, which must be one of `allowed` when that is not empty.
  mlir::FailureOr<std::string>
  string(llvm::StringRef key, std::optional<std::string> fallback,
         llvm::ArrayRef<llvm::StringRef> allowed = {}) const;
  mlir::FailureOr<bool> boolean(llvm::StringRef key, bool fallback) const;
  mlir::FailureOr<double> number(llvm::StringRef key,
                                 std::optional<double> fallback) const;
  /// A number, or none when absent or null.
  mlir::FailureOr<std::optional<double>> optionalNumber(llvm::StringRef key) const;

  /// The Keras initializer at `key` (e.g. kernel_initializer), or `fallback`
  /// when absent or null.
  mlir::FailureOr<Initializer> initializer(llvm::StringRef key,
                                           const Initializer &fallback) const;

  /// A Keras object at `key` given as a name or {class_name, config}: its
  /// class name and its config (null when none); `what` names it in errors.
  mlir::FailureOr<std::pair<std::string, const nlohmann::json *>>
  classAndConfig(llvm::StringRef key, llvm::StringRef what) const;

  /// The Keras regularizer at `key` (e.g. kernel_regularizer), or none when
  /// absent or null.
  mlir::FailureOr<std::optional<Regularizer>> regularizer(llvm::StringRef key) const;

  /// Fails unless `data_format` is absent, null or "channels_last".
  mlir::LogicalResult requireChannelsLast() const;

  /// The value at `key`, or null when absent or JSON null, for fields of
  /// their own shape.
  const nlohmann::json *find(llvm::StringRef key) const;

  const LayerSpec &layer;
  mlir::Location loc;
};

} // namespace cnnc

#endif
