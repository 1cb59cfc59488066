// The files cnnc writes: each to a temporary file beside it, renamed into place once all were written.
#ifndef CNNC_TOOLS_OUTPUTFILES_H
#define CNNC_TOOLS_OUTPUTFILES_H

#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cnnc {

enum class OutputKind {
  /// --emit=mlir/linalg/llvm/asm: a file, or "-" (standard output), a device
  /// or a pipe, which are written directly.
  Text,
  /// An object file: a regular file.
  Object,
  /// An object's C header: a regular file, and an existing one only if cnnc
  /// generated it (its first line says so), so that a hand-written header of
  /// the same name is never lost.
  Header,
};

/// The outputs of one compile. Nothing reaches a destination until commit()
/// succeeds: a failed compile, a write error (a full disk) or a fatal error
/// leaves no partial file, and an existing file is replaced in one rename.
class OutputFiles {
public:
  OutputFiles() = default;
  OutputFiles(const OutputFiles &) = delete;
  OutputFiles &operator=(const OutputFiles &) = delete;
  /// Removes the temporary files of outputs that were not committed.
  ~OutputFiles();

  /// A file the compile reads: no output may replace it. Compared by file
  /// identity, so a symlink or hard link to it, or another spelling of its
  /// path, is refused too.
  void protectInput(llvm::StringRef path);

  /// Whether `path` may receive an output of `kind`: not an input, not a
  /// directory, a regular file for objects and headers, and for a header,
  /// one that cnnc generated. Call it before compiling, to fail early.
  llvm::Error check(llvm::StringRef path, OutputKind kind) const;

  /// check(), then the stream that `path`'s content is written to.
  llvm::Expected<llvm::raw_pwrite_stream *> open(llvm::StringRef path,
                                                 OutputKind kind);

  /// What was written so far to the output `path` (an object: a regular
  /// file), mapped rather than read where it is large.
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> readBack(llvm::StringRef path);

  /// Flushes every output; if all were written, renames the temporary files
  /// to their destinations. On a write error, removes them all and returns
  /// "cannot write '<path>': <reason>".
  llvm::Error commit();

private:
  struct Output {
    std::string path;
    std::optional<llvm::sys::fs::TempFile> temporary; // none: written directly
    std::unique_ptr<llvm::raw_fd_ostream> file;        // none: standard output
  };

  void discardAll();

  std::vector<std::pair<llvm::sys::fs::UniqueID, std::string>> inputs;
  std::vector<Output> outputs;
};

/// Flushes standard output; an error writing it (a closed pipe, a full disk)
/// as "cannot write to standard output: <reason>", and cleared, so that LLVM
/// does not report it as a fatal error at exit.
llvm::Error flushStandardOutput();

} // namespace cnnc

#endif
