// Lowering of cnn.dense to linalg.matmul (or a contraction of the last axis), with the bias as the accumulator's initial value.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace {
/// out[..., j] += sum_k in[..., k] * kernel[k, j] for inputs of rank > 2,
/// where Keras applies the kernel to the last axis.
Value contractLastAxis(OpBuilder &b, Location loc, Value input, Value kernel,
                       Value init) {
  auto type = cast<RankedTensorType>(init.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  // Loops: the leading dims, then j (units), then k (features).
  SmallVector<AffineExpr> leading;
  for (int64_t i = 0; i + 1 < rank; ++i)
    leading.push_back(getAffineDimExpr(i, ctx));
  AffineExpr j = getAffineDimExpr(rank - 1, ctx), k = getAffineDimExpr(rank, ctx);
  auto with = [&](AffineExpr last) {
    SmallVector<AffineExpr> exprs(leading);
    exprs.push_back(last);
    return AffineMap::get(rank + 1, 0, exprs, ctx);
  };
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  iterators.push_back(utils::IteratorType::reduction);
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, ValueRange{input, kernel}, ValueRange{init},
          ArrayRef<AffineMap>{with(k), AffineMap::get(rank + 1, 0, {k, j}, ctx),
                              with(j)},
          iterators,
          [](OpBuilder &nb, Location l, ValueRange args) {
            Value product = nb.create<arith::MulFOp>(l, args[0], args[1]);
            nb.create<linalg::YieldOp>(
                l, ValueRange{nb.create<arith::AddFOp>(l, args[2], product)});
          })
      .getResult(0);
}

struct ConvertDense : OpRewritePattern<cnn::DenseOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::DenseOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value init = op.getBias()
                     ? cnnc::broadcastBias(rewriter, loc, op.getBias(),
                                           resultType, op.getInput())
                     : cnnc::createFilled(rewriter, loc, resultType,
                                          op.getInput(), 0.0);
    if (resultType.getRank() > 2) {
      rewriter.replaceOp(op, contractLastAxis(rewriter, loc, op.getInput(),
                                              op.getKernel(), init));
      return success();
    }
    auto matmul = rewriter.create<linalg::MatmulOp>(
        loc, TypeRange{resultType}, ValueRange{op.getInput(), op.getKernel()},
        ValueRange{init});
    rewriter.replaceOp(op, matmul.getResult(0));
    return success();
  }
};
} // namespace

void cnnc::populateDenseToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertDense>(patterns.getContext());
}
