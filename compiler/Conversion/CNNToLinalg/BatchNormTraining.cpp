// Lowering of batch normalisation's training ops: the batch's statistics, their gradient, the moving averages.
#include "Conversion/CNNToLinalg/CNNToLinalg.h"
#include "Conversion/CNNToLinalg/Normalization.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"
#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <cstdio>
#include <cstdlib>

using namespace mlir;

namespace {
using TermsFn = function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>;

/// The number of values per channel (every dimension but the last), as f32.
Value countPerChannel(OpBuilder &b, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t known = 1;
  Value count = b.create<arith::ConstantIndexOp>(loc, 1);
  for (int64_t d = 0; d + 1 < type.getRank(); ++d) {
    if (type.isDynamicDim(d))
      count = b.create<arith::MulIOp>(loc, count, b.create<tensor::DimOp>(loc, input, d));
    else
      known *= type.getDimSize(d);
  }
  count = b.create<arith::MulIOp>(loc, count, b.create<arith::ConstantIndexOp>(loc, known));
  Value asInt = b.create<arith::IndexCastOp>(loc, b.getI64Type(), count);
  return b.create<arith::SIToFPOp>(loc, b.getF32Type(), asInt);
}

/// The generic's indexing maps: identity for `tensors` (the input's shape),
/// the channel (last) dimension for `vectors`, then `outputs` maps.
SmallVector<AffineMap> channelMaps(OpBuilder &b, int64_t rank, size_t tensors,
                                   size_t vectors, AffineMap output, size_t outputs) {
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  SmallVector<AffineMap> maps(tensors, id);
  maps.append(vectors, channel);
  maps.append(outputs, output);
  return maps;
}

/// Per channel, the sums over every other axis of each of the terms that
/// `fn` gives for the elements of `tensors` and `vectors` (per channel).
SmallVector<Value> sumPerChannel(OpBuilder &b, Location loc, ValueRange tensors,
                                 ValueRange vectors, unsigned terms, TermsFn fn) {
  auto type = cast<RankedTensorType>(tensors[0].getType());
  int64_t rank = type.getRank();
  auto vectorType = RankedTensorType::get({type.getShape().back()}, b.getF32Type());
  SmallVector<Value> zeros;
  for (unsigned i = 0; i < terms; ++i)
    zeros.push_back(cnnc::createFilled(b, loc, vectorType, Value(), 0.0));
  SmallVector<utils::IteratorType> iterators(rank - 1, utils::IteratorType::reduction);
  iterators.push_back(utils::IteratorType::parallel);
  AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(rank - 1));
  SmallVector<Value> inputs(tensors);
  inputs.append(vectors.begin(), vectors.end());
  auto generic = b.create<linalg::GenericOp>(
      loc, SmallVector<Type>(terms, vectorType), inputs, zeros,
      channelMaps(b, rank, tensors.size(), vectors.size(), channel, terms), iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        SmallVector<Value> values = fn(nb, l, args.take_front(inputs.size()));
        SmallVector<Value> sums;
        for (auto [value, acc] : llvm::zip(values, args.drop_front(inputs.size())))
          sums.push_back(nb.create<arith::AddFOp>(l, acc, value));
        nb.create<linalg::YieldOp>(l, sums);
      });
  return generic.getResults();
}

/// fn of the elements of `tensors` and `vectors` (per channel) at every
/// position of tensors[0], whose type the result has.
Value mapPerChannel(OpBuilder &b, Location loc, ValueRange tensors, ValueRange vectors,
                    cnnc::ElementsFn fn) {
  auto type = cast<RankedTensorType>(tensors[0].getType());
  int64_t rank = type.getRank();
  SmallVector<Value> inputs(tensors);
  inputs.append(vectors.begin(), vectors.end());
  auto generic = b.create<linalg::GenericOp>(
      loc, TypeRange{type}, inputs, ValueRange{cnnc::createEmpty(b, loc, type, tensors[0])},
      channelMaps(b, rank, tensors.size(), vectors.size(), b.getMultiDimIdentityMap(rank), 1),
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
      [&](OpBuilder &nb, Location l, ValueRange args) {
        nb.create<linalg::YieldOp>(l, fn(nb, l, args.drop_back()));
      });
  return generic.getResult(0);
}

/// (x - mean) * invStd.
Value normalized(OpBuilder &b, Location loc, Value x, Value mean, Value invStd) {
  return b.create<arith::MulFOp>(loc, b.create<arith::SubFOp>(loc, x, mean), invStd);
}

