// Where a compiled model comes from: cnnc's version and a hash of the files it was compiled from.
#ifndef CNNC_CODEGEN_PROVENANCE_H
#define CNNC_CODEGEN_PROVENANCE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace cnnc {

/// cnnc's own version (the CMake project's).
llvm::StringRef cnncVersion();

/// What an object says of itself (its NAME_provenance):
/// "cnnc VERSION; model sha256 HASH".
std::string provenanceOf(llvm::StringRef modelSha256);

/// The SHA-256, in lowercase hex, of the model file's bytes followed by each
/// weight file's bytes in the order given (a TF.js manifest's): the same as
/// `cat model.json shard1.bin ... | sha256sum`.
llvm::Expected<std::string> sha256OfFiles(llvm::StringRef modelFile,
                                          llvm::ArrayRef<std::string> weightFiles);

} // namespace cnnc

#endif
