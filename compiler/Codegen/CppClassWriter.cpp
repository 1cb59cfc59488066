// Writes the C++ face of a model's header: an owning class over the C functions, derived from the same list.
#include "Codegen/CppClassWriter.h"

#include "llvm/ADT/StringExtras.h"

namespace cnnc {

namespace {

/// What the class's text is written from: the model's C prefix, its macro
/// prefix, and whether its labels are int32 class indices.
struct Names {
  std::string n, N;
  bool sparseLabels = false;
};

std::string spellType(std::string type, const Names &names) {
  size_t at = type.find("$m");
  if (at != std::string::npos)
    type.replace(at, 2, names.n + "_model");
  return type;
}

bool takesInstance(const ExportedFunction &fn) {
  return !fn.params.empty() && llvm::StringRef(fn.params[0].first).contains("$m");
}

bool makesInstance(const ExportedFunction &fn) { return fn.returnType == "$m *"; }

/// The elements a pointer parameter of a batch call must have, as C text
/// (the batch's count multiplied in by the caller), or "" for one the views
/// leave a plain pointer (loss, accuracy: optional single floats).
std::string perSampleElements(const std::string &param, const Names &names) {
  if (param == "input")
    return names.N + "_INPUT_SIZE";
  if (param == "output")
    return names.N + "_OUTPUT_SIZE";
  if (param == "labels")
    return names.N + (names.sparseLabels ? "_LABELS_PER_SAMPLE" : "_OUTPUT_SIZE");
  return "";
}

/// The parameters of `fn` after the instance, as a declaration and as the
/// arguments of the C call.
std::pair<std::string, std::string> forwardedParams(const ExportedFunction &fn,
                                                    const Names &names,
                                                    size_t first) {
  std::string declared, passed;
  for (size_t i = first; i < fn.params.size(); ++i) {
    std::string type = spellType(fn.params[i].first, names);
    const std::string &name = fn.params[i].second;
    declared += (i > first ? ", " : "") + type +
                (llvm::StringRef(type).ends_with("*") ? "" : " ") + name;
    passed += (i > first ? ", " : "") + name;
  }
  return {declared, passed};
}

/// A method that calls `fn` on the instance: an int status is checked
/// (thrown, or returned, with error() saying why), other results passed on.
void writeForwardingMethod(const ExportedFunction &fn, const Names &names,
                           llvm::raw_ostream &os) {
  auto [declared, passed] = forwardedParams(fn, names, 1);
  bool constant = llvm::StringRef(fn.params[0].first).starts_with("const");
  std::string returnType = spellType(fn.returnType, names);
  std::string call = names.n + "_" + fn.suffix + "(m_" + (passed.empty() ? "" : ", ") +
                     passed + ")";
  os << "  " << returnType << (llvm::StringRef(returnType).ends_with("*") ? "" : " ")
     << fn.suffix << "(" << declared << ")" << (constant ? " const" : "") << " {\n";
  if (fn.returnType == "int" && !fn.returnsCount)
    os << "    wrapper_error_.clear();\n    return check(" << call << ");\n";
  else if (fn.returnType == "void")
    os << "    " << call << ";\n";
  else
    os << "    return " << call << ";\n";
  os << "  }\n";
}

/// For a batch call (one with `input` and `batch`): an overload over views,
/// the batch taken from the input's size and every view's size checked.
void writeViewOverload(const ExportedFunction &fn, const Names &names,
                       llvm::raw_ostream &os) {
  std::string declared, passed, checks;
  for (size_t i = 1; i < fn.params.size(); ++i) {
    const auto &[type, name] = fn.params[i];
    if (name == "batch") {
      passed += ", batch";
      continue;
    }
    std::string separator = declared.empty() ? "" : ", ";
    bool isView = !perSampleElements(name, names).empty() || name == "grads";
    if (!isView) {
      declared += separator + type + name;
      passed += ", " + name;
      continue;
    }
    std::string element = llvm::StringRef(type).drop_back(2).str(); // "const float"
    declared += separator + "cnnc::view<" + element + "> " + name;
    passed += ", " + name + ".data()";
    std::string expected =
        name == "grads" ? names.N + "_TRAINABLE_COUNT"
                        : "batch * " + perSampleElements(name, names);
    if (name != "input")
      checks += "    if (!check_size(\"" + name + "\", " + name + ".size(), " +
                expected + "))\n      return check(1);\n";
  }
  os << "  /* " << fn.suffix << " over views; the batch is input.size() / "
     << names.N << "_INPUT_SIZE. */\n"
     << "  int " << fn.suffix << "(" << declared << ") {\n"
     << "    wrapper_error_.clear();\n"
     << "    int64_t batch = 0;\n"
     << "    if (!batch_of(input.size(), batch))\n      return check(1);\n"
     << checks << "    return check(" << names.n << "_" << fn.suffix << "(m_"
     << passed << "));\n  }\n";
}

bool isBatchCall(const ExportedFunction &fn) {
  bool input = false, batch = false;
  for (const auto &param : fn.params) {
    input |= param.second == "input";
    batch |= param.second == "batch";
  }
  return input && batch;
}

/// A static method per function that makes an instance (create_in, ...):
/// the class over what it made, whose failure is reported as create's.
void writeFactory(const ExportedFunction &fn, const Names &names, llvm::raw_ostream &os) {
  auto [declared, passed] = forwardedParams(fn, names, 0);
  os << "  static " << names.n << " " << fn.suffix << "(" << declared << ") {\n"
     << "    return " << names.n << "(" << names.n << "_" << fn.suffix << "("
     << passed << "), made_by{});\n  }\n";
}

/// A static method per function that needs no instance (memory_bytes).
void writeStaticForwarder(const ExportedFunction &fn, const Names &names,
                          llvm::raw_ostream &os) {
  auto [declared, passed] = forwardedParams(fn, names, 0);
  std::string returnType = spellType(fn.returnType, names);
  os << "  static " << returnType << " " << fn.suffix << "(" << declared << ") {\n"
     << "    return " << names.n << "_" << fn.suffix << "(" << passed << ");\n  }\n";
}

/// What every cnnc header's C++ face shares, once per translation unit.
constexpr llvm::StringLiteral commonPart = R"(#ifndef CNNC_CPP_COMMON
#define CNNC_CPP_COMMON
namespace cnnc {
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define CNNC_CPP_EXCEPTIONS 1
/* What the classes throw: the message of the failed call. */
class error : public std::runtime_error {
public:
  explicit error(const std::string &message) : std::runtime_error(message) {}
};
#else
#define CNNC_CPP_EXCEPTIONS 0
#endif

/* size() contiguous elements at data(): from a pointer and a count, or from
   any container with data() and size() (std::vector, std::array, std::span). */
template <typename T> class view {
public:
  view(T *data, std::size_t size) noexcept : data_(data), size_(size) {}
  template <typename C, typename = decltype(static_cast<T *>(std::declval<C &>().data())),
            typename = decltype(std::size_t(std::declval<C &>().size()))>
  view(C &&container) noexcept : data_(container.data()), size_(container.size()) {}
  T *data() const noexcept { return data_; }
  std::size_t size() const noexcept { return size_; }

private:
  T *data_;
  std::size_t size_;
};
} // namespace cnnc
#endif
)";

} // namespace

