// Lowering of the ops that only move or pass data: flatten and reshape (collapse/expand_shape), zero padding and cropping, dropout (the identity).
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// [[0], [1, ..., rank - 1]]: the batch, and one sample.
SmallVector<ReassociationIndices> sampleGroups(int64_t rank) {
  ReassociationIndices sample;
  for (int64_t i = 1; i < rank; ++i)
    sample.push_back(i);
  return {{0}, sample};
}

/// NHWC is row-major over (h, w, c), which is Keras' Flatten order, so
/// flattening is a pure reinterpretation.
struct ConvertFlatten : OpRewritePattern<cnn::FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, op.getType(), op.getInput(),
        sampleGroups(op.getInput().getType().getRank()));
    return success();
  }
};

/// Keras' Reshape is row-major per sample: collapse each sample to one axis,
/// then expand it to the target shape.
struct ConvertReshape : OpRewritePattern<cnn::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    Value flat = op.getInput();
    int64_t rank = op.getInput().getType().getRank();
    auto resultType = cast<RankedTensorType>(op.getType());
    if (rank > 2) {
      auto flatType = RankedTensorType::get(
          {resultType.getDimSize(0),
           ShapedType::getNumElements(op.getInput().getType().getShape().drop_front())},
          resultType.getElementType());
      flat = rewriter.create<tensor::CollapseShapeOp>(
          op.getLoc(), flatType, flat, sampleGroups(rank));
    }
    if (resultType.getRank() > 2)
      flat = rewriter.create<tensor::ExpandShapeOp>(
          op.getLoc(), resultType, flat, sampleGroups(resultType.getRank()));
    rewriter.replaceOp(op, flat);
    return success();
  }
};

struct ConvertZeroPad2D : OpRewritePattern<cnn::ZeroPad2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ZeroPad2DOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> p = op.getPadding();
    rewriter.replaceOp(op, cnnc::padSpatial(rewriter, op.getLoc(), op.getInput(),
                                            {p[0], p[1]}, {p[2], p[3]}, 0.0));
    return success();
  }
};

/// The cropped window of H and W: an extract_slice.
struct ConvertCrop2D : OpRewritePattern<cnn::Crop2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Crop2DOp op,
                                PatternRewriter &rewriter) const override {
    ArrayRef<int64_t> crop = op.getCropping();
    auto type = cast<RankedTensorType>(op.getType());
    SmallVector<OpFoldResult> offsets = {
        rewriter.getIndexAttr(0), rewriter.getIndexAttr(crop[0]),
        rewriter.getIndexAttr(crop[2]), rewriter.getIndexAttr(0)};
    SmallVector<OpFoldResult> sizes = {
        tensor::getMixedSize(rewriter, op.getLoc(), op.getInput(), 0),
        rewriter.getIndexAttr(type.getDimSize(1)),
        rewriter.getIndexAttr(type.getDimSize(2)),
        rewriter.getIndexAttr(type.getDimSize(3))};
    SmallVector<OpFoldResult> strides(4, rewriter.getIndexAttr(1));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, type, op.getInput(),
                                                        offsets, sizes, strides);
    return success();
  }
};

/// Dropout does nothing at inference.
struct ConvertDropout : OpRewritePattern<cnn::DropoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::DropoutOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};
} // namespace

void cnnc::populateReshapeToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertFlatten, ConvertDropout, ConvertReshape, ConvertZeroPad2D,
               ConvertCrop2D>(patterns.getContext());
}
