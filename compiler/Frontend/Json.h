// Reading JSON files without exceptions, and folding the spelling differences of Keras versions away.
#ifndef CNNC_FRONTEND_JSON_H
#define CNNC_FRONTEND_JSON_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <nlohmann/json.hpp>

namespace cnnc {

/// Parses the JSON file at `path`; on failure reports at `loc` what is wrong
/// (missing file, or the parser's message with the byte offset).
mlir::FailureOr<nlohmann::json> readJsonFile(const std::string &path,
                                             mlir::Location loc);

/// Rewrites Keras 3 and SavedModel spellings into Keras 2 ones, in place:
/// `{"class_name": "__tuple__", "items": [...]}` becomes the list, and a
/// DTypePolicy object becomes its name ("float32").
void normaliseKerasJson(nlohmann::json &value);

/// A short rendering of `value` for messages (cut after 60 characters).
std::string briefJson(const nlohmann::json &value);

} // namespace cnnc

#endif