/// mean = sum(x) / M, variance = sum((x - mean)^2) / M, as keras.ops.moments
/// (tf.nn.moments) computes them, then the normalised output.
struct ConvertBatchNormTrain : OpRewritePattern<cnn::BatchNormTrainOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::BatchNormTrainOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput();
    Value count = countPerChannel(rewriter, loc, x);
    auto perCount = [&](Value sum) {
      return cnnc::mapElements(rewriter, loc, sum,
                               [&](OpBuilder &b, Location l, ValueRange args) -> Value {
                                 return b.create<arith::DivFOp>(l, args[0], count);
                               });
    };
    Value sum = sumPerChannel(rewriter, loc, x, {}, 1,
                              [](OpBuilder &, Location, ValueRange args) {
                                return SmallVector<Value>{args[0]};
                              })[0];
    Value mean = perCount(sum);
    Value squares = sumPerChannel(
        rewriter, loc, x, mean, 1, [](OpBuilder &b, Location l, ValueRange args) {
          Value centered = b.create<arith::SubFOp>(l, args[0], args[1]);
          return SmallVector<Value>{b.create<arith::MulFOp>(l, centered, centered)};
        })[0];
    Value variance = perCount(squares);
    Value output = cnnc::normalizeChannels(rewriter, loc, x, op.getGamma(), op.getBeta(),
                                           mean, variance,
                                           op.getEpsilon().convertToFloat());
    rewriter.replaceOp(op, {output, mean, variance});
    return success();
  }
};

/// With xhat = (x - mean) * invStd: beta_grad = sum(dy), gamma_grad =
/// sum(dy * xhat), input_grad = gamma * invStd / M * (M * dy - beta_grad -
/// xhat * gamma_grad).
struct ConvertBatchNormGrad : OpRewritePattern<cnn::BatchNormGradOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::BatchNormGradOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = op.getInput(), dy = op.getGrad();
    float epsilon = op.getEpsilon().convertToFloat();
    Value invStd = cnnc::mapElements(
        rewriter, loc, op.getVariance(), [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          return b.create<math::RsqrtOp>(
              l, b.create<arith::AddFOp>(l, args[0], cnnc::f32Constant(b, l, epsilon)));
        });
    SmallVector<Value> sums = sumPerChannel(
        rewriter, loc, {x, dy}, {op.getMean(), invStd}, 2,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value xhat = normalized(b, l, args[0], args[2], args[3]);
          return SmallVector<Value>{args[1], b.create<arith::MulFOp>(l, args[1], xhat)};
        });
    Value betaGrad = sums[0], gammaGrad = sums[1];
    Value count = countPerChannel(rewriter, loc, x);
    Value inputGrad = mapPerChannel(
        rewriter, loc, {x, dy}, {op.getMean(), invStd, op.getGamma(), betaGrad, gammaGrad},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          cnnc::ScalarMath m(b, l);
          Value xhat = normalized(b, l, args[0], args[2], args[3]);
          Value scaledDy = m.mul(count, args[1]);
          Value lessBeta = m.sub(scaledDy, args[5]);
          Value gammaTerm = m.mul(xhat, args[6]);
          Value centered = m.sub(lessBeta, gammaTerm);
          Value factor = m.div(m.mul(args[4], args[3]), count);
          return m.mul(factor, centered);
        });
    rewriter.replaceOp(op, {inputGrad, gammaGrad, betaGrad});
    return success();
  }
};

/// The number the model file wrote, from its f32 attribute: the shortest
/// decimal that reads back as the same float (0.9f -> 0.9).
double asWritten(APFloat value) {
  float f = value.convertToFloat();
  for (int digits = 1; digits < 9; ++digits) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*g", digits, f);
    double written = std::strtod(text, nullptr);
    if (static_cast<float>(written) == f)
      return written;
  }
  return f;
}

/// average * momentum + value * (1 - momentum), with 1 - momentum taken in
/// double from the written momentum, as Keras' Python does.
struct ConvertMovingAverage : OpRewritePattern<cnn::MovingAverageOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(cnn::MovingAverageOp op,
                                PatternRewriter &rewriter) const override {
    double momentum = asWritten(op.getMomentum());
    Value result = cnnc::mapElements(
        rewriter, op.getLoc(), {op.getAverage(), op.getValue()},
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          Value kept = b.create<arith::MulFOp>(l, args[0], cnnc::f32Constant(b, l, momentum));
          Value added = b.create<arith::MulFOp>(l, args[1],
                                                cnnc::f32Constant(b, l, 1.0 - momentum));
          return b.create<arith::AddFOp>(l, kept, added);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void cnnc::populateBatchNormTrainingToLinalgPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertBatchNormTrain, ConvertBatchNormGrad, ConvertMovingAverage>(
      patterns.getContext());
}
