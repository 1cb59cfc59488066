// The op interface through which cnn-autodiff asks each op for its gradient rule.
#ifndef CNN_INTERFACES_GRADIENTOPINTERFACE_TD
#define CNN_INTERFACES_GRADIENTOPINTERFACE_TD

include "mlir/IR/OpBase.td"

def CNN_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let cppNamespace = "::cnn";
  let description = [{
    An op with a gradient rule: given the gradient of the loss with respect to
    its (single) result, it builds the gradients with respect to its operands,
    as cnn ops placed at the builder's insertion point. Ops without this
    interface have no rule; cnn-autodiff refuses to differentiate through
    them.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds the gradient of each operand whose entry in `needed` is true
        (a null value for the others). `resultGrad` has the type of the
        (first) result; for the loss being differentiated it is the
        constant 1.
      }],
      "::mlir::FailureOr<::llvm::SmallVector<::mlir::Value>>", "buildGradients",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$resultGrad,
           "::llvm::ArrayRef<bool>":$needed)>
  ];
}

#endif // CNN_INTERFACES_GRADIENTOPINTERFACE_TD
