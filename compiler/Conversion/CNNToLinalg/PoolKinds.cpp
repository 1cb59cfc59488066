// What each pooling kind computes, shared by spatial, global and channel pooling so that they agree.
#include "Conversion/CNNToLinalg/PoolKinds.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;

namespace cnnc {

double poolIdentity(cnn::PoolKind kind) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  switch (kind) {
  case cnn::PoolKind::max:
    return -inf;
  case cnn::PoolKind::min:
    return inf;
  case cnn::PoolKind::avg:
  case cnn::PoolKind::l2:
  case cnn::PoolKind::lp:
    break;
  }
  return 0.0;
}

Value combinePool(OpBuilder &b, Location loc, cnn::PoolKind kind, Value x,
                  Value acc) {
  switch (kind) {
  case cnn::PoolKind::max:
    return b.create<arith::MaximumFOp>(loc, x, acc);
  case cnn::PoolKind::min:
    return b.create<arith::MinimumFOp>(loc, x, acc);
  case cnn::PoolKind::avg:
  case cnn::PoolKind::l2:
  case cnn::PoolKind::lp:
    break;
  }
  return b.create<arith::AddFOp>(loc, x, acc);
}

static float exponent(std::optional<APFloat> p) {
  return p ? p->convertToFloat() : 2.0f;
}

/// What is summed for l2 (x^2) and lp (x^p); the input itself otherwise.
static Value preparePool(OpBuilder &b, Location loc, cnn::PoolKind kind,
                         std::optional<APFloat> p, Value input) {
  if (kind == cnn::PoolKind::l2)
    return mapElementwise(b, loc, input, [](OpBuilder &nb, Location l, Value x) {
      return nb.create<arith::MulFOp>(l, x, x).getResult();
    });
  if (kind == cnn::PoolKind::lp) {
    float e = exponent(p);
    return mapElementwise(b, loc, input, [e](OpBuilder &nb, Location l, Value x) {
      return nb.create<math::PowFOp>(l, x, f32Constant(nb, l, e)).getResult();
    });
  }
  return input;
}

/// Turns sums into results for l2 (sqrt) and lp (^(1/p)); the identity
/// otherwise. (Averages are divided by lowerPooling's caller, who knows the
/// counts.)
static Value finishPool(OpBuilder &b, Location loc, cnn::PoolKind kind,
                        std::optional<APFloat> p, Value sums) {
  if (kind == cnn::PoolKind::l2)
    return mapElementwise(b, loc, sums, [](OpBuilder &nb, Location l, Value s) {
      return nb.create<math::SqrtOp>(l, s).getResult();
    });
  if (kind == cnn::PoolKind::lp) {
    float inverse = 1.0f / exponent(p);
    return mapElementwise(b, loc, sums, [inverse](OpBuilder &nb, Location l, Value s) {
      return nb.create<math::PowFOp>(l, s, f32Constant(nb, l, inverse)).getResult();
    });
  }
  return sums;
}

Value lowerPooling(OpBuilder &b, Location loc, cnn::PoolKind kind,
                   std::optional<APFloat> p, Value input,
                   function_ref<Value(Value)> reduce,
                   function_ref<Value(Value)> average) {
  Value result = reduce(preparePool(b, loc, kind, p, input));
  if (kind == cnn::PoolKind::avg)
    result = average(result);
  return finishPool(b, loc, kind, p, result);
}

Value powerMeanShare(OpBuilder &b, Location loc, cnn::PoolKind kind,
                     std::optional<APFloat> p, Value grad, Value y) {
  ScalarMath m(b, loc);
  Value zero = m.c(0.0);
  Value scaled = kind == cnn::PoolKind::l2
                     ? m.div(grad, y)
                     : m.mul(grad, m.pow(y, m.c(1.0 - exponent(p))));
  return m.select(m.cmp(arith::CmpFPredicate::OEQ, y, zero), zero, scaled);
}

Value powerMeanWeight(OpBuilder &b, Location loc, cnn::PoolKind kind,
                      std::optional<APFloat> p, Value x) {
  if (kind == cnn::PoolKind::l2)
    return x;
  ScalarMath m(b, loc);
  return m.pow(x, m.c(exponent(p) - 1.0));
}

Value powerMeanGradient(OpBuilder &b, Location loc, cnn::PoolKind kind,
                        std::optional<APFloat> p, Value input, Value grad, Value y,
                        function_ref<Value(Value)> gather) {
  Value shares = mapElements(b, loc, {grad, y}, [&](OpBuilder &nb, Location l, ValueRange e) {
    return powerMeanShare(nb, l, kind, p, e[0], e[1]);
  });
  Value sums = gather(shares);
  return mapElements(b, loc, {input, sums}, [&](OpBuilder &nb, Location l, ValueRange e) {
    Value weight = powerMeanWeight(nb, l, kind, p, e[0]);
    return ScalarMath(nb, l).mul(weight, e[1]);
  });
}

Value divideBy(OpBuilder &b, Location loc, Value sums, double count) {
  return mapElementwise(b, loc, sums, [count](OpBuilder &nb, Location l, Value s) {
    return nb.create<arith::DivFOp>(l, s, f32Constant(nb, l, count)).getResult();
  });
}

} // namespace cnnc
