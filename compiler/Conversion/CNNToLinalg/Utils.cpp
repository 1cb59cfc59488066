// Small builders shared by the cnn-to-linalg patterns.
#include "Conversion/CNNToLinalg/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace cnnc {

Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type,
                  Value batchSource) {
  SmallVector<Value> dynamicSizes;
  if (type.getRank() > 0 && type.isDynamicDim(0))
    dynamicSizes.push_back(b.create<tensor::DimOp>(loc, batchSource, 0));
  return b.create<tensor::EmptyOp>(loc, type, dynamicSizes);
}

Value f32Constant(OpBuilder &b, Location loc, double value) {
  return b.create<arith::ConstantOp>(loc, b.getF32FloatAttr(value));
}

Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   Value batchSource, double value) {
  Value empty = createEmpty(b, loc, type, batchSource);
  return b.create<linalg::FillOp>(loc, f32Constant(b, loc, value), empty)
      .getResult(0);
}

Value padSpatial(OpBuilder &b, Location loc, Value input, cnn::Pad h,
                 cnn::Pad w, double value) {
  if (h.before == 0 && h.after == 0 && w.before == 0 && w.after == 0)
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += h.before + h.after;
  shape[2] += w.before + w.after;
  auto paddedType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(h.before),
                                   b.getIndexAttr(w.before), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(h.after),
                                    b.getIndexAttr(w.after), b.getIndexAttr(0)};
  return b.create<tensor::PadOp>(loc, paddedType, input, low, high,
                                 f32Constant(b, loc, value));
}

Value broadcastBias(OpBuilder &b, Location loc, Value bias,
                    RankedTensorType type, Value batchSource) {
  Value init = createEmpty(b, loc, type, batchSource);
  SmallVector<int64_t> addedDims;
  for (int64_t i = 0; i + 1 < type.getRank(); ++i)
    addedDims.push_back(i);
  return b.create<linalg::BroadcastOp>(loc, bias, init, addedDims)
      .getResult()[0];
}

Value mapElementwise(OpBuilder &b, Location loc, Value input,
                     function_ref<Value(OpBuilder &, Location, Value)> fn) {
  auto type = cast<RankedTensorType>(input.getType());
  Value init = createEmpty(b, loc, type, input);
  auto map = b.create<linalg::MapOp>(
      loc, ValueRange{input}, init,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, fn(nb, nloc, args[0]));
      });
  return map.getResult()[0];
}

DenseIntElementsAttr i64Vector(OpBuilder &b, ArrayRef<int64_t> values) {
  auto type = VectorType::get({static_cast<int64_t>(values.size())},
                              b.getI64Type());
  return DenseIntElementsAttr::get(type, values);
}

} // namespace cnnc
