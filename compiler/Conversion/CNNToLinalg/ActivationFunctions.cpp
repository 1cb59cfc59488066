// The scalar formula of each elementwise activation, as Keras computes it.
#include "Conversion/CNNToLinalg/ActivationFunctions.h"
#include "Conversion/CNNToLinalg/Utils.h"
#include "Conversion/ScalarMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>

using namespace mlir;

namespace {
/// ScalarMath with the activations' own pieces.
struct Scalar : cnnc::ScalarMath {
  using ScalarMath::ScalarMath;
  Value clamp(Value x, double lo, double hi) { return min(max(x, c(lo)), c(hi)); }
  /// x > 0 ? x : alpha * (exp(x) - 1)
  Value elu(Value x, double alpha) {
    return select(greater(x, c(0)), x, mul(c(alpha), sub(exp(x), c(1))));
  }
};

double attrOr(std::optional<APFloat> attr, double fallback) {
  return attr ? attr->convertToDouble() : fallback;
}

/// Keras' relu with its parameters, as its backend computes it:
/// x > threshold ? clip(x, 0, max_value) : alpha * (x - threshold).
Value relu(Scalar &s, cnn::ActivationOp op, Value x) {
  double slope = attrOr(op.getAlpha(), 0.0), threshold = attrOr(op.getThreshold(), 0.0);
  if (slope == 0.0 && threshold == 0.0 && !op.getMaxValue())
    return s.max(x, s.c(0));
  Value positive = s.max(x, s.c(0));
  if (op.getMaxValue())
    positive = s.min(positive, s.c(op.getMaxValue()->convertToDouble()));
  Value negative = s.mul(s.c(slope), s.sub(x, s.c(threshold)));
  return s.select(s.greater(x, s.c(threshold)), positive, negative);
}
} // namespace

Value cnnc::applyActivation(OpBuilder &b, Location loc, cnn::ActivationOp op,
                            Value x) {
  Scalar s{b, loc};
  constexpr double seluAlpha = 1.6732632423543772848170429916717;
  constexpr double seluScale = 1.0507009873554804934193349852946;
  switch (op.getKind()) {
  case cnn::ActivationKind::relu:
    return relu(s, op, x);
  case cnn::ActivationKind::elu:
    return s.elu(x, attrOr(op.getAlpha(), 1.0));
  case cnn::ActivationKind::selu:
    return s.mul(s.c(seluScale), s.elu(x, seluAlpha));
  case cnn::ActivationKind::sigmoid:
    return s.sigmoid(x);
  case cnn::ActivationKind::hard_sigmoid:
    return s.clamp(s.add(s.mul(s.c(0.2), x), s.c(0.5)), 0, 1);
  case cnn::ActivationKind::hard_sigmoid6:
    return s.clamp(s.add(s.div(x, s.c(6)), s.c(0.5)), 0, 1);
  case cnn::ActivationKind::tanh:
    return s.tanh(x);
  case cnn::ActivationKind::softplus:
    return s.softplus(x);
  case cnn::ActivationKind::softsign:
    return s.div(x, s.add(s.c(1), s.abs(x)));
  case cnn::ActivationKind::swish:
    return s.mul(x, s.sigmoid(x));
  case cnn::ActivationKind::gelu: {
    Value erf = b.create<math::ErfOp>(loc, s.div(x, s.c(std::sqrt(2.0))));
    return s.mul(s.mul(s.c(0.5), x), s.add(s.c(1), erf));
  }
  case cnn::ActivationKind::gelu_tanh: {
    Value cube = s.mul(s.mul(x, x), x);
    Value inner = s.mul(s.c(std::sqrt(2.0 / M_PI)), s.add(x, s.mul(s.c(0.044715), cube)));
    return s.mul(s.mul(s.c(0.5), x), s.add(s.c(1), s.tanh(inner)));
  }
  case cnn::ActivationKind::exponential:
    return s.exp(x);
  case cnn::ActivationKind::mish:
    return s.mul(x, s.tanh(s.softplus(x)));
  case cnn::ActivationKind::linear:
  case cnn::ActivationKind::softmax:
  case cnn::ActivationKind::log_softmax:
    break;
  }
  return x;
}
