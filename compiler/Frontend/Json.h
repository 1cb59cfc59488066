// Reading JSON files without exceptions, within bounds, and folding the spelling differences of Keras versions away.
#ifndef CNNC_FRONTEND_JSON_H
#define CNNC_FRONTEND_JSON_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace cnnc {

/// Parses the JSON file at `path`; on failure reports at `loc` what is wrong:
/// a missing file, one over maxModelJsonBytes, the parser's message with its
/// line and column, nesting deeper than maxJsonDepth, a key given twice in
/// one object, or a number beyond a double's range (each with its JSON path).
/// The file's text is freed before returning.
mlir::FailureOr<nlohmann::json> readJsonFile(const std::string &path,
                                             mlir::Location loc);

/// As readJsonFile, for JSON text read from elsewhere (an attribute of an
/// HDF5 file, a member of a zip archive); `what` names it in messages.
mlir::FailureOr<nlohmann::json> parseJsonText(const std::string &text, mlir::Location loc,
                                              const std::string &what);

/// Rewrites Keras 3 and SavedModel spellings into Keras 2 ones, in place:
/// `{"class_name": "__tuple__", "items": [...]}` becomes the list, and a
/// DTypePolicy object becomes its name ("float32").
void normaliseKerasJson(nlohmann::json &value);

/// A short rendering of `value` for messages (cut after 60 characters, and
/// without rendering more of a large value than that). Numbers print as the
/// shortest text that reads back as the same double ("0.99999999999").
std::string briefJson(const nlohmann::json &value);

/// The value of a JSON integer that fits int64_t, or none (for other types,
/// and for integers from 2^63 up, which nlohmann keeps unsigned).
std::optional<int64_t> jsonInt64(const nlohmann::json &value);

} // namespace cnnc

#endif
