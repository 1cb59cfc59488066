// The bounds cnnc puts on what a model file may ask of it, so that a hostile or careless file ends in an error, not a crash.
#ifndef CNNC_FRONTEND_LIMITS_H
#define CNNC_FRONTEND_LIMITS_H

#include <cstddef>
#include <cstdint>

namespace cnnc {

/// A model description is small (a ResNet-152's is under 1 MB); weights
/// belong in the weight shards. Parsed JSON takes up to about 28 times its
/// text's size in memory (a long list of empty lists), so this bounds the
/// reader's memory to under 500 MB.
constexpr size_t maxModelJsonBytes = size_t(16) << 20;

/// Keras files nest about 15 levels deep. Every walk over a JSON value
/// (normalisation, nlohmann's copy and dump, the readers) recurses once per
/// level, so the parser refuses deeper documents before any of them runs.
constexpr unsigned maxJsonDepth = 128;

/// The parameters of one model (1 GiB as float32; VGG-19 has 144 M). Weights
/// are held in memory several times over while compiling (initial values,
/// the IR's constants, the object file), so this is checked before anything
/// of a weight's size is allocated.
constexpr int64_t maxModelParameters = int64_t(1) << 28;

} // namespace cnnc

#endif
