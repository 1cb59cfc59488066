// Lowering of cnn.global_pool2d: a linalg.reduce over H and W, with the extra steps avg, l2 and lp need.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
struct ConvertGlobalPool2D : OpRewritePattern<cnn::GlobalPool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::GlobalPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    cnn::PoolKind kind = op.getKind();
    auto inputType = op.getInput().getType();
    auto rowType = RankedTensorType::get(
        {inputType.getDimSize(0), inputType.getDimSize(3)},
        inputType.getElementType());
    Value input = cnnc::preparePool(rewriter, loc, kind, op.getP(), op.getInput());
    Value init = cnnc::createFilled(rewriter, loc, rowType, op.getInput(),
                                    cnnc::poolIdentity(kind));
    Value result =
        rewriter
            .create<linalg::ReduceOp>(
                loc, ValueRange{input}, ValueRange{init},
                ArrayRef<int64_t>{1, 2},
                [&](OpBuilder &b, Location l, ValueRange args) {
                  b.create<linalg::YieldOp>(
                      l, cnnc::combinePool(b, l, kind, args[0], args[1]));
                })
            .getResult(0);
    if (kind == cnn::PoolKind::avg)
      result = cnnc::divideBy(rewriter, loc, result,
                              inputType.getDimSize(1) * inputType.getDimSize(2));
    result = cnnc::finishPool(rewriter, loc, kind, op.getP(), result);
    if (op.getKeepdims())
      result = rewriter.create<tensor::ExpandShapeOp>(
          loc, op.getType(), result,
          ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populateGlobalPoolToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertGlobalPool2D>(patterns.getContext());
}
