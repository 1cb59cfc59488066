// The members of a Keras 3 `.keras` archive (a zip) that cnnc reads, through libzip.
#ifndef CNNC_FRONTEND_KERASARCHIVE_H
#define CNNC_FRONTEND_KERASARCHIVE_H

#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace cnnc {

struct KerasArchive {
  std::string config;                 // config.json
  std::optional<std::vector<char>> weights; // model.weights.h5, when asked for
};

/// Reads `config.json` and, with `withWeights`, `model.weights.h5` from the
/// zip at `path`, refusing members larger than cnnc reads (the config over
/// maxModelJsonBytes, the weights over 8 bytes per parameter of
/// maxModelParameters, plus HDF5's overhead) before reading them.
llvm::Expected<KerasArchive> readKerasArchive(const std::string &path, bool withWeights);

} // namespace cnnc

#endif
