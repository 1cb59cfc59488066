// Reading JSON files without exceptions, within bounds, and folding the spelling differences of Keras versions away.
#include "Frontend/Json.h"
#include "Frontend/Limits.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Support/FileSystem.h"

using json = nlohmann::json;

namespace cnnc {

namespace {
/// Builds the document as nlohmann's own DOM parser does (a stack of the
/// open containers, no recursion), and stops at what cnnc's readers must not
/// be given: nesting deeper than maxJsonDepth, and a key given twice in one
/// object (nlohmann would keep the last one silently).
class BoundedDocumentBuilder : public json::json_sax_t {
public:
  explicit BoundedDocumentBuilder(json &root) : root(root) {}

  /// The first problem found, with its JSON path; empty while there is none.
  std::string message;

  bool null() override { return addValue(nullptr); }
  bool boolean(bool v) override { return addValue(v); }
  bool number_integer(number_integer_t v) override { return addValue(v); }
  bool number_unsigned(number_unsigned_t v) override { return addValue(v); }
  bool number_float(number_float_t v, const string_t &) override { return addValue(v); }
  bool string(string_t &v) override { return addValue(std::move(v)); }
  bool binary(binary_t &v) override { return addValue(json::binary(std::move(v))); }
  bool start_object(std::size_t) override { return openContainer(json::object()); }
  bool start_array(std::size_t) override { return openContainer(json::array()); }
  bool end_object() override { return closeContainer(); }
  bool end_array() override { return closeContainer(); }

  bool key(string_t &name) override {
    auto [slot, inserted] = stack.back().value->get_ref<json::object_t &>().emplace(
        name, nullptr);
    if (!inserted) {
      message = pathOfOpen() + ": the key '" + name +
                "' appears twice in one object; expected each key once";
      return false;
    }
    stack.back().key = name;
    stack.back().slot = &slot->second;
    return true;
  }

  bool parse_error(std::size_t, const std::string &token,
                   const json::exception &ex) override {
    // A number too large for a double (nlohmann would make it infinite).
    if (ex.id == 406)
      message = pathOfOpen(/*next=*/true) + ": the number " + token +
                " is beyond the range of a double";
    else
      message = std::string("malformed JSON: ") + ex.what();
    return false;
  }

private:
  struct OpenContainer {
    json *value;
    std::string key;       // for an object: the key being read
    json *slot = nullptr;  // for an object: where that key's value goes
  };

  /// Places `value` where the document's next value goes; returns it there.
  json *place(json &&value) {
    if (stack.empty()) {
      root = std::move(value);
      return &root;
    }
    OpenContainer &parent = stack.back();
    if (parent.value->is_array()) {
      auto &items = parent.value->get_ref<json::array_t &>();
      items.push_back(std::move(value));
      return &items.back();
    }
    *parent.slot = std::move(value);
    return parent.slot;
  }

  bool addValue(json &&value) {
    place(std::move(value));
    return true;
  }

  bool openContainer(json &&container) {
    if (stack.size() >= maxJsonDepth) {
      std::string path = pathOfOpen(/*next=*/true);
      if (path.size() > 60)
        path = path.substr(0, 57) + "...";
      message = path + ": JSON nested deeper than " + std::to_string(maxJsonDepth) +
                " levels; cnnc reads model files nested at most " +
                std::to_string(maxJsonDepth) + " deep";
      return false;
    }
    stack.push_back({place(std::move(container))});
    return true;
  }

  bool closeContainer() {
    stack.pop_back();
    return true;
  }

  /// "$.config.layers[3]": the path of the innermost open container, and
  /// with `next` that of the value being read in it (the key just read, or
  /// the index of the element to come).
  std::string pathOfOpen(bool next = false) const {
    std::string path = "$";
    for (size_t i = 0; i < stack.size(); ++i) {
      const OpenContainer &level = stack[i];
      bool innermost = i + 1 == stack.size();
      if (innermost && !next)
        break;
      if (level.value->is_array())
        path += "[" + std::to_string(level.value->size() - (innermost ? 0 : 1)) + "]";
      else
        path += "." + level.key;
    }
    return path;
  }

