// Model names: a file name's stem made a C identifier, and the names refused because they would clash.
#include "Codegen/ModelName.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

namespace cnnc {

std::string toCIdentifier(llvm::StringRef stem) {
  std::string id;
  for (unsigned char c : stem) {
    if (llvm::isAlnum(c) || c == '_')
      id += static_cast<char>(c);
    else if (llvm::isASCII(static_cast<char>(c)))
      id += '_';
    else
      id += "_x" + llvm::utohexstr(c, /*LowerCase=*/true, /*Width=*/2);
  }
  if (!id.empty() && id[0] == '_')
    return "m" + id;
  if (id.empty() || llvm::isDigit(id[0]))
    return "m_" + id;
  return id;
}

/// C's keywords (C23's included), which no prefix should be.
static constexpr llvm::StringLiteral cKeywords[] = {
    "alignas",      "alignof",  "auto",          "bool",      "break",
    "case",         "char",     "const",         "constexpr", "continue",
    "default",      "do",       "double",        "else",      "enum",
    "extern",       "false",    "float",         "for",       "goto",
    "if",           "inline",   "int",           "long",      "nullptr",
    "register",     "restrict", "return",        "short",     "signed",
    "sizeof",       "static",   "static_assert", "struct",    "switch",
    "thread_local", "true",     "typedef",       "typeof",    "typeof_unqual",
    "union",        "unsigned", "void",          "volatile",  "while"};

/// C++'s keywords that C lacks (and its alternative operator names): the
/// header's C++ face is the class cnnc::NAME.
static constexpr llvm::StringLiteral cxxKeywords[] = {
    "and",        "and_eq",       "asm",         "bitand",      "bitor",
    "catch",      "char8_t",      "char16_t",    "char32_t",    "class",
    "co_await",   "co_return",    "co_yield",    "compl",       "concept",
    "consteval",  "constinit",    "const_cast",  "decltype",    "delete",
    "dynamic_cast", "explicit",   "export",      "friend",      "mutable",
    "namespace",  "new",          "noexcept",    "not",         "not_eq",
    "operator",   "or",           "or_eq",       "private",     "protected",
    "public",     "reinterpret_cast", "requires", "static_cast", "template",
    "this",       "throw",        "try",         "typeid",      "typename",
    "using",      "virtual",      "wchar_t",     "xor",         "xor_eq"};

/// What the header's C++ face already names in namespace cnnc.
static constexpr llvm::StringLiteral cxxFaceNames[] = {"error", "view"};

/// Namespaces that C (C11 threads, <stdatomic.h>) and POSIX reserve for the
/// library, matched against NAME_: pthread_create, sem_destroy, ... live there.
static constexpr llvm::StringLiteral libraryPrefixes[] = {
    "aio_",   "atomic_",  "cnd_", "lio_",  "mq_",    "mtx_",
    "posix_", "pthread_", "sem_", "thrd_", "timer_", "tss_"};

/// Other prefixes whose NAME_create, NAME_destroy or NAME_error glibc defines.
static constexpr llvm::StringLiteral libraryNames[] = {
    "argp",    "argz",      "authdes", "authdes_pk", "authnone", "authunix",
    "clnt",    "clntraw",   "clnttcp", "clntudp",    "clntunix", "epoll",
    "gai",     "memfd",     "svcfd",   "svcraw",     "svctcp",   "svcudp",
    "svcunix", "svcunixfd", "timerfd", "xdrmem",     "xdrrec",   "xdrstdio"};

static bool isCIdentifier(llvm::StringRef name) {
  return !name.empty() && !llvm::isDigit(name[0]) &&
         llvm::all_of(name,
                      [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

std::optional<std::string> whyNotModelName(llvm::StringRef name) {
  if (!isCIdentifier(name))
    return std::string(
        "expected a C identifier (ASCII letters, digits and '_', "
        "not starting with a digit)");
  if (name.starts_with("_"))
    return std::string("names beginning with '_' are reserved in C");
  if (llvm::is_contained(cKeywords, name))
    return "'" + name.str() + "' is a C keyword";
  if (llvm::is_contained(cxxKeywords, name))
    return "'" + name.str() + "' is a C++ keyword (the header's C++ face is "
           "the class cnnc::" + name.str() + ")";
  if (llvm::is_contained(cxxFaceNames, name))
    return "cnnc::" + name.str() + " is already a name of the header's C++ face";
  std::string withSeparator = (name + "_").str();
  if (llvm::StringRef(withSeparator).starts_with_insensitive("cnnrt_"))
    return std::string("names beginning with 'cnnrt' are the runtime's: the "
                       "model's symbols (" +
                       name.str() +
                       "_create, ...) would clash with libcnnrt's");
  for (llvm::StringRef prefix : libraryPrefixes)
    if (llvm::StringRef(withSeparator).starts_with(prefix))
      return "'" + prefix.str() + "' is a namespace of the C library: the " +
             "model's symbols (" + name.str() +
             "_create, ...) could replace its functions";
  if (llvm::is_contained(libraryNames, name))
    return "the C library defines functions named " + name.str() +
           "_create, _destroy or _error, which the model's would replace";
  return std::nullopt;
}

llvm::Expected<std::string> resolveModelName(llvm::StringRef requested, llvm::StringRef path) {
  if (!requested.empty()) {
    if (std::optional<std::string> why = whyNotModelName(requested))
      return llvm::createStringError("--name '" + requested + "': " + *why);
    return requested.str();
  }
  llvm::StringRef stem = llvm::sys::path::stem(path);
  std::string name = toCIdentifier(stem);
  if (std::optional<std::string> why = whyNotModelName(name))
    return llvm::createStringError("model name '" + name + "' (from the file name '" + stem +
                                   "'; --name sets another): " + *why);
  return name;
}

} // namespace cnnc
