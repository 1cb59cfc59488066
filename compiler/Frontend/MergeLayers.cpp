// Builders of the merge layers of graph models: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate.
#include "Frontend/LayerBuilder.h"

using namespace mlir;

namespace cnnc {

static LayerBuildFn merge(cnn::MergeKind kind) {
  return [kind](LayerBuilder &b, ArrayRef<Value> inputs) -> FailureOr<Value> {
    return b.create<cnn::MergeOp>(kind, ValueRange(inputs));
  };
}

static FailureOr<Value> buildConcatenate(LayerBuilder &b, ArrayRef<Value> inputs) {
  auto axis = b.config.integer("axis", -1);
  if (failed(axis))
    return failure();
  if (inputs.empty())
    return emitError(b.loc) << "expected at least one input";
  int64_t rank = b.typeOf(inputs.front()).getRank();
  if (*axis < -rank || *axis >= rank)
    return b.config.error("axis") << "expected an axis in [" << -rank << ", "
                                  << rank << "), got " << *axis;
  int64_t resolved = *axis < 0 ? *axis + rank : *axis;
  if (resolved == 0)
    return b.config.error("axis") << "cannot concatenate along the batch axis";
  return b.create<cnn::ConcatOp>(ValueRange(inputs), resolved);
}

void addMergeLayers(LayerTable &table) {
  using K = cnn::MergeKind;
  table["Add"] = merge(K::add);
  table["Subtract"] = merge(K::subtract);
  table["Multiply"] = merge(K::multiply);
  table["Average"] = merge(K::average);
  table["Maximum"] = merge(K::maximum);
  table["Minimum"] = merge(K::minimum);
  table["Concatenate"] = buildConcatenate;
}

} // namespace cnnc
