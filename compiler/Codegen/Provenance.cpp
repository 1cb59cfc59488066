// Where a compiled model comes from: cnnc's version and a hash of the files it was compiled from.
#include "Codegen/Provenance.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"

namespace cnnc {

llvm::StringRef cnncVersion() { return CNNC_VERSION; }

std::string provenanceOf(llvm::StringRef modelSha256) {
  return ("cnnc " + cnncVersion() + "; model sha256 " + modelSha256).str();
}

llvm::Expected<std::string> sha256OfFiles(llvm::StringRef modelFile,
                                          llvm::ArrayRef<std::string> weightFiles) {
  llvm::SHA256 hash;
  std::vector<std::string> files = {modelFile.str()};
  files.insert(files.end(), weightFiles.begin(), weightFiles.end());
  for (const std::string &file : files) {
    auto buffer = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return llvm::createStringError(buffer.getError(),
                                     "cannot read '" + file + "' to hash it: " +
                                         buffer.getError().message());
    hash.update(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  }
  std::array<uint8_t, 32> digest = hash.final();
  return llvm::toHex(digest, /*LowerCase=*/true);
}

} // namespace cnnc
