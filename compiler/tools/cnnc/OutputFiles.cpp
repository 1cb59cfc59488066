// The files cnnc writes: each to a temporary file beside it, renamed into place once all were written.
#include "OutputFiles.h"
#include "Codegen/HeaderWriter.h"

#include "llvm/ADT/Twine.h"

using namespace llvm;

namespace cnnc {

static Error cannotWrite(StringRef path, const Twine &reason) {
  return createStringError("cannot write '" + path + "': " + reason);
}

/// The first bytes of the regular file at `path` ("" if unreadable).
static std::string readStart(StringRef path) {
  Expected<sys::fs::file_t> file = sys::fs::openNativeFileForRead(path);
  if (!file) {
    consumeError(file.takeError());
    return "";
  }
  char buffer[512];
  Expected<size_t> read = sys::fs::readNativeFile(*file, buffer);
  sys::fs::closeFile(*file);
  if (!read) {
    consumeError(read.takeError());
    return "";
  }
  return std::string(buffer, *read);
}

OutputFiles::~OutputFiles() { discardAll(); }

void OutputFiles::protectInput(StringRef path) {
  sys::fs::UniqueID id;
  if (!sys::fs::getUniqueID(path, id))
    inputs.emplace_back(id, path.str());
}

Error OutputFiles::check(StringRef path, OutputKind kind) const {
  if (path == "-")
    return kind == OutputKind::Text
               ? Error::success()
               : createStringError("an object file and its header need -o FILE, not "
                                   "standard output");
  sys::fs::file_status status;
  if (sys::fs::status(path, status) || !sys::fs::exists(status))
    return Error::success(); // a new file; its folder is checked by open()
  for (const auto &[id, input] : inputs)
    if (status.getUniqueID() == id)
      return cannotWrite(path, "it is an input of this compile ('" + input +
                                   "'); choose another output file");
  if (sys::fs::is_directory(status))
    return cannotWrite(path, "it is a directory");
  bool regular = sys::fs::is_regular_file(status);
  if (kind != OutputKind::Text && !regular)
    return cannotWrite(path, "not a regular file; an object file and its "
                             "header are written as files (--emit=llvm or "
                             "--emit=asm write a stream)");
  if (kind == OutputKind::Header && !isGeneratedHeader(readStart(path)))
    return cannotWrite(path, "the file exists and cnnc did not generate it "
                             "(its first line does not say so); remove it or "
                             "choose another output file");
  return Error::success();
}

Expected<raw_pwrite_stream *> OutputFiles::open(StringRef path, OutputKind kind) {
  if (Error error = check(path, kind))
    return std::move(error);
  Output output;
  output.path = path.str();
  if (path == "-") {
    outputs.push_back(std::move(output));
    return &outs();
  }
  sys::fs::file_status status;
  bool regularOrNew = sys::fs::status(path, status) ||
                      !sys::fs::exists(status) ||
                      sys::fs::is_regular_file(status);
  std::error_code ec;
  if (!regularOrNew) {
    // A device or a pipe: a temporary file and a rename would replace it.
    output.file = std::make_unique<raw_fd_ostream>(path, ec, sys::fs::OF_None);
    if (ec)
      return cannotWrite(path, ec.message());
  } else {
    Expected<sys::fs::TempFile> temporary =
        sys::fs::TempFile::create(path + ".tmp-%%%%%%");
    if (!temporary)
      return cannotWrite(path, "cannot create a temporary file beside it: " +
                                   toString(temporary.takeError()));
    output.temporary.emplace(std::move(*temporary));
    output.file = std::make_unique<raw_fd_ostream>(output.temporary->FD,
                                                   /*shouldClose=*/false);
  }
  raw_pwrite_stream *stream = output.file.get();
  outputs.push_back(std::move(output));
  return stream;
}

Expected<std::unique_ptr<MemoryBuffer>> OutputFiles::readBack(StringRef path) {
  for (Output &output : outputs)
    if (output.path == path && output.temporary) {
      output.file->flush();
      if (output.file->has_error())
        return cannotWrite(path, output.file->error().message());
      auto buffer = MemoryBuffer::getOpenFile(
          sys::fs::convertFDToNativeFile(output.temporary->FD), path,
          output.file->tell(), /*RequiresNullTerminator=*/false);
      if (!buffer)
        return cannotWrite(path, "cannot read back what was written: " +
                                     buffer.getError().message());
      return std::move(*buffer);
    }
  return createStringError("internal error: no output file '" + path + "' to read back");
}

/// Flushes (and, when it owns its descriptor, closes) `output`'s stream and
/// returns the write error it met, cleared.
static std::error_code finishWriting(raw_fd_ostream &stream, bool owned) {
  if (owned)
    stream.close();
  else
    stream.flush();
  std::error_code error = stream.error();
  stream.clear_error();
  return error;
}

Error OutputFiles::commit() {
  std::optional<std::string> firstError;
  auto note = [&](Error error) {
    if (!firstError)
      firstError = toString(std::move(error));
    else
      consumeError(std::move(error));
  };
  for (Output &output : outputs) {
    if (!output.file) {
      if (Error error = flushStandardOutput())
        note(std::move(error));
      continue;
    }
    if (std::error_code error = finishWriting(*output.file, !output.temporary))
      note(cannotWrite(output.path, error.message()));
    output.file.reset();
  }
  if (firstError) {
    discardAll();
    return createStringError(*firstError);
  }
  for (Output &output : outputs)
    if (output.temporary) {
      if (Error kept = output.temporary->keep(output.path))
        note(cannotWrite(output.path, toString(std::move(kept))));
      output.temporary.reset();
    }
  outputs.clear();
  return firstError ? createStringError(*firstError) : Error::success();
}

void OutputFiles::discardAll() {
  for (Output &output : outputs) {
    if (output.file) {
      output.file->clear_error();
      output.file.reset();
    }
    if (output.temporary)
      consumeError(output.temporary->discard());
    output.temporary.reset();
  }
  outputs.clear();
}

Error flushStandardOutput() {
  raw_fd_ostream &out = outs();
  out.flush();
  std::error_code error = out.error();
  out.clear_error();
  if (error)
    return createStringError("cannot write to standard output: " + error.message());
  return Error::success();
}

} // namespace cnnc
