// Typed, checked access to one layer's config; every error names the layer and the field.
#include "Frontend/LayerConfig.h"
#include "Frontend/Json.h"

#include "llvm/ADT/STLExtras.h"

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
  return v.is_number_integer() && v.get<int64_t>() >= 1;
}

FailureOr<int64_t> LayerConfig::positiveInt(llvm::StringRef key) const {
  const json *v = find(key);
  if (!v)
    return error(key) << "missing; expected a positive integer";
  if (!isPositiveInt(*v))
    return error(key) << "expected a positive integer, got " << briefJson(*v);
  return v->get<int64_t>();
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

FailureOr<double> LayerConfig::number(llvm::StringRef key,
                                      std::optional<double> fallback) const {
  const json *v = find(key);
  if (!v) {
    if (fallback)
      return *fallback;
    return error(key) << "missing; expected a number";
  }
  if (!v->is_number())
    return error(key) << "expected a number, got " << briefJson(*v);
  return v->get<double>();
}

FailureOr<std::optional<double>>
LayerConfig::optionalNumber(llvm::StringRef key) const {
  if (!find(key))
    return std::optional<double>();
  auto value = number(key, std::nullopt);
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
