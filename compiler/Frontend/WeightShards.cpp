// A manifest group's shard files, read as one stream: only regular files inside the model's folder, never more than asked.
#include "Frontend/WeightShards.h"
#include "Frontend/Json.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cstdint>

using json = nlohmann::json;
using namespace mlir;
namespace fs = llvm::sys::fs;

namespace cnnc {

/// Whether the resolved path `file` is `dir` or lies below it.
static bool isWithin(llvm::StringRef file, llvm::StringRef dir) {
  if (!file.starts_with(dir))
    return false;
  return file.size() == dir.size() || llvm::sys::path::is_separator(dir.back()) ||
         llvm::sys::path::is_separator(file[dir.size()]);
}

/// What a file that is not a regular one is, for messages.
static const char *describeFileType(fs::file_type type) {
  switch (type) {
  case fs::file_type::directory_file:
    return "a folder";
  case fs::file_type::character_file:
    return "a character device";
  case fs::file_type::block_file:
    return "a block device";
  case fs::file_type::fifo_file:
    return "a FIFO";
  case fs::file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

/// Checks one shard path (the JSON value at `where`) against the resolved
/// model folder `realDir`.
static FailureOr<ShardFile> checkShardFile(const json &entry, llvm::StringRef dir,
                                           llvm::StringRef realDir,
                                           const std::string &where,
                                           Location fileLoc) {
  if (!entry.is_string() || entry.get_ref<const std::string &>().empty() ||
      entry.get_ref<const std::string &>().find('\0') != std::string::npos)
    return emitError(fileLoc) << where << ": expected the file name of a weight shard, got "
                              << briefJson(entry);
  const std::string &name = entry.get_ref<const std::string &>();
  if (llvm::sys::path::has_root_path(name))
    return emitError(fileLoc) << where << ": weight shard '" << name
                              << "' is an absolute path: expected a path relative "
                                 "to the model's folder";
  llvm::SmallString<256> joined(dir);
  llvm::sys::path::append(joined, name);
  llvm::SmallString<256> resolved;
  if (std::error_code ec = fs::real_path(joined, resolved))
    return emitError(fileLoc) << where << ": cannot read weight shard '" << joined
                              << "': " << ec.message();
  if (!isWithin(resolved, realDir))
    return emitError(fileLoc) << where << ": weight shard '" << name << "' resolves to '"
                              << resolved << "', outside the model's folder '" << realDir
                              << "': expected a file inside it (after resolving '..' "
                                 "and symbolic links)";
  fs::file_status status;
  if (std::error_code ec = fs::status(resolved, status))
    return emitError(fileLoc) << where << ": cannot read weight shard '" << joined
                              << "': " << ec.message();
  if (status.type() != fs::file_type::regular_file)
    return emitError(fileLoc) << where << ": weight shard '" << name << "' is "
                              << describeFileType(status.type())
                              << ": expected a regular file of weights";
  if (status.getSize() > static_cast<uint64_t>(INT64_MAX))
    return emitError(fileLoc) << where << ": weight shard '" << name
                              << "' is too large to read";
  return ShardFile{resolved.str().str(), where, static_cast<int64_t>(status.getSize()),
                   status.getUniqueID()};
}

FailureOr<std::vector<ShardFile>> checkShardFiles(const json &paths,
                                                  const std::string &modelDir,
                                                  const std::string &where,
                                                  Location fileLoc) {
  if (!paths.is_array())
    return emitError(fileLoc) << where << ": expected a list of shard files, got "
                              << briefJson(paths);
  llvm::SmallString<256> realDir;
  if (std::error_code ec = fs::real_path(modelDir, realDir))
    return emitError(fileLoc) << "cannot resolve the model's folder '" << modelDir
                              << "': " << ec.message();
  std::vector<ShardFile> shards;
  for (size_t i = 0; i < paths.size(); ++i) {
    auto shard = checkShardFile(paths[i], modelDir, realDir,
                                where + "[" + std::to_string(i) + "]", fileLoc);
    if (failed(shard))
      return failure();
    shards.push_back(std::move(*shard));
  }
  return shards;
}

LogicalResult ShardReader::openCurrent() {
  const ShardFile &shard = shards[current];
  llvm::Expected<fs::file_t> opened = fs::openNativeFileForRead(shard.path);
  if (!opened)
    return emitError(fileLoc) << shard.where << ": cannot read weight shard '"
                              << shard.path << "': " << llvm::toString(opened.takeError());
  file = *opened;
  // The path was checked before; make sure the file opened is that one.
  fs::file_status status;
  if (fs::status(*file, status) || status.type() != fs::file_type::regular_file ||
      status.getUniqueID() != shard.id)
    return emitError(fileLoc) << shard.where << ": weight shard '" << shard.path
                              << "' changed while cnnc was reading the model";
  return success();
}

void ShardReader::closeCurrent() {
  if (file)
    fs::closeFile(*file);
  file.reset();
}

LogicalResult ShardReader::read(llvm::MutableArrayRef<char> out) {
  while (!out.empty()) {
    if (current == shards.size())
      return emitError(fileLoc) << "weight shards end before the manifest's weights do";
    const ShardFile &shard = shards[current];
    if (readFromCurrent == shard.size) {
      closeCurrent();
      ++current;
      readFromCurrent = 0;
      continue;
    }
    if (!file && failed(openCurrent()))
      return failure();
    size_t wanted = static_cast<size_t>(
        std::min<int64_t>(static_cast<int64_t>(out.size()), shard.size - readFromCurrent));
    llvm::Expected<size_t> got = fs::readNativeFile(*file, out.take_front(wanted));
    if (!got)
      return emitError(fileLoc) << shard.where << ": cannot read weight shard '"
                                << shard.path << "': " << llvm::toString(got.takeError());
    if (*got == 0)
      return emitError(fileLoc) << shard.where << ": weight shard '" << shard.path
                                << "' ended after " << readFromCurrent << " bytes, but held "
                                << shard.size << " when cnnc checked it";
    out = out.drop_front(*got);
    readFromCurrent += static_cast<int64_t>(*got);
  }
  return success();
}

} // namespace cnnc
