// Lowering of the gradients of the merge layers: cnn.merge_grad as one elementwise linalg.generic, cnn.slice (Concatenate's) as an extract_slice.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
using Kind = cnn::MergeKind;

/// Whether the gradient of `kind` reads the forward inputs (or only grad).
bool readsInputs(Kind kind) {
  return kind == Kind::multiply || kind == Kind::maximum || kind == Kind::minimum;
}

/// maximum / minimum: grad where input `index` is the earliest input equal
/// to the extreme of all inputs, else 0.
Value routeToEarliestExtreme(cnnc::ScalarMath &m, Kind kind, ValueRange inputs,
                             size_t index, Value grad) {
  Value extreme = inputs.front();
  for (Value x : inputs.drop_front())
    extreme = kind == Kind::maximum ? m.max(extreme, x) : m.min(extreme, x);
  Value mine = m.cmp(arith::CmpFPredicate::OEQ, inputs[index], extreme);
  for (Value x : inputs.take_front(index))
    mine = m.both(mine, m.cmp(arith::CmpFPredicate::UNE, x, extreme));
  Value zero = m.c(0.0);
  return m.select(mine, grad, zero);
}

/// The gradient of input `index` at one position, from the inputs' scalars
/// (empty unless readsInputs) and grad's.
Value inputGrad(cnnc::ScalarMath &m, Kind kind, size_t count, ValueRange inputs,
                size_t index, Value grad) {
  switch (kind) {
  case Kind::add:
    return grad;
  case Kind::subtract:
    return index == 0 ? grad : m.neg(grad);
  case Kind::average:
    return m.div(grad, m.c(static_cast<double>(count)));
  case Kind::multiply: {
    Value product = grad;
    for (auto [i, x] : llvm::enumerate(inputs))
      if (i != index)
        product = m.mul(product, x);
    return product;
  }
  case Kind::maximum:
  case Kind::minimum:
    break;
  }
  return routeToEarliestExtreme(m, kind, inputs, index, grad);
}

struct ConvertMergeGrad : OpRewritePattern<cnn::MergeGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::MergeGradOp op,
                                PatternRewriter &rewriter) const override {
    Kind kind = op.getKind();
    auto index = static_cast<size_t>(op.getIndex());
    size_t count = op.getInputs().size();
    SmallVector<Value> operands;
    if (readsInputs(kind))
      operands.append(op.getInputs().begin(), op.getInputs().end());
    operands.push_back(op.getGrad());
    rewriter.replaceOp(
        op, cnnc::mapElements(rewriter, op.getLoc(), operands,
                              [&](OpBuilder &b, Location l, ValueRange args) {
                                cnnc::ScalarMath m(b, l);
                                return inputGrad(m, kind, count, args.drop_back(),
                                                 index, args.back());
                              }));
    return success();
  }
};

struct ConvertSlice : OpRewritePattern<cnn::SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::SliceOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto axis = static_cast<int64_t>(op.getAxis());
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
    offsets[axis] = rewriter.getIndexAttr(static_cast<int64_t>(op.getOffset()));
    SmallVector<OpFoldResult> sizes = {tensor::getMixedSize(rewriter, loc, op.getInput(), 0)};
    for (int64_t d = 1; d < type.getRank(); ++d)
      sizes.push_back(rewriter.getIndexAttr(type.getDimSize(d)));
    SmallVector<OpFoldResult> strides(type.getRank(), rewriter.getIndexAttr(1));
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, type, op.getInput(),
                                                        offsets, sizes, strides);
    return success();
  }
};
} // namespace

void cnnc::populateMergeGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertMergeGrad, ConvertSlice>(patterns.getContext());
}
