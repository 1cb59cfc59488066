// Max and min pooling's winners (each window's first extreme) and the gradient routed to them.
#include "Conversion/CNNToLinalg/PoolWinners.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace cnnc {

std::array<cnn::Pad, 2> PoolWindow::pads() const {
  auto shape = inputType.getShape();
  return {cnn::computePadding(padding, shape[1], window[0], strides[0], 1),
          cnn::computePadding(padding, shape[2], window[1], strides[1], 1)};
}

static Value index(OpBuilder &b, Location loc, int64_t v) {
  return b.create<arith::ConstantIndexOp>(loc, v);
}

/// Whether lo <= v < hi (index values).
static Value inRange(OpBuilder &b, Location loc, Value v, int64_t lo, int64_t hi) {
  Value above = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::sge, v, index(b, loc, lo));
  Value below = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, v, index(b, loc, hi));
  return b.create<arith::AndIOp>(loc, above, below);
}

static SmallVector<AffineExpr> dims(MLIRContext *ctx, unsigned n) {
  SmallVector<AffineExpr> d;
  for (unsigned i = 0; i < n; ++i)
    d.push_back(getAffineDimExpr(i, ctx));
  return d;
}

/// Windows that tile the input: strides equal to the window and no padding
/// (Keras' default MaxPooling2D). Floor pooling may leave rows and columns
/// that no window reads.
static bool windowsTileInput(const PoolWindow &pool) {
  auto pads = pool.pads();
  for (int d = 0; d < 2; ++d)
    if (pool.strides[d] != pool.window[d] || pads[d].before != 0 || pads[d].after != 0)
      return false;
  return true;
}

/// The rows and columns the windows read, [N, OH*KH, OW*KW, C], as
/// [N, OH, KH, OW, KW, C]: every window a pair of dimensions of its own.
static Value windowsAsDimensions(OpBuilder &b, Location loc, const PoolWindow &pool,
                                 Value input, RankedTensorType outType) {
  auto window = pool.window;
  auto in = pool.inputType.getShape(), out = outType.getShape();
  int64_t rows = out[1] * window[0], cols = out[2] * window[1];
  if (rows != in[1] || cols != in[2]) {
    Value batch = b.create<tensor::DimOp>(loc, input, 0);
    OpFoldResult zero = b.getIndexAttr(0), one = b.getIndexAttr(1);
    input = b.create<tensor::ExtractSliceOp>(
        loc, input, ArrayRef<OpFoldResult>{zero, zero, zero, zero},
        ArrayRef<OpFoldResult>{batch, b.getIndexAttr(rows), b.getIndexAttr(cols),
                               b.getIndexAttr(in[3])},
        ArrayRef<OpFoldResult>{one, one, one, one});
  }
  auto expandedType = RankedTensorType::get(
      {in[0], out[1], window[0], out[2], window[1], in[3]}, outType.getElementType());
  SmallVector<ReassociationIndices> groups = {{0}, {1, 2}, {3, 4}, {5}};
  return b.create<tensor::ExpandShapeOp>(loc, expandedType, input, groups);
}

/// The offset ky*KW + kx of loop dimensions ky and kx, as i32.
static Value windowOffset(OpBuilder &b, Location loc, unsigned ky, unsigned kx,
                          int64_t windowWidth) {
  Value flat = b.create<arith::AddIOp>(
      loc,
      b.create<arith::MulIOp>(loc, b.create<linalg::IndexOp>(loc, ky),
                              index(b, loc, windowWidth)),
      b.create<linalg::IndexOp>(loc, kx));
  return b.create<arith::IndexCastOp>(loc, b.getI32Type(), flat);
}

/// Whether x replaces (best, bestOffset): strictly better, or as good and
/// earlier in its window.
static Value beats(OpBuilder &b, Location loc, bool isMax, Value x, Value offset,
                   Value best, Value bestOffset) {
  Value strictly = b.create<arith::CmpFOp>(
      loc, isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, x, best);
  Value equal = b.create<arith::CmpFOp>(loc, arith::CmpFPredicate::OEQ, x, best);
  Value earlier =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::slt, offset, bestOffset);
  return b.create<arith::OrIOp>(loc, strictly,
                                b.create<arith::AndIOp>(loc, equal, earlier));
}

