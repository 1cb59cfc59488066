// Turns LLVM's fatal errors, failed allocations and uncaught C++ exceptions into a cnnc error and exit status 1.
#ifndef CNNC_TOOLS_FATALERRORS_H
#define CNNC_TOOLS_FATALERRORS_H

#include <string>

namespace cnnc {

/// Installs, for the rest of the process, handlers that print
/// `cnnc: error: <what cnnc was doing>: <reason>`, remove the temporary
/// output files and exit with status 1, instead of "LLVM ERROR" and an abort
/// (a backend that cannot lower an operation, an I/O failure on a stream
/// nobody checked, an allocation that failed). Also ignores SIGXFSZ, so that
/// a file size limit is reported as a write error. Call after InitLLVM.
void installFatalErrorHandlers();

/// While alive, fatal errors are reported as happening while `doing` (e.g.
/// "m.json: generating code for 'riscv64-unknown-linux-gnu'").
class FatalErrorContext {
public:
  explicit FatalErrorContext(std::string doing);
  ~FatalErrorContext();
  FatalErrorContext(const FatalErrorContext &) = delete;
  FatalErrorContext &operator=(const FatalErrorContext &) = delete;

private:
  std::string previous;
};

} // namespace cnnc

#endif
