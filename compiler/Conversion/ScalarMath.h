// Scalar f32 arithmetic built at one place, so that formulas in lowerings read as formulas.
#ifndef CNNC_CONVERSION_SCALARMATH_H
#define CNNC_CONVERSION_SCALARMATH_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"

namespace cnnc {

/// Builds f32 ops at `loc`; one statement per op where the IR's order must
/// not depend on the C++ compiler's order of evaluating arguments.
struct ScalarMath {
  ScalarMath(mlir::OpBuilder &b, mlir::Location loc) : b(b), loc(loc) {}

  mlir::OpBuilder &b;
  mlir::Location loc;

  using Value = mlir::Value;
  Value c(double v) {
    return b.create<mlir::arith::ConstantOp>(loc, b.getF32FloatAttr(v));
  }
  Value add(Value x, Value y) { return b.create<mlir::arith::AddFOp>(loc, x, y); }
  Value sub(Value x, Value y) { return b.create<mlir::arith::SubFOp>(loc, x, y); }
  Value mul(Value x, Value y) { return b.create<mlir::arith::MulFOp>(loc, x, y); }
  Value div(Value x, Value y) { return b.create<mlir::arith::DivFOp>(loc, x, y); }
  Value max(Value x, Value y) { return b.create<mlir::arith::MaximumFOp>(loc, x, y); }
  Value min(Value x, Value y) { return b.create<mlir::arith::MinimumFOp>(loc, x, y); }
  Value neg(Value x) { return b.create<mlir::arith::NegFOp>(loc, x); }
  Value exp(Value x) { return b.create<mlir::math::ExpOp>(loc, x); }
  Value log(Value x) { return b.create<mlir::math::LogOp>(loc, x); }
  Value tanh(Value x) { return b.create<mlir::math::TanhOp>(loc, x); }
  Value abs(Value x) { return b.create<mlir::math::AbsFOp>(loc, x); }
  Value sqrt(Value x) { return b.create<mlir::math::SqrtOp>(loc, x); }
  Value pow(Value x, Value y) { return b.create<mlir::math::PowFOp>(loc, x, y); }
  Value cmp(mlir::arith::CmpFPredicate p, Value x, Value y) {
    return b.create<mlir::arith::CmpFOp>(loc, p, x, y);
  }
  Value greater(Value x, Value y) { return cmp(mlir::arith::CmpFPredicate::OGT, x, y); }
  Value less(Value x, Value y) { return cmp(mlir::arith::CmpFPredicate::OLT, x, y); }
  Value both(Value p, Value q) { return b.create<mlir::arith::AndIOp>(loc, p, q); }
  Value select(Value cond, Value x, Value y) {
    return b.create<mlir::arith::SelectOp>(loc, cond, x, y);
  }
  Value sigmoid(Value x) { return div(c(1), add(c(1), exp(neg(x)))); }
  /// log(1 + exp(x)) as TensorFlow computes it: max(x, 0) + log1p(exp(-|x|)).
  Value softplus(Value x) {
    return add(max(x, c(0)), b.create<mlir::math::Log1pOp>(loc, exp(neg(abs(x)))));
  }
};

} // namespace cnnc

#endif
