// Puts the forward pass of a gradient function in training mode (dropout masks, batch statistics).
#include "TrainingMode.h"

#include "cnn/IR/CNNOps.h"

#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

using namespace mlir;

namespace {

/// Each dropout draws its mask from the seed and its own stream.
void useDropoutMasks(func::FuncOp func, Value seed) {
  OpBuilder b(func.getContext());
  int64_t stream = 0;
  func.walk([&](cnn::DropoutOp dropout) {
    b.setInsertionPoint(dropout);
    dropout.replaceAllUsesWith(b.create<cnn::DropoutTrainOp>(
                                   dropout.getLoc(), dropout.getType(),
                                   dropout.getInput(), seed, dropout.getRateAttr(),
                                   b.getI64IntegerAttr(stream++))
                                   .getResult());
    dropout.erase();
  });
}

/// `statistic` (a moving mean or variance) updated with the batch's `value`
/// and stored back into the global it was loaded from.
LogicalResult storeMovingAverage(OpBuilder &b, cnn::BatchNormOp bn, Value statistic,
                                 Value value, StringRef what) {
  auto load = statistic.getDefiningOp<ml_program::GlobalLoadOp>();
  if (!load)
    return bn.emitOpError("updates its moving ")
           << what << " while training, so it must be model state (loaded "
           << "from an ml_program.global)";
  Value updated = b.create<cnn::MovingAverageOp>(bn.getLoc(), statistic, value,
                                                 bn.getMomentumAttr());
  b.create<ml_program::GlobalStoreOp>(bn.getLoc(), load.getGlobalAttr(), updated);
  return success();
}

/// Each batch norm with a momentum normalises with the batch's statistics
/// and updates its moving ones, as Keras' layer does when training.
LogicalResult useBatchStatistics(func::FuncOp func) {
  SmallVector<cnn::BatchNormOp> learning;
  func.walk([&](cnn::BatchNormOp bn) {
    if (bn.getMomentumAttr())
      learning.push_back(bn);
  });
  OpBuilder b(func.getContext());
  for (cnn::BatchNormOp bn : learning) {
    b.setInsertionPoint(bn);
    auto train = b.create<cnn::BatchNormTrainOp>(bn.getLoc(), bn.getInput(),
                                                 bn.getGamma(), bn.getBeta(),
                                                 bn.getEpsilonAttr());
    if (failed(storeMovingAverage(b, bn, bn.getMean(), train.getMean(), "mean")) ||
        failed(storeMovingAverage(b, bn, bn.getVariance(), train.getVariance(),
                                  "variance")))
      return failure();
    bn.replaceAllUsesWith(train.getOutput());
    bn.erase();
  }
  return success();
}

/// Each max and min pool keeps its windows' winners for the gradient.
void keepPoolWinners(func::FuncOp func) {
  OpBuilder b(func.getContext());
  func.walk([&](cnn::Pool2DOp pool) {
    if (pool.getKind() != cnn::PoolKind::max && pool.getKind() != cnn::PoolKind::min)
      return;
    b.setInsertionPoint(pool);
    auto outputType = cast<RankedTensorType>(pool.getType());
    auto winners = b.create<cnn::Pool2DWithWinnersOp>(
        pool.getLoc(), outputType,
        RankedTensorType::get(outputType.getShape(), b.getI32Type()), pool.getKindAttr(),
        pool.getInput(), pool.getWindowAttr(), pool.getStridesAttr(), pool.getPaddingAttr());
    pool.replaceAllUsesWith(winners.getOutput());
    pool.erase();
  });
}

} // namespace

LogicalResult cnn::useTrainingMode(func::FuncOp func) {
  OpBuilder b(func.getContext());
  auto seedType = RankedTensorType::get({}, b.getI64Type());
  func.insertArgument(func.getNumArguments(), seedType,
                      b.getDictionaryAttr(b.getNamedAttr("bufferization.writable",
                                                         b.getBoolAttr(false))),
                      func.getLoc());
  useDropoutMasks(func, func.getArguments().back());
  keepPoolWinners(func);
  return useBatchStatistics(func);
}
