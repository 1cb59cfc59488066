// Lowering of cnn.conv2d to linalg.conv_2d_nhwc_hwcf, with the bias as the accumulator's initial value.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

using namespace mlir;

namespace {
struct ConvertConv2D : OpRewritePattern<cnn::Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::Conv2DOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    auto filterShape = op.getFilter().getType().getShape();
    auto inputShape = op.getInput().getType().getShape();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    cnn::Pad pads[2];
    for (int i = 0; i < 2; ++i)
      pads[i] = cnn::computePadding(op.getPadding(), inputShape[1 + i],
                                    filterShape[i], strides[i], dilations[i]);
    Value input =
        cnnc::padSpatial(rewriter, loc, op.getInput(), pads[0], pads[1], 0.0);
    Value init = op.getBias()
                     ? cnnc::broadcastBias(rewriter, loc, op.getBias(),
                                           resultType, op.getInput())
                     : cnnc::createFilled(rewriter, loc, resultType,
                                          op.getInput(), 0.0);
    auto conv = rewriter.create<linalg::Conv2DNhwcHwcfOp>(
        loc, TypeRange{resultType}, ValueRange{input, op.getFilter()},
        ValueRange{init}, cnnc::i64Vector(rewriter, strides),
        cnnc::i64Vector(rewriter, dilations));
    rewriter.replaceOp(op, conv.getResult(0));
    return success();
  }
};
} // namespace

void cnnc::populateConvToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertConv2D>(patterns.getContext());
}