  json &root;
  std::vector<OpenContainer> stack; // from the root in
};
} // namespace

/// The bytes of `path`, refusing files over maxModelJsonBytes before reading
/// them (and devices or pipes once that many bytes have come).
static mlir::FailureOr<std::string> readBoundedFile(const std::string &path,
                                                    mlir::Location loc) {
  auto cannotRead = [&](std::error_code ec) {
    return mlir::emitError(loc) << "cannot read '" << path << "': " << ec.message();
  };
  auto tooLarge = [&](std::string size) {
    return mlir::emitError(loc)
           << "'" << path << "' " << size << ": cnnc reads model files of at most "
           << (maxModelJsonBytes >> 20) << " MiB (" << maxModelJsonBytes
           << " bytes); weights belong in the weight shards of a weightsManifest";
  };
  llvm::Expected<llvm::sys::fs::file_t> file = llvm::sys::fs::openNativeFileForRead(path);
  if (!file)
    return cannotRead(llvm::errorToErrorCode(file.takeError()));
  auto closeFile = llvm::make_scope_exit([&] { llvm::sys::fs::closeFile(*file); });
  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(*file, status))
    return cannotRead(ec);
  if (status.type() == llvm::sys::fs::file_type::regular_file &&
      status.getSize() > maxModelJsonBytes)
    return tooLarge("is " + std::to_string(status.getSize()) + " bytes");
  std::string text;
  char chunk[1 << 16];
  for (;;) {
    llvm::Expected<size_t> read =
        llvm::sys::fs::readNativeFile(*file, llvm::MutableArrayRef<char>(chunk));
    if (!read)
      return cannotRead(llvm::errorToErrorCode(read.takeError()));
    if (*read == 0)
      return text;
    if (text.size() + *read > maxModelJsonBytes)
      return tooLarge("holds more than " + std::to_string(maxModelJsonBytes) + " bytes");
    text.append(chunk, *read);
  }
}

mlir::FailureOr<json> readJsonFile(const std::string &path, mlir::Location loc) {
  mlir::FailureOr<std::string> text = readBoundedFile(path, loc);
  if (failed(text))
    return mlir::failure();
  return parseJsonText(*text, loc, "");
}

mlir::FailureOr<json> parseJsonText(const std::string &text, mlir::Location loc,
                                    const std::string &what) {
  if (text.size() > maxModelJsonBytes)
    return mlir::emitError(loc) << what << (what.empty() ? "" : ": ") << "it is " << text.size()
                                << " bytes: cnnc reads model descriptions of at most "
                                << (maxModelJsonBytes >> 20) << " MiB";
  json value;
  BoundedDocumentBuilder builder(value);
  if (!json::sax_parse(text.begin(), text.end(), &builder))
    return mlir::emitError(loc) << what << (what.empty() ? "" : ": ") << builder.message;
  return value;
}

static bool isDTypePolicy(const json &value) {
  auto cls = value.find("class_name");
  auto config = value.find("config");
  return cls != value.end() && cls->is_string() &&
         (*cls == "DTypePolicy" || *cls == "Policy" ||
          *cls == "DTypePolicyV2") &&
         config != value.end() && config->is_object() && config->contains("name");
}

// Recursive: readJsonFile bounds the depth, and the rewrites only lessen it.
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
    json items = std::move(value["items"]);
    value = std::move(items);
    normaliseKerasJson(value);
    return;
  }
  if (isDTypePolicy(value)) {
    json name = std::move(value["config"]["name"]);
    value = std::move(name);
    return;
  }
  for (auto &item : value.items())
    normaliseKerasJson(item.value());
}

/// Appends `value`'s rendering to `out` until `out` holds more than `limit`
/// characters; containers stop early, so a large value costs no more than
/// its first `limit` characters.
static void renderBrief(const json &value, std::string &out, size_t limit) {
  if (value.is_array() || value.is_object()) {
    bool isArray = value.is_array();
    out += isArray ? '[' : '{';
    bool first = true;
    for (auto it = value.begin(); it != value.end() && out.size() <= limit; ++it) {
      out += first ? "" : ",";
      first = false;
      if (!isArray)
        out += json(it.key()).dump(-1, ' ', false, json::error_handler_t::replace) + ":";
      renderBrief(*it, out, limit);
    }
    out += isArray ? ']' : '}';
    return;
  }
  // Strings are valid UTF-8 (the parser checks); cut long ones before dumping.
  if (value.is_string() && value.get_ref<const std::string &>().size() > limit) {
    out += json(value.get_ref<const std::string &>().substr(0, limit))
               .dump(-1, ' ', false, json::error_handler_t::replace);
    return;
  }
  out += value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string briefJson(const json &value) {
  constexpr size_t limit = 60;
  std::string text;
  renderBrief(value, text, limit);
  if (text.size() > limit) {
    size_t cut = limit - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
      --cut; // not inside a UTF-8 sequence
    text = text.substr(0, cut) + "...";
  }
  return text;
}

std::optional<int64_t> jsonInt64(const json &value) {
  if (value.is_number_unsigned()) {
    uint64_t v = value.get<uint64_t>();
    if (v > static_cast<uint64_t>(INT64_MAX))
      return std::nullopt;
    return static_cast<int64_t>(v);
  }
  if (value.is_number_integer())
    return value.get<int64_t>();
  return std::nullopt;
}

} // namespace cnnc
