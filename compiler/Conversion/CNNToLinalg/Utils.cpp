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

Value mapElements(OpBuilder &b, Location loc, ValueRange inputs,
                  ElementsFn fn) {
  auto type = cast<RankedTensorType>(inputs[0].getType());
  Value init = createEmpty(b, loc, type, inputs[0]);
  auto map = b.create<linalg::MapOp>(
      loc, inputs, init, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, fn(nb, nloc, args));
      });
  return map.getResult()[0];
}

Value mapWithRows(OpBuilder &b, Location loc, ValueRange inputs,
                  ValueRange rows, ElementsAndRowsFn fn) {
  auto type = cast<RankedTensorType>(inputs[0].getType());
  int64_t rank = type.getRank();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> maps(inputs.size(), identity);
  maps.append(rows.size(), identity.dropResult(rank - 1));
  maps.push_back(identity);
  SmallVector<Value> operands(inputs);
  operands.append(rows.begin(), rows.end());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  size_t numInputs = inputs.size();
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, operands,
      ValueRange{createEmpty(b, loc, type, inputs[0])}, maps, iterators,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(
            nloc, fn(nb, nloc, args.take_front(numInputs),
                     args.drop_front(numInputs).drop_back()));
      });
  return generic.getResult(0);
}

Value reduceRows(OpBuilder &b, Location loc, ValueRange inputs,
                 ValueRange rows, double init, ElementsAndRowsFn fn) {
  auto type = cast<RankedTensorType>(inputs[0].getType());
  int64_t rank = type.getRank();
  auto rowType = RankedTensorType::get(type.getShape().drop_back(),
                                       b.getF32Type());
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  AffineMap rowMap = identity.dropResult(rank - 1);
  SmallVector<AffineMap> maps(inputs.size(), identity);
  maps.append(rows.size() + 1, rowMap);
  SmallVector<Value> operands(inputs);
  operands.append(rows.begin(), rows.end());
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.back() = utils::IteratorType::reduction;
  size_t numInputs = inputs.size();
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{rowType}, operands,
      ValueRange{createFilled(b, loc, rowType, inputs[0], init)}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        nb.create<linalg::YieldOp>(nloc, fn(nb, nloc, args.take_front(numInputs),
                                            args.drop_front(numInputs)));
      });
  return generic.getResult(0);
}

Value spreadSpatial(OpBuilder &b, Location loc, Value source, TypedAttr fill,
                    ArrayRef<int64_t> strides, ArrayRef<int64_t> before,
                    ArrayRef<int64_t> size) {
  auto sourceType = cast<RankedTensorType>(source.getType());
  auto shape = sourceType.getShape();
  auto type = RankedTensorType::get({shape[0], size[0], size[1], shape[3]},
                                    fill.getType());
  Value empty = createEmpty(b, loc, type, source);
  Value fillValue = b.create<arith::ConstantOp>(loc, fill);
  Value filled = b.create<linalg::FillOp>(loc, fillValue, empty).getResult(0);
  SmallVector<OpFoldResult> offsets = {b.getIndexAttr(0), b.getIndexAttr(before[0]),
                                       b.getIndexAttr(before[1]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> sizes = {tensor::getMixedSize(b, loc, source, 0),
                                     b.getIndexAttr(shape[1]), b.getIndexAttr(shape[2]),
                                     b.getIndexAttr(shape[3])};
  SmallVector<OpFoldResult> steps = {b.getIndexAttr(1), b.getIndexAttr(strides[0]),
                                     b.getIndexAttr(strides[1]), b.getIndexAttr(1)};
  return b.create<tensor::InsertSliceOp>(loc, source, filled, offsets, sizes, steps);
}

std::pair<int64_t, int64_t> transposedWindowLayout(int64_t inputSize,
                                                   int64_t extent, cnn::Pad pad) {
  // With the spread gradient shifted by before = extent - 1 - pad.before,
  // position y + u (u in [0, extent)) holds the output cell o with
  // o*s = y + pad.before - t for the window offset t = extent - 1 - u: the
  // stride-1 window at y sees every window that read y, flipped. before >= 0
  // and the source fits because TensorFlow's padding is below the extent.
  return {extent - 1 - pad.before, inputSize + extent - 1};
}

void multiplyAccumulate(OpBuilder &b, Location loc, ValueRange args) {
  Value product = b.create<arith::MulFOp>(loc, args[0], args[1]);
  b.create<linalg::YieldOp>(loc,
                            ValueRange{b.create<arith::AddFOp>(loc, args[2], product)});
}

Value contractLastAxis(OpBuilder &b, Location loc, Value lhs, Value kernel,
                       Value init, bool transposedKernel) {
  auto type = cast<RankedTensorType>(init.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> leading;
  for (int64_t i = 0; i + 1 < rank; ++i)
    leading.push_back(getAffineDimExpr(i, ctx));
  AffineExpr j = getAffineDimExpr(rank - 1, ctx), k = getAffineDimExpr(rank, ctx);
  auto with = [&](AffineExpr last) {
    SmallVector<AffineExpr> exprs(leading);
    exprs.push_back(last);
    return AffineMap::get(rank + 1, 0, exprs, ctx);
  };
  auto kernelMap = transposedKernel ? AffineMap::get(rank + 1, 0, {j, k}, ctx)
                                    : AffineMap::get(rank + 1, 0, {k, j}, ctx);
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{lhs, kernel}, ValueRange{init},
          ArrayRef<AffineMap>{with(k), kernelMap, with(j)}, iterators,
          cnnc::multiplyAccumulate)
      .getResult(0);
}

} // namespace cnnc
