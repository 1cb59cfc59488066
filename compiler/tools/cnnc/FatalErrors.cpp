// Turns LLVM's fatal errors, failed allocations and uncaught C++ exceptions into a cnnc error and exit status 1.
#include "FatalErrors.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Signals.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <cxxabi.h>
#include <exception>
#include <initializer_list>
#include <new>
#include <typeinfo>
#include <unistd.h>

namespace cnnc {

/// What cnnc is doing, for the message; set by FatalErrorContext.
static std::string context;

/// Writes with write(2): neither a raw_ostream (which may report a fatal
/// error itself) nor an allocation (memory may have run out).
static void writeStderr(const char *text) {
  size_t length = std::strlen(text);
  while (length > 0) {
    ssize_t written = ::write(2, text, length);
    if (written <= 0)
      return;
    text += written;
    length -= static_cast<size_t>(written);
  }
}

/// Prints `cnnc: error: <context>: <parts...>`, then exits.
[[noreturn]] static void reportAndExit(std::initializer_list<const char *> parts) {
  writeStderr("cnnc: error: ");
  if (!context.empty()) {
    writeStderr(context.c_str());
    writeStderr(": ");
  }
  for (const char *part : parts)
    writeStderr(part);
  writeStderr("\n");
  // Removes the temporary output files (registered by TempFile::create).
  llvm::sys::RunInterruptHandlers();
  std::_Exit(1);
}

static void onFatalError(void *, const char *reason, bool) {
  reportAndExit({reason});
}

static void onBadAlloc(void *, const char *reason, bool) {
  reportAndExit({"out of memory (", reason, ")"});
}

/// cnnc is built without exceptions, but the C++ library may still throw
/// (std::bad_alloc, std::length_error): only the exception's type can be named.
static void onTerminate() {
  const std::type_info *type = abi::__cxa_current_exception_type();
  if (!type)
    reportAndExit({"internal error: std::terminate called"});
  if (*type == typeid(std::bad_alloc))
    reportAndExit({"out of memory"});
  int status = 0;
  char *name = abi::__cxa_demangle(type->name(), nullptr, nullptr, &status);
  reportAndExit({"internal error: uncaught C++ exception ", name ? name : type->name()});
}

void installFatalErrorHandlers() {
  llvm::install_fatal_error_handler(onFatalError);
  llvm::install_bad_alloc_error_handler(onBadAlloc);
  // `new` failures go to the bad-alloc handler (InitLLVM installs this too).
  llvm::install_out_of_memory_new_handler();
  std::set_terminate(onTerminate);
  // Past a file size limit (ulimit -f), a write then fails with EFBIG and is
  // reported like a full disk, instead of SIGXFSZ killing cnnc.
  std::signal(SIGXFSZ, SIG_IGN);
}

FatalErrorContext::FatalErrorContext(std::string doing)
    : previous(std::move(context)) {
  context = std::move(doing);
}

FatalErrorContext::~FatalErrorContext() { context = std::move(previous); }

} // namespace cnnc
