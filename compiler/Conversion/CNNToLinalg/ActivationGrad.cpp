// Lowering of cnn.activation_grad: dy * f'(x) elementwise; the Jacobian-vector products of (log) softmax over the last axis.
#include "Conversion/CNNToLinalg/ActivationDerivatives.h"
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace {
/// softmax(x) over the last axis, through the forward op and its lowering.
Value softmaxOf(OpBuilder &b, Location loc, Value x) {
  return b.create<cnn::ActivationOp>(loc, x.getType(), cnn::ActivationKind::softmax,
                                     x, FloatAttr(), FloatAttr(), FloatAttr());
}

/// softmax: dx = y * (dy - sum(dy * y)); log_softmax: dx = dy - y * sum(dy),
/// with y = softmax(x) and the sums over each row.
Value softmaxGrad(OpBuilder &b, Location loc, Value x, Value dy, bool log) {
  Value y = softmaxOf(b, loc, x);
  SmallVector<Value> summed = {dy};
  if (!log)
    summed.push_back(y);
  Value sums = cnnc::reduceRows(
      b, loc, summed, {}, 0.0,
      [log](OpBuilder &nb, Location l, ValueRange e, ValueRange acc) -> Value {
        Value term = log ? e[0] : nb.create<arith::MulFOp>(l, e[0], e[1]);
        return nb.create<arith::AddFOp>(l, acc[0], term);
      });
  return cnnc::mapWithRows(
      b, loc, {dy, y}, {sums},
      [log](OpBuilder &nb, Location l, ValueRange e, ValueRange row) -> Value {
        if (log)
          return nb.create<arith::SubFOp>(
              l, e[0], nb.create<arith::MulFOp>(l, e[1], row[0]));
        Value centred = nb.create<arith::SubFOp>(l, e[0], row[0]);
        return nb.create<arith::MulFOp>(l, e[1], centred);
      });
}

struct ConvertActivationGrad : OpRewritePattern<cnn::ActivationGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::ActivationGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    cnn::ActivationKind kind = op.getKind();
    Value result;
    if (kind == cnn::ActivationKind::linear)
      result = op.getGrad();
    else if (kind == cnn::ActivationKind::softmax ||
             kind == cnn::ActivationKind::log_softmax)
      result = softmaxGrad(rewriter, loc, op.getInput(), op.getGrad(),
                           kind == cnn::ActivationKind::log_softmax);
    else
      result = cnnc::mapElements(
          rewriter, loc, {op.getInput(), op.getGrad()},
          [&](OpBuilder &b, Location l, ValueRange e) -> Value {
            Value slope = cnnc::applyActivationDerivative(b, l, op, e[0]);
            return b.create<arith::MulFOp>(l, e[1], slope);
          });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populateActivationGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertActivationGrad>(patterns.getContext());
}
