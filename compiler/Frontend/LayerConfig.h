// Typed, checked access to one layer's config; every error names the layer and the field.
#ifndef CNNC_FRONTEND_LAYERCONFIG_H
#define CNNC_FRONTEND_LAYERCONFIG_H

#include "Frontend/Initializers.h"
#include "Frontend/ModelSpec.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <array>
#include <limits>
#include <optional>

namespace cnnc {

using IntPair = std::array<int64_t, 2>;

/// The values a config number may take. A number is checked on the double
/// the file gives, and again once narrowed to float32, which is how the
/// compiled model keeps it: 1e300 is refused rather than becoming +inf, and
/// so is a rate below 1 that float32 rounds to 1.
class NumberRange {
public:
  /// Any number float32 can hold.
  static NumberRange any() { return {-inf(), inf(), true, true, "a number"}; }
  /// [min, inf)
  static NumberRange atLeast(double min, const char *expected) {
    return {min, inf(), true, true, expected};
  }
  /// (min, inf)
  static NumberRange above(double min, const char *expected) {
    return {min, inf(), false, true, expected};
  }
  /// [min, max]
  static NumberRange closed(double min, double max, const char *expected) {
    return {min, max, true, true, expected};
  }
  /// [min, max)
  static NumberRange halfOpen(double min, double max, const char *expected) {
    return {min, max, true, false, expected};
  }

  bool contains(double v) const {
    return (minIncluded ? v >= min : v > min) && (maxIncluded ? v <= max : v < max);
  }
  /// What the range is, for messages: "a positive exponent".
  const char *expected;

private:
  NumberRange(double min, double max, bool minIncluded, bool maxIncluded,
              const char *expected)
      : expected(expected), min(min), max(max), minIncluded(minIncluded),
        maxIncluded(maxIncluded) {}
  static double inf() { return std::numeric_limits<double>::infinity(); }
  double min, max;
  bool minIncluded, maxIncluded;
};

/// Keras' L1, L2 and L1L2 regularizers of a weight or a layer's output: the
/// penalty l1 * sum(|x|) + l2 * sum(x^2) is added to the training loss.
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
  /// An integer that int64_t holds; `fallback` when absent or null.
  mlir::FailureOr<int64_t> integer(llvm::StringRef key,
                                   std::optional<int64_t> fallback) const;
  /// An integer or a list of two, each >= 1; `fallback` when absent or null.
  mlir::FailureOr<IntPair> pair(llvm::StringRef key,
                                std::optional<IntPair> fallback) const;
  /// A string, which must be one of `allowed` when that is not empty.
  mlir::FailureOr<std::string>
  string(llvm::StringRef key, std::optional<std::string> fallback,
         llvm::ArrayRef<llvm::StringRef> allowed = {}) const;
  mlir::FailureOr<bool> boolean(llvm::StringRef key, bool fallback) const;
  /// A number in `range` (see NumberRange); `fallback` when absent or null.
  mlir::FailureOr<double> number(llvm::StringRef key, std::optional<double> fallback,
                                 NumberRange range = NumberRange::any()) const;
  /// A number in `range`, or none when absent or null.
  mlir::FailureOr<std::optional<double>>
  optionalNumber(llvm::StringRef key, NumberRange range = NumberRange::any()) const;
  /// A number in `range` at `key` of `object`, the config of the Keras object
  /// at config.<where> (an initializer's mean); none when absent or null.
  mlir::FailureOr<std::optional<double>>
  numberIn(const nlohmann::json &object, llvm::StringRef where, llvm::StringRef key,
           NumberRange range) const;

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
  /// The penalty on the layer's output: its activity_regularizer, or an
  /// ActivityRegularization layer's l1 and l2; none when absent or null.
  mlir::FailureOr<std::optional<Regularizer>> activityRegularizer() const;

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
