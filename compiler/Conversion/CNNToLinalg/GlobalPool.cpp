// Lowering of cnn.global_pool2d: a linalg.reduce over H and W, with the extra steps avg, l2 and lp need.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// [N, H, W, C] -> [N, C], combining with the pooling kind's step.
Value reduceSpatial(PatternRewriter &rewriter, cnn::GlobalPool2DOp op,
                    Value input) {
  Location loc = op.getLoc();
  cnn::PoolKind kind = op.getKind();
  auto inputType = op.getInput().getType();
  auto rowType = RankedTensorType::get(
      {inputType.getDimSize(0), inputType.getDimSize(3)},
      inputType.getElementType());
  Value init = cnnc::createFilled(rewriter, loc, rowType, op.getInput(),
                                  cnnc::poolIdentity(kind));
  return rewriter
      .create<linalg::ReduceOp>(
          loc, ValueRange{input}, ValueRange{init}, ArrayRef<int64_t>{1, 2},
          [&](OpBuilder &b, Location l, ValueRange args) {
            b.create<linalg::YieldOp>(
                l, cnnc::combinePool(b, l, kind, args[0], args[1]));
          })
      .getResult(0);
}

struct ConvertGlobalPool2D : OpRewritePattern<cnn::GlobalPool2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::GlobalPool2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = op.getInput().getType();
    int64_t cells = inputType.getDimSize(1) * inputType.getDimSize(2);
    Value result = cnnc::lowerPooling(
        rewriter, loc, op.getKind(), op.getP(), op.getInput(),
        [&](Value x) { return reduceSpatial(rewriter, op, x); },
        [&](Value sums) { return cnnc::divideBy(rewriter, loc, sums, cells); });
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
