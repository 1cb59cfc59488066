// The check that lists every layer of a model that cnnc does not compile, each with what it compiles nearby.
#ifndef CNNC_FRONTEND_UNSUPPORTEDLAYERS_H
#define CNNC_FRONTEND_UNSUPPORTEDLAYERS_H

#include "Frontend/ModelSpec.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <functional>

namespace cnnc {

/// Reports each layer of `spec` whose class cnnc does not compile, one error
/// per layer at `locationOf(layer)`, saying what cnnc compiles nearby (a
/// related class, or the closest spelling), then, at `fileLoc`, the classes
/// it compiles.
/// Fails when there is one, before any layer is built: a user sees every
/// layer to replace at once, not one per run.
mlir::LogicalResult
checkLayerClasses(const ModelSpec &spec, mlir::Location fileLoc,
                  const std::function<mlir::Location(const LayerSpec &)> &locationOf);

} // namespace cnnc

#endif
