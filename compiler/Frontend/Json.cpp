// Reading JSON files without exceptions, and folding the spelling differences of Keras versions away.
#include "Frontend/Json.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MemoryBuffer.h"

using json = nlohmann::json;

namespace cnnc {

namespace {
/// Records the parser's first error instead of throwing it.
struct ErrorRecorder : json::json_sax_t {
  std::string message;
  bool parse_error(std::size_t, const std::string &,
                   const json::exception &ex) override {
    message = ex.what();
    return false;
  }
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t &) override { return true; }
  bool string(string_t &) override { return true; }
  bool binary(binary_t &) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t &) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
};
} // namespace

mlir::FailureOr<json> readJsonFile(const std::string &path, mlir::Location loc) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return mlir::emitError(loc) << "cannot read '" << path
                                << "': " << buffer.getError().message();
  llvm::StringRef text = (*buffer)->getBuffer();
  json value = json::parse(text.begin(), text.end(), nullptr,
                           /*allow_exceptions=*/false);
  if (!value.is_discarded())
    return value;
  ErrorRecorder recorder;
  json::sax_parse(text.begin(), text.end(), &recorder);
  return mlir::emitError(loc) << "malformed JSON: " << recorder.message;
}

static bool isDTypePolicy(const json &value) {
  auto cls = value.find("class_name");
  return cls != value.end() && cls->is_string() &&
         (*cls == "DTypePolicy" || *cls == "Policy" ||
          *cls == "DTypePolicyV2") &&
         value.contains("config") && value["config"].is_object() &&
         value["config"].contains("name");
}

void normaliseKerasJson(json &value) {
  if (value.is_array()) {
    for (json &item : value)
      normaliseKerasJson(item);
    return;
  }
  if (!value.is_object())
    return;
  auto cls = value.find("class_name");
  if (cls != value.end() && *cls == "__tuple__" && value.contains("items")) {
    json items = value["items"];
    value = std::move(items);
    normaliseKerasJson(value);
    return;
  }
  if (isDTypePolicy(value)) {
    json name = value["config"]["name"];
    value = std::move(name);
    return;
  }
  for (auto &item : value.items())
    normaliseKerasJson(item.value());
}

std::string briefJson(const json &value) {
  std::string text = value.dump();
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  return text;
}

} // namespace cnnc
