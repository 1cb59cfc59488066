// A manifest group's shard files, read as one stream: only regular files inside the model's folder, never more than asked.
#ifndef CNNC_FRONTEND_WEIGHTSHARDS_H
#define CNNC_FRONTEND_WEIGHTSHARDS_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/FileSystem.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

/// One shard file named by a manifest, checked but not yet read.
struct ShardFile {
  std::string path;  // resolved: no `..`, no symbolic links
  std::string where; // its manifest entry, "$.weightsManifest[0].paths[1]"
  int64_t size = 0;
  llvm::sys::fs::UniqueID id; // the file that was checked
};

/// Checks each shard path of the JSON list at `where` (a group's `paths`):
/// a relative path that, once `..` and symbolic links are resolved, names a
/// regular file inside `modelDir` (not a device, FIFO or folder). Reads
/// nothing.
mlir::FailureOr<std::vector<ShardFile>>
checkShardFiles(const nlohmann::json &paths, const std::string &modelDir,
                const std::string &where, mlir::Location fileLoc);

/// Reads a group's shards in order as one stream of bytes, opening each file
/// only when the stream reaches it and reading no more than it is asked for.
class ShardReader {
public:
  ShardReader(llvm::ArrayRef<ShardFile> shards, mlir::Location fileLoc)
      : shards(shards), fileLoc(fileLoc) {}
  ShardReader(const ShardReader &) = delete;
  ShardReader &operator=(const ShardReader &) = delete;
  ~ShardReader() { closeCurrent(); }

  /// Fills `out` with the stream's next bytes; fails (with a message) when a
  /// file cannot be read or holds fewer bytes than it did when checked.
  mlir::LogicalResult read(llvm::MutableArrayRef<char> out);

private:
  mlir::LogicalResult openCurrent();
  void closeCurrent();

  llvm::ArrayRef<ShardFile> shards;
  mlir::Location fileLoc;
  size_t current = 0;         // the shard being read
  int64_t readFromCurrent = 0; // bytes of it read so far
  std::optional<llvm::sys::fs::file_t> file;
};

} // namespace cnnc

#endif
