// Lowering of cnn.global_pool2d_grad: a share of each feature map's gradient, broadcast back over H and W and weighted per cell.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
using Kind = cnn::PoolKind;

/// (n, h, w, c) -> (n, c): where a cell of an NHWC tensor reads its map's row.
AffineMap rowOfCell(MLIRContext *ctx) {
  AffineExpr n, h, w, c;
  bindDims(ctx, n, h, w, c);
  return AffineMap::get(4, 0, {n, c}, ctx);
}

/// fn(x, rows...) for every cell of the NHWC `input`, each of the [N, C]
/// `rows` read at the cell's (n, c).
Value mapCells(OpBuilder &b, Location loc, Value input, ValueRange rows,
               cnnc::ElementsFn fn) {
  auto type = cast<RankedTensorType>(input.getType());
  AffineMap cell = b.getMultiDimIdentityMap(4);
  SmallVector<AffineMap> maps = {cell};
  maps.append(rows.size(), rowOfCell(b.getContext()));
  maps.push_back(cell);
  SmallVector<Value> operands = {input};
  operands.append(rows.begin(), rows.end());
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{type}, operands,
          ValueRange{cnnc::createEmpty(b, loc, type, input)}, maps,
          SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
          [&](OpBuilder &nb, Location l, ValueRange args) {
            nb.create<linalg::YieldOp>(l, fn(nb, l, args.drop_back()));
          })
      .getResult(0);
}

/// The number of cells of each feature map of `input` equal to its extreme `y`.
Value countExtremes(OpBuilder &b, Location loc, Value input, Value y) {
  auto rowType = cast<RankedTensorType>(y.getType());
  MLIRContext *ctx = b.getContext();
  AffineMap row = rowOfCell(ctx);
  SmallVector<utils::IteratorType> iterators = {
      utils::IteratorType::parallel, utils::IteratorType::reduction,
      utils::IteratorType::reduction, utils::IteratorType::parallel};
  return b
      .create<linalg::GenericOp>(
          loc, TypeRange{rowType}, ValueRange{input, y},
          ValueRange{cnnc::createFilled(b, loc, rowType, y, 0.0)},
          ArrayRef<AffineMap>{b.getMultiDimIdentityMap(4), row, row}, iterators,
          [&](OpBuilder &nb, Location l, ValueRange args) {
            cnnc::ScalarMath m(nb, l);
            Value tied = m.cmp(arith::CmpFPredicate::OEQ, args[0], args[1]);
            Value one = m.c(1.0), zero = m.c(0.0);
            Value counted = m.select(tied, one, zero);
            nb.create<linalg::YieldOp>(l, m.add(args[2], counted));
          })
      .getResult(0);
}

/// max and min: each map's gradient split evenly among its tied extremes.
Value splitAmongExtremes(OpBuilder &b, cnn::GlobalPool2DGradOp op, Value dy,
                         Value y) {
  Location loc = op.getLoc();
  Value count = countExtremes(b, loc, op.getInput(), y);
  Value share = cnnc::mapElements(b, loc, {dy, count},
                                  [](OpBuilder &nb, Location l, ValueRange e) {
                                    return cnnc::ScalarMath(nb, l).div(e[0], e[1]);
                                  });
  return mapCells(b, loc, op.getInput(), {y, share},
                  [](OpBuilder &nb, Location l, ValueRange e) {
                    cnnc::ScalarMath m(nb, l);
                    Value tied = m.cmp(arith::CmpFPredicate::OEQ, e[0], e[1]);
                    return m.select(tied, e[2], m.c(0.0));
                  });
}

/// l2 and lp: x^(p-1) times the map's grad * y^(1-p).
Value powerMeanGrad(OpBuilder &b, cnn::GlobalPool2DGradOp op, Value dy, Value y) {
  Location loc = op.getLoc();
  Kind kind = op.getKind();
  auto p = op.getP();
  Value share = cnnc::mapElements(
      b, loc, {dy, y}, [&](OpBuilder &nb, Location l, ValueRange e) {
        return cnnc::powerMeanShare(nb, l, kind, p, e[0], e[1]);
      });
  return mapCells(b, loc, op.getInput(), {share},
                  [&](OpBuilder &nb, Location l, ValueRange e) {
                    Value weight = cnnc::powerMeanWeight(nb, l, kind, p, e[0]);
                    return cnnc::ScalarMath(nb, l).mul(weight, e[1]);
                  });
}

/// avg: every cell gets grad / (H * W).
Value spreadAverage(OpBuilder &b, cnn::GlobalPool2DGradOp op, Value dy) {
  Location loc = op.getLoc();
  auto shape = op.getInput().getType().getShape();
  Value share = cnnc::divideBy(b, loc, dy, static_cast<double>(shape[1] * shape[2]));
  Value init = cnnc::createEmpty(b, loc, op.getInput().getType(), op.getInput());
  return b.create<linalg::BroadcastOp>(loc, share, init, ArrayRef<int64_t>{1, 2})
      .getResult()[0];
}

struct ConvertGlobalPool2DGrad : OpRewritePattern<cnn::GlobalPool2DGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::GlobalPool2DGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value dy = op.getGrad();
    if (op.getKeepdims())
      dy = rewriter.create<tensor::CollapseShapeOp>(
          loc, dy, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
    if (op.getKind() == Kind::avg) {
      rewriter.replaceOp(op, spreadAverage(rewriter, op, dy));
      return success();
    }
    // The forward result, recomputed in its [N, C] form.
    Value y = rewriter.create<cnn::GlobalPool2DOp>(loc, dy.getType(), op.getKindAttr(),
                                                   op.getInput(), UnitAttr(),
                                                   op.getPAttr());
    bool extreme = op.getKind() == Kind::max || op.getKind() == Kind::min;
    rewriter.replaceOp(op, extreme ? splitAmongExtremes(rewriter, op, dy, y)
                                   : powerMeanGrad(rewriter, op, dy, y));
    return success();
  }
};
} // namespace

void cnnc::populateGlobalPoolGradToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertGlobalPool2DGrad>(patterns.getContext());
}
