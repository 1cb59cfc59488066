// cnn-autodiff: builds the gradient function of a loss function from each op's gradient rule.
#include "TrainingMode.h"
#include "cnn/IR/CNNOps.h"
#include "cnn/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"

namespace cnn {
#define GEN_PASS_DEF_CNNAUTODIFF
#include "cnn/Transforms/Passes.h.inc"
} // namespace cnn

using namespace mlir;

namespace {

/// Gradients of values, summed where a value feeds several ops.
class Adjoints {
public:
  void add(OpBuilder &b, Location loc, Value value, Value grad) {
    auto [it, inserted] = grads.try_emplace(value, grad);
    if (!inserted)
      it->second = b.create<cnn::MergeOp>(
          loc, cnn::MergeKindAttr::get(b.getContext(), cnn::MergeKind::add),
          ValueRange{it->second, grad});
  }
  Value lookup(Value value) const { return grads.lookup(value); }

private:
  DenseMap<Value, Value> grads;
};

/// The values of `func` that depend on a trainable weight.
DenseSet<Value> activeValues(func::FuncOp func,
                             const DenseSet<StringAttr> &trainable) {
  DenseSet<Value> active;
  func.walk([&](Operation *op) {
    if (auto load = dyn_cast<ml_program::GlobalLoadOp>(op)) {
      if (trainable.contains(load.getGlobal().getRootReference()))
        active.insert(load.getResult());
      return;
    }
    if (llvm::any_of(op->getOperands(),
                     [&](Value v) { return active.contains(v); }))
      active.insert(op->result_begin(), op->result_end());
  });
  return active;
}

/// Appends to `func` (before its return) the backward ops of every forward
/// op that lies between a trainable weight and `loss`, seeded with 1.
LogicalResult buildBackward(func::FuncOp func, Value loss,
                            const DenseSet<Value> &active, Adjoints &adjoints) {
  Block &body = func.getBody().front();
  SmallVector<Operation *> forward;
  for (Operation &op : body.without_terminator())
    forward.push_back(&op);
  OpBuilder b(body.getTerminator());
  auto scalar = cast<RankedTensorType>(loss.getType());
  adjoints.add(b, loss.getLoc(), loss,
               b.create<arith::ConstantOp>(loss.getLoc(),
                                           DenseElementsAttr::get(scalar, 1.0f)));
  for (Operation *op : llvm::reverse(forward)) {
    if (llvm::none_of(op->getResults(), [&](Value r) { return adjoints.lookup(r); }))
      continue;
    SmallVector<bool> needed;
    for (Value operand : op->getOperands())
      needed.push_back(active.contains(operand));
    if (llvm::none_of(needed, [](bool n) { return n; }))
      continue;
    auto rule = dyn_cast<cnn::GradientOpInterface>(op);
    if (!rule)
      return op->emitOpError("has no gradient rule, so a model with it cannot "
                             "be trained yet");
    // Further results (a batch's statistics) feed no loss.
    for (Value result : op->getResults().drop_front())
      if (adjoints.lookup(result))
        return op->emitOpError("has a gradient rule for its first result only, "
                               "but result #")
               << cast<OpResult>(result).getResultNumber() << " reaches the loss";
    Value resultGrad = adjoints.lookup(op->getResult(0));
    auto grads = rule.buildGradients(b, resultGrad, needed);
    if (failed(grads))
      return failure();
    for (auto [operand, grad, need] :
         llvm::zip(op->getOperands(), *grads, needed))
      if (need && grad)
        adjoints.add(b, op->getLoc(), operand, grad);
  }
  return success();
}

/// The gradient of `global`: the sum over its loads, or zeros.
Value weightGradient(OpBuilder &b, func::FuncOp func,
                     ml_program::GlobalOp global, const Adjoints &adjoints) {
  Value sum;
  func.walk([&](ml_program::GlobalLoadOp load) {
    Value grad = adjoints.lookup(load.getResult());
    if (load.getGlobal().getRootReference() != global.getSymNameAttr() || !grad)
      return;
    sum = sum ? b.create<cnn::MergeOp>(
                    load.getLoc(),
                    cnn::MergeKindAttr::get(b.getContext(), cnn::MergeKind::add),
                    ValueRange{sum, grad})
              : grad;
  });
  if (sum)
    return sum;
  auto type = cast<RankedTensorType>(global.getType());
  return b.create<arith::ConstantOp>(global.getLoc(),
                                     DenseElementsAttr::get(type, 0.0f));
}

/// A cnn.loss, or one with penalties added.
bool isLoss(Value value) {
  while (auto penalty = value ? value.getDefiningOp<cnn::AddPenaltyOp>() : nullptr)
    value = penalty.getLoss();
  return value && value.getDefiningOp<cnn::LossOp>();
}

/// Builds the gradient function `name` of the loss function `source`.
LogicalResult buildGradientFunction(func::FuncOp source, StringRef name,
                                    ArrayRef<ml_program::GlobalOp> trainables) {
  OpBuilder moduleBuilder(source);
  moduleBuilder.setInsertionPointAfter(source);
  auto func = cast<func::FuncOp>(moduleBuilder.clone(*source));
  func.setSymName(name);
  func->removeAttr("cnn.differentiate");
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  Value loss = ret.getNumOperands() ? ret.getOperand(0) : Value();
  if (!isLoss(loss))
    return source.emitOpError("is to be differentiated, but its first result "
                              "is not computed by cnn.loss (with penalties "
                              "added by cnn.add_penalty)");
  if (failed(cnn::useTrainingMode(func)))
    return failure();
  DenseSet<StringAttr> trainableNames;
  for (ml_program::GlobalOp global : trainables)
    trainableNames.insert(global.getSymNameAttr());
  Adjoints adjoints;
  if (failed(buildBackward(func, loss, activeValues(func, trainableNames),
                           adjoints)))
    return failure();

  OpBuilder b(ret);
  SmallVector<Value> results = {loss};
  SmallVector<Attribute> weights;
  for (ml_program::GlobalOp global : trainables) {
    results.push_back(weightGradient(b, func, global, adjoints));
    weights.push_back(FlatSymbolRefAttr::get(global.getSymNameAttr()));
  }
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                 ValueRange(results).getTypes()));
  func->setAttr("cnn.gradients", b.getArrayAttr(weights));
  return success();
}

struct CNNAutodiff : cnn::impl::CNNAutodiffBase<CNNAutodiff> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> sources;
    for (auto func : module.getOps<func::FuncOp>())
      if (func->hasAttr("cnn.differentiate"))
        sources.push_back(func);
    if (sources.empty())
      return;
    SmallVector<ml_program::GlobalOp> trainables;
    for (auto global : module.getOps<ml_program::GlobalOp>())
      if (global->hasAttr("cnn.trainable"))
        trainables.push_back(global);
    for (func::FuncOp source : sources) {
      auto name = source->getAttrOfType<StringAttr>("cnn.differentiate");
      if (!name)
        return source.emitOpError("expected cnn.differentiate to name the "
                                  "gradient function"),
               signalPassFailure();
      if (failed(buildGradientFunction(source, name, trainables)))
        return signalPassFailure();
      source->removeAttr("cnn.differentiate");
    }
  }
};
} // namespace