void writeCppClass(const ModelInterface &model, llvm::raw_ostream &os) {
  Names names{model.name, llvm::StringRef(model.name).upper(),
              model.training &&
                  model.training->loss == cnn::LossKind::sparse_categorical_crossentropy};
  const std::string &n = names.n, &N = names.N;
  os << "/* C++: cnnc::" << n << " owns one instance (move-only; destroyed with it). Its\n"
     << "   methods are the functions above, each failure thrown as cnnc::error\n"
     << "   with the message of " << n << "_error; in code built without exceptions\n"
     << "   they return the C status instead, and ok() and error() say what\n"
     << "   happened. The batch calls also take views (cnnc::view: a pointer and a\n"
     << "   count, or a std::vector, std::array or std::span of floats): the batch\n"
     << "   is the input's size over " << N << "_INPUT_SIZE, and every size is checked. */\n"
     << "#include <cstddef>\n#include <cstdint>\n#include <stdexcept>\n"
     << "#include <string>\n#include <utility>\n\n"
     << commonPart << "\nnamespace cnnc {\nclass " << n << " {\npublic:\n"
     << "  /* " << n << "_create: an instance with the compiled weights. */\n"
     << "  " << n << "() : " << n << "(" << n << "_create(), made_by{}) {}\n"
     << "  /* Takes over an instance made by the C functions (may be NULL). */\n"
     << "  explicit " << n << "(" << n << "_model *adopted) noexcept : m_(adopted) {}\n"
     << "  " << n << "(" << n << " &&other) noexcept\n"
     << "      : m_(other.release()), create_failed_(std::move(other.create_failed_)),\n"
     << "        wrapper_error_(std::move(other.wrapper_error_)) {}\n"
     << "  " << n << " &operator=(" << n << " &&other) noexcept {\n"
     << "    if (this != &other) {\n"
     << "      " << n << "_destroy(m_);\n"
     << "      m_ = other.release();\n"
     << "      create_failed_ = std::move(other.create_failed_);\n"
     << "      wrapper_error_ = std::move(other.wrapper_error_);\n"
     << "    }\n    return *this;\n  }\n"
     << "  " << n << "(const " << n << " &) = delete;\n"
     << "  " << n << " &operator=(const " << n << " &) = delete;\n"
     << "  ~" << n << "() { " << n << "_destroy(m_); }\n\n"
     << "  bool ok() const noexcept { return m_ != nullptr; }\n"
     << "  explicit operator bool() const noexcept { return ok(); }\n"
     << "  " << n << "_model *get() const noexcept { return m_; }\n"
     << "  /* The instance, now the caller's to destroy. */\n"
     << "  " << n << "_model *release() noexcept {\n"
     << "    " << n << "_model *m = m_;\n    m_ = nullptr;\n    return m;\n  }\n"
     << "  /* Why the last call failed (\"\" if it did not). */\n"
     << "  const char *error() const noexcept {\n"
     << "    if (!wrapper_error_.empty())\n      return wrapper_error_.c_str();\n"
     << "    return m_ || create_failed_.empty() ? " << n << "_error(m_) : create_failed_.c_str();\n"
     << "  }\n\n";
  for (const ExportedFunction &fn : exportedFunctions(model)) {
    if (fn.suffix == "create" || fn.suffix == "destroy" || fn.suffix == "error" ||
        fn.suffix == "create_error")
      continue; // the constructor, the destructor and error() above
    if (makesInstance(fn))
      writeFactory(fn, names, os);
    else if (!takesInstance(fn))
      writeStaticForwarder(fn, names, os);
    else {
      writeForwardingMethod(fn, names, os);
      if (isBatchCall(fn))
        writeViewOverload(fn, names, os);
    }
  }
  os << "\nprivate:\n"
     << "  struct made_by {};\n"
     << "  /* Over what a create function made: NULL is a failure, which\n"
     << "     " << n << "_create_error() explains. */\n"
     << "  " << n << "(" << n << "_model *made, made_by) : m_(made) {\n"
     << "    if (m_)\n      return;\n"
     << "    create_failed_ = " << n << "_create_error();\n"
     << "#if CNNC_CPP_EXCEPTIONS\n"
     << "    throw cnnc::error(create_failed_);\n"
     << "#endif\n  }\n"
     << "  int check(int status) const {\n"
     << "#if CNNC_CPP_EXCEPTIONS\n"
     << "    if (status != 0)\n      throw cnnc::error(error());\n"
     << "#endif\n    return status;\n  }\n"
     << "  bool check_size(const char *what, std::size_t got, int64_t expected) const {\n"
     << "    if (got == std::size_t(expected))\n      return true;\n"
     << "    wrapper_error_ = std::string(\"" << n << ": \") + what + \" has \" +\n"
     << "                     std::to_string(got) + \" elements, expected \" +\n"
     << "                     std::to_string(expected);\n"
     << "    return false;\n  }\n"
     << "  bool batch_of(std::size_t input, int64_t &batch) const {\n"
     << "    batch = int64_t(input / " << N << "_INPUT_SIZE);\n"
     << "    if (input != 0 && input % " << N << "_INPUT_SIZE == 0)\n      return true;\n"
     << "    wrapper_error_ = \"" << n << ": input has \" + std::to_string(input) +\n"
     << "                     \" elements, not a positive multiple of " << N
     << "_INPUT_SIZE (\" +\n"
     << "                     std::to_string(" << N << "_INPUT_SIZE) + \")\";\n"
     << "    return false;\n  }\n\n"
     << "  " << n << "_model *m_;\n"
     << "  std::string create_failed_;\n"
     << "  mutable std::string wrapper_error_;\n};\n} // namespace cnnc\n";
}

} // namespace cnnc
