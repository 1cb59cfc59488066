// Lowering of cnn.dense to linalg.matmul (or a contraction of the last axis), with the bias as the accumulator's initial value.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace {
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
      rewriter.replaceOp(op, cnnc::contractLastAxis(rewriter, loc, op.getInput(),
                                                    op.getKernel(), init,
                                                    /*transposedKernel=*/false));
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
