// Lowering of the gradients of cnn.dense: grad x kernel^T for the input (the kernel transposed once), input^T x grad (over all leading positions) for the kernel.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// Collapses every axis but the last into one: [N, ..., C] -> [N*..., C].
Value collapseLeading(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t rank = type.getRank();
  if (rank == 2)
    return value;
  ReassociationIndices leading;
  for (int64_t d = 0; d + 1 < rank; ++d)
    leading.push_back(d);
  SmallVector<ReassociationIndices> groups = {leading, {rank - 1}};
  return b.create<tensor::CollapseShapeOp>(loc, value, groups);
}

struct ConvertDenseGradInput : OpRewritePattern<cnn::DenseGradInputOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::DenseGradInputOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init = cnnc::createFilled(rewriter, loc, resultType, op.getGrad(), 0.0);
    if (resultType.getRank() > 2) {
      rewriter.replaceOp(op, cnnc::contractLastAxis(rewriter, loc, op.getGrad(),
                                                    op.getKernel(), init,
                                                    /*transposedKernel=*/true));
      return success();
    }
    // A plain matmul on the kernel transposed (units x inputs): its rows are
    // contiguous along the result's columns, so the register tiles of
    // cnnc-tile-linalg read them as vectors. The copy is one kernel per
    // step, against a kernel's worth of multiply-adds per sample.
    auto kernelType = cast<RankedTensorType>(op.getKernel().getType());
    Value transposedInit = rewriter.create<tensor::EmptyOp>(
        loc, ArrayRef<int64_t>{kernelType.getDimSize(1), kernelType.getDimSize(0)},
        kernelType.getElementType());
    Value transposed =
        rewriter
            .create<linalg::TransposeOp>(loc, op.getKernel(), transposedInit,
                                         ArrayRef<int64_t>{1, 0})
            .getResult()[0];
    auto matmul = rewriter.create<linalg::MatmulOp>(
        loc, TypeRange{resultType}, ValueRange{op.getGrad(), transposed},
        ValueRange{init});
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};

/// dW = x^T dy with the leading axes of both collapsed into one.
struct ConvertDenseGradKernel : OpRewritePattern<cnn::DenseGradKernelOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::DenseGradKernelOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init = cnnc::createFilled(rewriter, loc, resultType, op.getGrad(), 0.0);
    Value input = collapseLeading(rewriter, loc, op.getInput());
    Value grad = collapseLeading(rewriter, loc, op.getGrad());
    auto matmul = rewriter.create<linalg::MatmulTransposeAOp>(
        loc, TypeRange{resultType}, ValueRange{input, grad}, ValueRange{init});
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};
} // namespace

void cnnc::populateDenseGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertDenseGradInput, ConvertDenseGradKernel>(
      patterns.getContext());
}
