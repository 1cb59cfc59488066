// Lowering of the gradients of cnn.dense: grad x kernel^T for the input, input^T x grad (over all leading positions) for the kernel.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// dx[..., i] += sum_o dy[..., o] * kernel[i, o] for ranks > 2 (loops: the
/// leading dims, i, then o reduced).
Value contractWithKernelRows(OpBuilder &b, Location loc, Value grad,
                             Value kernel, Value init) {
  auto type = cast<RankedTensorType>(init.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineExpr> leading;
  for (int64_t d = 0; d + 1 < rank; ++d)
    leading.push_back(getAffineDimExpr(d, ctx));
  AffineExpr i = getAffineDimExpr(rank - 1, ctx), o = getAffineDimExpr(rank, ctx);
  auto with = [&](AffineExpr last) {
    SmallVector<AffineExpr> exprs(leading);
    exprs.push_back(last);
    return AffineMap::get(rank + 1, 0, exprs, ctx);
  };
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{grad, kernel}, ValueRange{init},
          ArrayRef<AffineMap>{with(o), AffineMap::get(rank + 1, 0, {i, o}, ctx),
                              with(i)},
          iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            Value product = nb.create<arith::MulFOp>(l, args[0], args[1]);
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, args[2], product)});
          })
      .getResult(0);
}

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
      rewriter.replaceOp(op, contractWithKernelRows(rewriter, loc, op.getGrad(),
                                                    op.getKernel(), init));
      return success();
    }
    auto matmul = rewriter.create<linalg::MatmulTransposeBOp>(
        loc, TypeRange{resultType}, ValueRange{op.getGrad(), op.getKernel()},
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
