// Lowering of cnn.dropout_train: a counter-based random mask (SplitMix64 of seed, stream and index), scaled.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace {
/// i64 arithmetic for the generator (wrapping, as in C).
struct Bits {
  OpBuilder &b;
  Location loc;
  Value c(uint64_t v) {
    return b.create<arith::ConstantIntOp>(loc, static_cast<int64_t>(v), 64);
  }
  Value add(Value x, Value y) { return b.create<arith::AddIOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulIOp>(loc, x, y); }
  Value xorShift(Value x, unsigned s) {
    return b.create<arith::XOrIOp>(loc, x, b.create<arith::ShRUIOp>(loc, x, c(s)));
  }
  /// SplitMix64's finaliser: a bijection that mixes every input bit.
  Value mix(Value z) {
    z = mul(xorShift(z, 30), c(0xbf58476d1ce4e5b9ULL));
    z = mul(xorShift(z, 27), c(0x94d049bb133111ebULL));
    return xorShift(z, 31);
  }
};

/// The element's row-major index over all dimensions (the batch outermost).
Value linearIndex(OpBuilder &b, Location loc, RankedTensorType type) {
  Bits bits{b, loc};
  Value index = bits.c(0);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    Value i = b.create<arith::IndexCastOp>(loc, b.getI64Type(),
                                           b.create<linalg::IndexOp>(loc, d));
    int64_t size = d == 0 ? 1 : type.getDimSize(d);
    index = bits.add(bits.mul(index, bits.c(size)), i);
  }
  return index;
}

struct ConvertDropoutTrain : OpRewritePattern<cnn::DropoutTrainOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::DropoutTrainOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    float rate = op.getRate().convertToFloat();
    uint64_t stream = static_cast<uint64_t>(op.getStream());
    Value seed = rewriter.create<tensor::ExtractOp>(loc, op.getSeed(), ValueRange{});
    auto map = rewriter.getMultiDimIdentityMap(type.getRank());
    SmallVector<utils::IteratorType> iterators(type.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = rewriter.create<linalg::GenericOp>(
        loc, TypeRange{type}, ValueRange{op.getInput()},
        ValueRange{cnnc::createEmpty(rewriter, loc, type, op.getInput())},
        ArrayRef<AffineMap>{map, map}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Bits bits{b, l};
          cnnc::ScalarMath f{b, l};
          // One counter per (seed, stream, element).
          Value key = bits.add(bits.mul(seed, bits.c(0x9e3779b97f4a7c15ULL)),
                               bits.c(stream * 0xd1b54a32d192ed03ULL));
          Value z = bits.mix(bits.add(key, linearIndex(b, l, type)));
          Value top24 = b.create<arith::ShRUIOp>(l, z, bits.c(40));
          Value unit = f.mul(b.create<arith::UIToFPOp>(l, b.getF32Type(), top24),
                             f.c(1.0 / 16777216.0));
          Value keep = f.cmp(arith::CmpFPredicate::OGE, unit, f.c(rate));
          Value scaled = f.mul(args[0], f.c(1.0 / (1.0 - rate)));
          b.create<linalg::YieldOp>(l, f.select(keep, scaled, f.c(0)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};
} // namespace

void cnnc::populateDropoutTrainToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertDropoutTrain>(patterns.getContext());
}
