// Lowering of the gradients of cnn.conv2d: the input's as a transposed convolution, the filter's as a contraction.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// The forward convolution's padding of both spatial dimensions.
std::array<cnn::Pad, 2> forwardPads(cnn::Padding padding,
                                    ArrayRef<int64_t> inputShape,
                                    ArrayRef<int64_t> filterShape,
                                    ArrayRef<int64_t> strides,
                                    ArrayRef<int64_t> dilations) {
  return {cnn::computePadding(padding, inputShape[1], filterShape[0], strides[0],
                              dilations[0]),
          cnn::computePadding(padding, inputShape[2], filterShape[1], strides[1],
                              dilations[1])};
}

/// The filter [KH, KW, C, K] flipped in both spatial axes with its channel
/// axes swapped: [KH, KW, K, C], so that convolving the output gradient with
/// it runs each forward window backwards.
Value flipFilter(OpBuilder &b, Location loc, Value filter) {
  auto shape = cast<RankedTensorType>(filter.getType()).getShape();
  auto type = RankedTensorType::get({shape[0], shape[1], shape[3], shape[2]},
                                    b.getF32Type());
  MLIRContext *ctx = b.getContext();
  AffineExpr i = getAffineDimExpr(0, ctx), j = getAffineDimExpr(1, ctx),
             k = getAffineDimExpr(2, ctx), c = getAffineDimExpr(3, ctx);
  auto read = AffineMap::get(4, 0, {shape[0] - 1 - i, shape[1] - 1 - j, c, k}, ctx);
  SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{filter},
          ValueRange{b.create<tensor::EmptyOp>(loc, type.getShape(), b.getF32Type())},
          ArrayRef<AffineMap>{read, b.getMultiDimIdentityMap(4)}, iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, args[0]);
          })
      .getResult(0);
}

/// dx = the output gradient spread out by the strides (zeros between its
/// cells), padded so that a stride-1 convolution with the flipped filter
/// yields exactly the input's size.
Value lowerGradInput(OpBuilder &b, cnn::Conv2DGradInputOp op) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  auto inShape = resultType.getShape();
  auto filterShape = op.getFilter().getType().getShape();
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  auto pads = forwardPads(op.getPadding(), inShape, filterShape, strides, dilations);
  SmallVector<int64_t> before, size;
  for (int d = 0; d < 2; ++d) {
    auto [first, total] = cnnc::transposedWindowLayout(
        inShape[1 + d], cnn::dilatedExtent(filterShape[d], dilations[d]), pads[d]);
    before.push_back(first);
    size.push_back(total);
  }
  Value spread = cnnc::spreadSpatial(b, loc, op.getGrad(), b.getF32FloatAttr(0.0),
                                     strides, before, size);
  Value init = cnnc::createFilled(b, loc, resultType, op.getGrad(), 0.0);
  return b
      .create<linalg::Conv2DNhwcHwcfOp>(
          loc, TypeRange{resultType},
          ValueRange{spread, flipFilter(b, loc, op.getFilter())}, ValueRange{init},
          cnnc::i64Vector(b, {1, 1}), cnnc::i64Vector(b, dilations))
      .getResult(0);
}

/// dw[i,j,c,k] = sum over n, y, x of xpad[n, y*s0 + i*d0, x*s1 + j*d1, c] *
/// dy[n, y, x, k]; loops (n, y, x) reduced, then (i, j, c, k) parallel.
Value lowerGradFilter(OpBuilder &b, cnn::Conv2DGradFilterOp op) {
  Location loc = op.getLoc();
  auto resultType = cast<RankedTensorType>(op.getType());
  ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
  auto pads = forwardPads(op.getPadding(), op.getInput().getType().getShape(),
                          resultType.getShape(), strides, dilations);
  Value input = cnnc::padSpatial(b, loc, op.getInput(), pads[0], pads[1], 0.0);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> d;
  for (unsigned i = 0; i < 7; ++i)
    d.push_back(getAffineDimExpr(i, ctx));
  // d0..d2 = n, y, x (reduced, outermost); d3..d6 = i, j, c, k. With the
  // output channel k innermost, the loops stream dy and dw contiguously and
  // dw stays in cache, instead of sweeping all of dy once per weight.
  auto inputMap = AffineMap::get(
      7, 0, {d[0], d[1] * strides[0] + d[3] * dilations[0],
             d[2] * strides[1] + d[4] * dilations[1], d[5]}, ctx);
  auto gradMap = AffineMap::get(7, 0, {d[0], d[1], d[2], d[6]}, ctx);
  auto outMap = AffineMap::get(7, 0, {d[3], d[4], d[5], d[6]}, ctx);
  SmallVector<utils::IteratorType> iterators(3, utils::IteratorType::reduction);
  iterators.append(4, utils::IteratorType::parallel);
  Value init = cnnc::createFilled(b, loc, resultType, op.getInput(), 0.0);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{resultType}, ValueRange{input, op.getGrad()},
          ValueRange{init}, ArrayRef<AffineMap>{inputMap, gradMap, outMap},
          iterators,
          cnnc::multiplyAccumulate)
      .getResult(0);
}

struct ConvertConv2DGradInput : OpRewritePattern<cnn::Conv2DGradInputOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Conv2DGradInputOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, lowerGradInput(rewriter, op));
    return success();
  }
};

struct ConvertConv2DGradFilter : OpRewritePattern<cnn::Conv2DGradFilterOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Conv2DGradFilterOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, lowerGradFilter(rewriter, op));
    return success();
  }
};

/// db[k] = the sum of dy over every axis but the last.
struct ConvertBiasGrad : OpRewritePattern<cnn::BiasGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::BiasGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init = cnnc::createFilled(rewriter, loc, resultType, op.getGrad(), 0.0);
    int64_t rank = op.getGrad().getType().getRank();
    SmallVector<int64_t> dims;
    for (int64_t i = 0; i + 1 < rank; ++i)
      dims.push_back(i);
    auto reduce = rewriter.create<linalg::ReduceOp>(
        loc, ValueRange{op.getGrad()}, ValueRange{init}, dims,
        [](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(
              l, ValueRange{b.create<arith::AddFOp>(l, args[0], args[1])});
        });
    rewriter.replaceOp(op, reduce.getResult(0));
    return success();
  }
};
} // namespace

void cnnc::populateConvGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertConv2DGradInput, ConvertConv2DGradFilter, ConvertBiasGrad>(
      patterns.getContext());
}
