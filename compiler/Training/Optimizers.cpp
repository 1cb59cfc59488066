// The compiled optimizer step: Keras' update rules for SGD, Adam, RMSprop and Adagrad as one linalg.generic on the flat buffers.
#include "Training/TrainingProgram.h"
#include "Conversion/ScalarMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace cnnc {
namespace {


/// The hyperparameters one step reads, loaded once outside the loop.
struct Hyper {
  Value lr, beta1, beta2, epsilon, momentum, rho;
  Value adamAlpha; // lr * sqrt(1 - beta2^t) / (1 - beta1^t)
};

Hyper loadHyper(OpBuilder &b, Location loc, Value hyper, const TrainingOptions &o) {
  auto at = [&](cnnrt_hyperparameter i) -> Value {
    Value index = b.create<arith::ConstantIndexOp>(loc, i);
    return b.create<memref::LoadOp>(loc, hyper, ValueRange{index});
  };
  Hyper h{at(CNNRT_HYPER_LEARNING_RATE), at(CNNRT_HYPER_BETA_1),
          at(CNNRT_HYPER_BETA_2),        at(CNNRT_HYPER_EPSILON),
          at(CNNRT_HYPER_MOMENTUM),      at(CNNRT_HYPER_RHO),
          Value()};
  if (o.optimizer == CNNRT_OPTIMIZER_ADAM) {
    ScalarMath a{b, loc};
    Value step = at(CNNRT_HYPER_STEP);
    Value one = a.c(1.0);
    h.adamAlpha = a.div(a.mul(h.lr, a.sqrt(a.sub(one, a.pow(h.beta2, step)))),
                        a.sub(one, a.pow(h.beta1, step)));
  }
  return h;
}

/// New values of (w, slots...) from g: Keras 3's update rules.
SmallVector<Value> update(ScalarMath &a, const TrainingOptions &o, const Hyper &h,
                          Value g, Value w, ValueRange slots) {
  Value one = a.c(1.0);
  switch (o.optimizer) {
  case CNNRT_OPTIMIZER_SGD: {
    if (o.slots == 0)
      return {a.sub(w, a.mul(h.lr, g))};
    Value m = a.sub(a.mul(h.momentum, slots[0]), a.mul(h.lr, g));
    Value step = o.nesterov ? a.sub(a.mul(h.momentum, m), a.mul(h.lr, g)) : m;
    return {a.add(w, step), m};
  }
  case CNNRT_OPTIMIZER_ADAM: {
    Value m = a.add(slots[0], a.mul(a.sub(g, slots[0]), a.sub(one, h.beta1)));
    Value v = a.add(slots[1], a.mul(a.sub(a.mul(g, g), slots[1]), a.sub(one, h.beta2)));
    Value denominator = v;
    SmallVector<Value> result = {Value(), m, v};
    if (o.amsgrad) {
      denominator = a.max(slots[2], v);
      result.push_back(denominator);
    }
    result[0] = a.sub(w, a.div(a.mul(m, h.adamAlpha), a.add(a.sqrt(denominator), h.epsilon)));
    return result;
  }
  case CNNRT_OPTIMIZER_RMSPROP: {
    Value v = a.add(a.mul(h.rho, slots[0]), a.mul(a.sub(one, h.rho), a.mul(g, g)));
    SmallVector<Value> result = {Value(), v};
    bool momentum = o.slots - 1 - o.centered > 0;
    Value denominator = a.add(v, h.epsilon);
    Value average;
    if (o.centered) {
      average = a.add(a.mul(h.rho, slots.back()), a.mul(a.sub(one, h.rho), g));
      denominator = a.add(a.sub(v, a.mul(average, average)), h.epsilon);
    }
    Value increment = a.div(a.mul(h.lr, g), a.sqrt(denominator));
    if (momentum) {
      increment = a.add(a.mul(h.momentum, slots[1]), increment);
      result.push_back(increment);
    }
    if (o.centered)
      result.push_back(average);
    result[0] = a.sub(w, increment);
    return result;
  }
  case CNNRT_OPTIMIZER_ADAGRAD: {
    Value accumulator = a.add(slots[0], a.mul(g, g));
    return {a.sub(w, a.div(a.mul(h.lr, g), a.sqrt(a.add(accumulator, h.epsilon)))),
            accumulator};
  }
  }
  llvm_unreachable("unknown optimizer");
}

} // namespace

void addOptimizerFunction(ModuleOp module, const CompiledFunctions &functions,
                          const TrainingOptions &options) {
  module.getContext()->loadDialect<arith::ArithDialect, linalg::LinalgDialect,
                                   math::MathDialect, memref::MemRefDialect>();
  Location loc = module.getLoc();
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  auto vector = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  auto func = b.create<func::FuncOp>(
      loc, functions.applyGradients,
      b.getFunctionType({vector, vector, vector, vector}, {}));
  func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
  b.setInsertionPointToStart(func.addEntryBlock());
  Value params = func.getArgument(0), slots = func.getArgument(1),
        grads = func.getArgument(2), hyper = func.getArgument(3);
  Value count = b.create<memref::DimOp>(loc, grads, 0);
  // params[0, T) and slot k at slots[k*T, (k+1)*T).
  auto slice = [&](Value buffer, int64_t k) -> Value {
    Value offset = b.create<arith::MulIOp>(
        loc, count, b.create<arith::ConstantIndexOp>(loc, k));
    return b.create<memref::SubViewOp>(loc, buffer, ArrayRef<OpFoldResult>{offset},
                                       ArrayRef<OpFoldResult>{count},
                                       ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  };
  SmallVector<Value> outputs = {slice(params, 0)};
  for (int k = 0; k < options.slots; ++k)
    outputs.push_back(slice(slots, k));
  Hyper h = loadHyper(b, loc, hyper, options);
  auto map = b.getMultiDimIdentityMap(1);
  SmallVector<AffineMap> maps(1 + outputs.size(), map);
  b.create<linalg::GenericOp>(
      loc, TypeRange{}, ValueRange{grads}, outputs, maps,
      ArrayRef<utils::IteratorType>{utils::IteratorType::parallel},
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        ScalarMath a{nb, nloc};
        nb.create<linalg::YieldOp>(
            nloc, update(a, options, h, args[0], args[1], args.drop_front(2)));
      });
  b.create<func::ReturnOp>(loc);
}

} // namespace cnnc
