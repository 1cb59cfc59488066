// Lowering of the ops that only move or pass data: cnn.flatten (a collapse_shape) and cnn.dropout (the identity).
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// NHWC is row-major over (h, w, c), which is Keras' Flatten order, so
/// flattening is a pure reinterpretation.
struct ConvertFlatten : OpRewritePattern<cnn::FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::FlattenOp op,
                                PatternRewriter &rewriter) const override {
    int64_t rank = op.getInput().getType().getRank();
    ReassociationIndices features;
    for (int64_t i = 1; i < rank; ++i)
      features.push_back(i);
    SmallVector<ReassociationIndices> groups = {{0}, features};
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, op.getType(), op.getInput(), groups);
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
  patterns.add<ConvertFlatten, ConvertDropout>(patterns.getContext());
}