std::pair<Value, Value> poolWithWinners(OpBuilder &b, Location loc, const PoolWindow &pool,
                                        Value input, RankedTensorType outType) {
  bool isMax = pool.kind == cnn::PoolKind::max;
  auto pads = pool.pads();
  auto window = pool.window, strides = pool.strides;
  auto inShape = pool.inputType.getShape();
  auto idxType = RankedTensorType::get(outType.getShape(), b.getI32Type());
  double identity = poolIdentity(pool.kind);
  Value padded = padSpatial(b, loc, input, pads[0], pads[1], identity);
  Value values = createFilled(b, loc, outType, input, identity);
  Value none = b.create<arith::ConstantOp>(loc, b.getI32IntegerAttr(window[0] * window[1]));
  Value winners = b.create<linalg::FillOp>(
      loc, none, createEmpty(b, loc, idxType, input)).getResult(0);
  Value windowShape = b.create<tensor::EmptyOp>(loc, window, b.getF32Type());
  auto d = dims(b.getContext(), 6); // n, oy, ox, c, ky, kx
  MLIRContext *ctx = b.getContext();
  SmallVector<utils::IteratorType> windowIterators(4, utils::IteratorType::parallel);
  windowIterators.append(2, utils::IteratorType::reduction);
  if (windowsTileInput(pool)) {
    // Every operand read through a projected permutation: the tiler and the
    // vectoriser take it like an elementwise op over the windows' cells.
    Value windows = windowsAsDimensions(b, loc, pool, input, outType);
    auto windowsMap = AffineMap::get(6, 0, {d[0], d[1], d[4], d[2], d[5], d[3]}, ctx);
    auto generic = b.create<linalg::GenericOp>(
        loc, TypeRange{outType, idxType}, ValueRange{windows, windowShape},
        ValueRange{values, winners},
        ArrayRef<AffineMap>{windowsMap, AffineMap::get(6, 0, {d[4], d[5]}, ctx),
                            AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx),
                            AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx)},
        windowIterators, [&](OpBuilder &nb, Location l, ValueRange args) {
          Value offset = windowOffset(nb, l, 4, 5, window[1]);
          Value better = beats(nb, l, isMax, args[0], offset, args[2], args[3]);
          nb.create<linalg::YieldOp>(
              l, ValueRange{nb.create<arith::SelectOp>(l, better, args[0], args[2]),
                            nb.create<arith::SelectOp>(l, better, offset, args[3])});
        });
    return {generic.getResult(0), generic.getResult(1)};
  }
  auto inputMap = AffineMap::get(6, 0, {d[0], d[1] * strides[0] + d[4],
                                        d[2] * strides[1] + d[5], d[3]}, ctx);
  auto windowMap = AffineMap::get(6, 0, {d[4], d[5]}, ctx);
  auto outMap = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx);
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{outType, idxType}, ValueRange{padded, windowShape},
      ValueRange{values, winners},
      ArrayRef<AffineMap>{inputMap, windowMap, outMap, outMap}, windowIterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        auto at = [&](unsigned i) { return nb.create<linalg::IndexOp>(l, i); };
        auto cell = [&](unsigned o, unsigned k, int64_t s, int64_t pad) -> Value {
          Value start = nb.create<arith::MulIOp>(l, at(o), index(nb, l, s));
          return nb.create<arith::SubIOp>(
              l, nb.create<arith::AddIOp>(l, start, at(k)), index(nb, l, pad));
        };
        Value inside = nb.create<arith::AndIOp>(
            l, inRange(nb, l, cell(1, 4, strides[0], pads[0].before), 0, inShape[1]),
            inRange(nb, l, cell(2, 5, strides[1], pads[1].before), 0, inShape[2]));
        Value offset = windowOffset(nb, l, 4, 5, window[1]);
        Value x = args[0], best = args[2], bestOffset = args[3];
        Value better = nb.create<arith::AndIOp>(
            l, inside, beats(nb, l, isMax, x, offset, best, bestOffset));
        nb.create<linalg::YieldOp>(
            l, ValueRange{nb.create<arith::SelectOp>(l, better, x, best),
                          nb.create<arith::SelectOp>(l, better, offset, bestOffset)});
      });
  return {generic.getResult(0), generic.getResult(1)};
}

Value spreadToInput(OpBuilder &b, Location loc, const PoolWindow &pool, Value source,
                    TypedAttr fill) {
  auto pads = pool.pads();
  auto inShape = pool.inputType.getShape();
  SmallVector<int64_t> before, size;
  for (int d = 0; d < 2; ++d) {
    auto [first, total] = transposedWindowLayout(inShape[1 + d], pool.window[d], pads[d]);
    before.push_back(first);
    size.push_back(total);
  }
  return spreadSpatial(b, loc, source, fill, pool.strides, before, size);
}

