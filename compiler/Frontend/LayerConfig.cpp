// Typed, checked access to one layer's config; every error names the layer and the field.
#include "Frontend/LayerConfig.h"
#include "Frontend/Json.h"

#include "llvm/ADT/STLExtras.h"

#include <cfloat>
#include <cmath>

using json = nlohmann::json;
using namespace mlir;

namespace cnnc {

InFlightDiagnostic LayerConfig::error(llvm::StringRef key) const {
  InFlightDiagnostic diag = emitError(loc);
  diag << "config." << key << ": ";
  return diag;
}

const json *LayerConfig::find(llvm::StringRef key) const {
  auto it = layer.config.find(key.str());
  if (it == layer.config.end() || it->is_null())
    return nullptr;
  return &*it;
}

static bool isPositiveInt(const json &v) {
  std::optional<int64_t> i = jsonInt64(v);
  return i && *i >= 1;
}

FailureOr<int64_t> LayerConfig::positiveInt(llvm::StringRef key) const {
  const json *v = find(key);
  if (!v)
    return error(key) << "missing; expected a positive integer";
  if (!isPositiveInt(*v))
    return error(key) << "expected a positive integer, got " << briefJson(*v);
  return v->get<int64_t>();
}

FailureOr<int64_t> LayerConfig::integer(llvm::StringRef key,
                                        std::optional<int64_t> fallback) const {
  const json *v = find(key);
  if (!v) {
    if (fallback)
      return *fallback;
    return error(key) << "missing; expected an integer";
  }
  std::optional<int64_t> i = jsonInt64(*v);
  if (!i)
    return error(key) << "expected an integer of at most 64 bits, got " << briefJson(*v);
  return *i;
}

FailureOr<IntPair> LayerConfig::pair(llvm::StringRef key,
                                     std::optional<IntPair> fallback) const {
  const json *v = find(key);
  if (!v) {
    if (fallback)
      return *fallback;
    return error(key) << "missing; expected an integer or a list of two";
  }
  if (isPositiveInt(*v))
    return IntPair{v->get<int64_t>(), v->get<int64_t>()};
  if (v->is_array() && v->size() == 2 && isPositiveInt((*v)[0]) &&
      isPositiveInt((*v)[1]))
    return IntPair{(*v)[0].get<int64_t>(), (*v)[1].get<int64_t>()};
  return error(key) << "expected a positive integer or a list of two, got "
                    << briefJson(*v);
}

FailureOr<std::string>
LayerConfig::string(llvm::StringRef key, std::optional<std::string> fallback,
                    llvm::ArrayRef<llvm::StringRef> allowed) const {
  const json *v = find(key);
  if (!v) {
    if (fallback)
      return *fallback;
    return error(key) << "missing; expected a string";
  }
  if (!v->is_string())
    return error(key) << "expected a string, got " << briefJson(*v);
  std::string s = *v;
  if (!allowed.empty() && !llvm::is_contained(allowed, s)) {
    InFlightDiagnostic diag = error(key);
    diag << "unsupported value '" << s << "'; expected one of ";
    llvm::interleave(
        allowed, [&](llvm::StringRef a) { diag << "'" << a << "'"; },
        [&] { diag << ", "; });
    return diag;
  }
  return s;
}

FailureOr<bool> LayerConfig::boolean(llvm::StringRef key, bool fallback) const {
  const json *v = find(key);
  if (!v)
    return fallback;
  if (!v->is_boolean())
    return error(key) << "expected true or false, got " << briefJson(*v);
  return v->get<bool>();
}

/// Checks `v` against `range` in double, then as the float32 the compiled
/// model keeps; errors go to config.<field>. Numbers print as the file has
/// them (the shortest text for the same double), not as narrowed.
static FailureOr<double> checkNumber(const LayerConfig &c, llvm::StringRef field,
                                     const json &v, NumberRange range) {
  if (!v.is_number())
    return c.error(field) << "expected a number, got " << briefJson(v);
  double value = v.get<double>();
  if (!std::isfinite(value) || std::fabs(value) > FLT_MAX)
    return c.error(field) << "expected " << range.expected
                          << " that float32 can hold, got " << briefJson(v);
  if (!range.contains(value))
    return c.error(field) << "expected " << range.expected << ", got " << briefJson(v);
  double narrowed = static_cast<float>(value);
  if (!range.contains(narrowed))
    return c.error(field) << "expected " << range.expected << ", got " << briefJson(v)
                          << ", which float32 rounds to " << briefJson(narrowed);
  return value;
}

FailureOr<double> LayerConfig::number(llvm::StringRef key, std::optional<double> fallback,
                                      NumberRange range) const {
  const json *v = find(key);
  if (!v) {
    if (fallback)
      return *fallback;
    return error(key) << "missing; expected a number";
  }
  return checkNumber(*this, key, *v, range);
}

FailureOr<std::optional<double>>
LayerConfig::optionalNumber(llvm::StringRef key, NumberRange range) const {
  if (!find(key))
    return std::optional<double>();
  auto value = number(key, std::nullopt, range);
  if (failed(value))
    return failure();
  return std::optional<double>(*value);
}

FailureOr<std::optional<double>>
LayerConfig::numberIn(const json &object, llvm::StringRef where, llvm::StringRef key,
                      NumberRange range) const {
  auto it = object.find(key.str());
  if (it == object.end() || it->is_null())
    return std::optional<double>();
  auto value = checkNumber(*this, (where + ": config." + key).str(), *it, range);
  if (failed(value))
    return failure();
  return std::optional<double>(*value);
}

LogicalResult LayerConfig::requireChannelsLast() const {
  auto format = string("data_format", "channels_last",
                       {"channels_last", "channels_first"});
  if (failed(format))
    return failure();
  if (*format != "channels_last")
    return error("data_format")
           << "'" << *format
           << "' is not supported: cnnc compiles channels_last (NHWC) models";
  return success();
}

FailureOr<std::pair<std::string, const json *>>
LayerConfig::classAndConfig(llvm::StringRef key, llvm::StringRef what) const {
  const json *v = find(key);
  if (v && v->is_string())
    return std::make_pair(v->get<std::string>(), static_cast<const json *>(nullptr));
  if (v && v->is_object() && v->contains("class_name") && (*v)["class_name"].is_string()) {
    auto it = v->find("config");
    const json *config = it != v->end() && it->is_object() ? &*it : nullptr;
    return std::make_pair((*v)["class_name"].get<std::string>(), config);
  }
  return error(key) << "expected " << what << " name or {class_name, config}, got "
                    << (v ? briefJson(*v) : "null");
}

} // namespace cnnc
