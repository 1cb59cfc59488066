// Lowering of the merge layers: cnn.merge as one elementwise linalg.generic, cnn.concat as insert_slices.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// Combines the scalars of all inputs, left to right.
Value combine(OpBuilder &b, Location loc, cnn::MergeKind kind,
              ValueRange values) {
  Value acc = values.front();
  for (Value x : values.drop_front()) {
    switch (kind) {
    case cnn::MergeKind::add:
    case cnn::MergeKind::average:
      acc = b.create<arith::AddFOp>(loc, acc, x);
      break;
    case cnn::MergeKind::subtract:
      acc = b.create<arith::SubFOp>(loc, acc, x);
      break;
    case cnn::MergeKind::multiply:
      acc = b.create<arith::MulFOp>(loc, acc, x);
      break;
    case cnn::MergeKind::maximum:
      acc = b.create<arith::MaximumFOp>(loc, acc, x);
      break;
    case cnn::MergeKind::minimum:
      acc = b.create<arith::MinimumFOp>(loc, acc, x);
      break;
    }
  }
  if (kind == cnn::MergeKind::average)
    acc = b.create<arith::DivFOp>(
        loc, acc, cnnc::f32Constant(b, loc, static_cast<double>(values.size())));
  return acc;
}

struct ConvertMerge : OpRewritePattern<cnn::MergeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::MergeOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    size_t n = op.getInputs().size();
    AffineMap id = rewriter.getMultiDimIdentityMap(type.getRank());
    cnn::MergeKind kind = op.getKind();
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, op.getInputs(),
        ValueRange{cnnc::createEmpty(rewriter, loc, type, op.getInputs().front())},
        SmallVector<AffineMap>(n + 1, id),
        SmallVector<utils::IteratorType>(type.getRank(),
                                         utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          b.create<linalg::YieldOp>(l, combine(b, l, kind, args.take_front(n)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConvertConcat : OpRewritePattern<cnn::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ConcatOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto axis = static_cast<int64_t>(op.getAxis());
    Value result = cnnc::createEmpty(rewriter, loc, type, op.getInputs().front());
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(rewriter, loc, input);
      SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
      result = rewriter.create<tensor::InsertSliceOp>(loc, input, result, offsets,
                                                      sizes, strides);
      offset += cast<RankedTensorType>(input.getType()).getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populateMergeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertMerge, ConvertConcat>(patterns.getContext());
}