/// A stride-1 window over the spread gradient and winners, where spread
/// offset (u, v) is forward window offset (KH-1-u, KW-1-v).
/// Windows that tile the input: each cell is read by one window at most, so
/// its gradient is that window's where it won, zero elsewhere (and zero in
/// the rows and columns floor pooling leaves).
static Value routeToTilingWinners(OpBuilder &b, Location loc, const PoolWindow &pool,
                                  Value winners, Value grad) {
  auto window = pool.window;
  auto in = pool.inputType.getShape();
  auto out = cast<RankedTensorType>(grad.getType()).getShape();
  auto windowsType = RankedTensorType::get(
      {in[0], out[1], window[0], out[2], window[1], in[3]}, b.getF32Type());
  Value init = createEmpty(b, loc, windowsType, grad);
  auto d = dims(b.getContext(), 6); // n, oy, ky, ox, kx, c
  MLIRContext *ctx = b.getContext();
  auto windowMap = AffineMap::get(6, 0, {d[0], d[1], d[3], d[5]}, ctx);
  Value routed =
      b.create<linalg::GenericOp>(
           loc, TypeRange{windowsType}, ValueRange{grad, winners}, ValueRange{init},
           ArrayRef<AffineMap>{windowMap, windowMap,
                               AffineMap::getMultiDimIdentityMap(6, ctx)},
           SmallVector<utils::IteratorType>(6, utils::IteratorType::parallel),
           [&](OpBuilder &nb, Location l, ValueRange args) {
             Value chosen = nb.create<arith::CmpIOp>(
                 l, arith::CmpIPredicate::eq, args[1], windowOffset(nb, l, 2, 4, window[1]));
             nb.create<linalg::YieldOp>(
                 l, ValueRange{nb.create<arith::SelectOp>(l, chosen, args[0],
                                                          f32Constant(nb, l, 0.0))});
           })
          .getResult(0);
  SmallVector<ReassociationIndices> groups = {{0}, {1, 2}, {3, 4}, {5}};
  Value cells = b.create<tensor::CollapseShapeOp>(loc, routed, groups);
  int64_t rows = out[1] * window[0], cols = out[2] * window[1];
  if (rows == in[1] && cols == in[2])
    return cells;
  return padSpatial(b, loc, cells, cnn::Pad{0, in[1] - rows}, cnn::Pad{0, in[2] - cols},
                    0.0);
}

Value routeToWinners(OpBuilder &b, Location loc, const PoolWindow &pool, Value winners,
                     Value grad) {
  if (windowsTileInput(pool))
    return routeToTilingWinners(b, loc, pool, winners, grad);
  auto window = pool.window;
  Value grads = spreadToInput(b, loc, pool, grad, b.getF32FloatAttr(0.0));
  Value spreadWinners = spreadToInput(b, loc, pool, winners, b.getI32IntegerAttr(-1));
  Value windowShape = b.create<tensor::EmptyOp>(loc, window, b.getF32Type());
  RankedTensorType resultType = pool.inputType;
  Value init = createFilled(b, loc, resultType, grad, 0.0);
  auto d = dims(b.getContext(), 6); // n, y, x, c, u, v
  MLIRContext *ctx = b.getContext();
  auto spreadMap = AffineMap::get(6, 0, {d[0], d[1] + d[4], d[2] + d[5], d[3]}, ctx);
  auto windowMap = AffineMap::get(6, 0, {d[4], d[5]}, ctx);
  auto outMap = AffineMap::get(6, 0, {d[0], d[1], d[2], d[3]}, ctx);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, ValueRange{grads, spreadWinners, windowShape},
          ValueRange{init},
          ArrayRef<AffineMap>{spreadMap, spreadMap, windowMap, outMap}, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            // Forward offset (KH-1-u)*KW + KW-1-v = KH*KW - 1 - (u*KW + v).
            Value u = nb.create<linalg::IndexOp>(l, 4), v = nb.create<linalg::IndexOp>(l, 5);
            Value flat = nb.create<arith::AddIOp>(
                l, nb.create<arith::MulIOp>(l, u, index(nb, l, window[1])), v);
            Value offset = nb.create<arith::SubIOp>(
                l, index(nb, l, window[0] * window[1] - 1), flat);
            Value chosen = nb.create<arith::CmpIOp>(
                l, arith::CmpIPredicate::eq, args[1],
                nb.create<arith::IndexCastOp>(l, nb.getI32Type(), offset));
            Value share = nb.create<arith::SelectOp>(l, chosen, args[0],
                                                     f32Constant(nb, l, 0.0));
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, args[3], share)});
          })
      .getResult(0);
}

} // namespace cnnc
