// The scalar derivative of each elementwise activation, of the formula ActivationFunctions builds.
#include "Conversion/CNNToLinalg/ActivationDerivatives.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;

namespace {
/// ScalarMath with the derivatives' own pieces.
struct Scalar : cnnc::ScalarMath {
  using ScalarMath::ScalarMath;
  /// d/dx of (x > 0 ? x : alpha * (exp(x) - 1)).
  Value eluDerivative(Value x, double alpha) {
    return select(greater(x, c(0)), c(1), mul(c(alpha), exp(x)));
  }
  /// `slope` where lo < v < hi (the clip's middle piece), else 0.
  Value insideClip(Value v, double lo, double hi, double slope) {
    // One statement per op, so that the IR's order does not depend on the
    // compiler's order of evaluating arguments.
    Value above = greater(v, c(lo));
    Value below = less(v, c(hi));
    Value inside = both(above, below);
    Value inner = c(slope);
    return select(inside, inner, c(0));
  }
};

double attrOr(std::optional<APFloat> attr, double fallback) {
  return attr ? attr->convertToDouble() : fallback;
}

/// The forward is x > threshold ? clip(x, 0, max_value) : alpha*(x - threshold):
/// alpha at or below the threshold; above it 1 inside (0, max_value), else 0.
Value reluDerivative(Scalar &s, cnn::ActivationGradOp op, Value x) {
  double slope = attrOr(op.getAlpha(), 0.0);
  double threshold = attrOr(op.getThreshold(), 0.0);
  Value middle = s.greater(x, s.c(0));
  Value one = s.c(1);
  Value zero = s.c(0);
  if (slope == 0.0 && threshold == 0.0 && !op.getMaxValue())
    return s.select(middle, one, zero);
  if (op.getMaxValue()) {
    Value belowMax = s.less(x, s.c(op.getMaxValue()->convertToDouble()));
    middle = s.both(middle, belowMax);
  }
  Value positive = s.select(middle, one, zero);
  Value above = s.greater(x, s.c(threshold));
  return s.select(above, positive, s.c(slope));
}

/// d/dx of x * (1 + erf(x / sqrt 2)) / 2: Phi(x) + x * phi(x).
Value geluDerivative(OpBuilder &b, Scalar &s, Value x) {
  Value erf = b.create<math::ErfOp>(s.loc, s.div(x, s.c(std::sqrt(2.0))));
  Value cdf = s.mul(s.c(0.5), s.add(s.c(1), erf));
  Value pdf = s.mul(s.c(1.0 / std::sqrt(2.0 * M_PI)),
                    s.exp(s.mul(s.c(-0.5), s.mul(x, x))));
  return s.add(cdf, s.mul(x, pdf));
}

/// d/dx of x * (1 + tanh(u)) / 2 with u = sqrt(2/pi) * (x + 0.044715 x^3):
/// (1 + t) / 2 + x (1 - t^2) / 2 * sqrt(2/pi) * (1 + 3 * 0.044715 x^2).
Value geluTanhDerivative(Scalar &s, Value x) {
  double k = std::sqrt(2.0 / M_PI);
  Value square = s.mul(x, x);
  Value u = s.mul(s.c(k), s.add(x, s.mul(s.c(0.044715), s.mul(square, x))));
  Value t = s.tanh(u);
  Value du = s.mul(s.c(k), s.add(s.c(1), s.mul(s.c(3 * 0.044715), square)));
  Value dt = s.mul(s.sub(s.c(1), s.mul(t, t)), du);
  return s.add(s.mul(s.c(0.5), s.add(s.c(1), t)), s.mul(s.mul(s.c(0.5), x), dt));
}

/// d/dx of x * tanh(softplus(x)): tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2).
Value mishDerivative(Scalar &s, Value x) {
  Value t = s.tanh(s.softplus(x));
  Value slope = s.sub(s.c(1), s.mul(t, t));
  return s.add(t, s.mul(s.mul(x, s.sigmoid(x)), slope));
}
} // namespace

Value cnnc::applyActivationDerivative(OpBuilder &b, Location loc,
                                      cnn::ActivationGradOp op, Value x) {
  Scalar s{b, loc};
  constexpr double seluAlpha = 1.6732632423543772848170429916717;
  constexpr double seluScale = 1.0507009873554804934193349852946;
  switch (op.getKind()) {
  case cnn::ActivationKind::relu:
    return reluDerivative(s, op, x);
  case cnn::ActivationKind::elu:
    return s.eluDerivative(x, attrOr(op.getAlpha(), 1.0));
  case cnn::ActivationKind::selu:
    return s.mul(s.c(seluScale), s.eluDerivative(x, seluAlpha));
  case cnn::ActivationKind::sigmoid: {
    Value y = s.sigmoid(x);
    return s.mul(y, s.sub(s.c(1), y));
  }
  case cnn::ActivationKind::hard_sigmoid:
    // The forward clips 0.2x + 0.5 to [0, 1]: flat where the clip bites.
    return s.insideClip(s.add(s.mul(s.c(0.2), x), s.c(0.5)), 0, 1, 0.2);
  case cnn::ActivationKind::hard_sigmoid6:
    return s.insideClip(s.add(s.div(x, s.c(6)), s.c(0.5)), 0, 1, 1.0 / 6.0);
  case cnn::ActivationKind::tanh: {
    Value t = s.tanh(x);
    return s.sub(s.c(1), s.mul(t, t));
  }
  case cnn::ActivationKind::softplus:
    return s.sigmoid(x);
  case cnn::ActivationKind::softsign: {
    Value d = s.add(s.c(1), s.abs(x));
    return s.div(s.c(1), s.mul(d, d));
  }
  case cnn::ActivationKind::swish: {
    Value y = s.sigmoid(x);
    return s.add(y, s.mul(s.mul(x, y), s.sub(s.c(1), y)));
  }
  case cnn::ActivationKind::gelu:
    return geluDerivative(b, s, x);
  case cnn::ActivationKind::gelu_tanh:
    return geluTanhDerivative(s, x);
  case cnn::ActivationKind::exponential:
    return s.exp(x);
  case cnn::ActivationKind::mish:
    return mishDerivative(s, x);
  case cnn::ActivationKind::linear:
  case cnn::ActivationKind::softmax:
  case cnn::ActivationKind::log_softmax:
    break;
  }
  return s.c(1);
}
