// The C prefix of a model's exported symbols: checked, or made from a file name, so that models, the runtime and the C library never clash.
#ifndef CNNC_CODEGEN_MODELNAME_H
#define CNNC_CODEGEN_MODELNAME_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace cnnc {

/// `stem` (a file name's stem) made a C identifier: ASCII letters, digits and
/// '_' stay, other ASCII characters become '_' ("mnist-v2" -> "mnist_v2"),
/// each byte of a non-ASCII character becomes _xHH, so that names in other
/// scripts stay distinct ("é" -> "_xc3_xa9"), and "m" goes before a leading
/// '_' and "m_" before a leading digit or an empty result.
std::string toCIdentifier(llvm::StringRef stem);

/// Why `name` cannot prefix a model's C symbols (NAME_create, ...), or nothing
/// when it can. It must be a C identifier, not a C keyword, not reserved (a
/// leading '_'), not in the runtime's namespace (cnnrt, any case), and no
/// exported symbol may fall in a namespace of the C library (pthread_create,
/// sem_destroy, aio_error, ...), which the model's would replace.
std::optional<std::string> whyNotModelName(llvm::StringRef name);

/// The C prefix of a model: `requested` (--name) when given, as it is; else
/// the stem of `path` (the output file, or the input when printing to stdout)
/// made one by toCIdentifier. Either must pass whyNotModelName.
llvm::Expected<std::string> resolveModelName(llvm::StringRef requested,
                                             llvm::StringRef path);

} // namespace cnnc

#endif
