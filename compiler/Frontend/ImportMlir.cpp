// A model given as MLIR in the cnn dialect (what `cnnc --emit=mlir` prints), for testing each stage alone.
#include "Frontend/Import.h"
#include "Frontend/InterfaceCheck.h"

#include "cnn/IR/CNNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

using namespace mlir;

namespace cnnc {

FailureOr<ImportedModel> importMlirModel(const std::string &path, MLIRContext &ctx,
                                         const ImportOptions &options) {
  ctx.loadDialect<cnn::CNNDialect, func::FuncDialect, arith::ArithDialect,
                  ml_program::MLProgramDialect>();
  ImportedModel result;
  result.module = parseSourceFile<ModuleOp>(path, &ctx);
  if (!result.module)
    return failure();
  Location loc = FileLineColLoc::get(&ctx, path, 0, 0);
  SmallVector<func::FuncOp> candidates;
  for (auto func : result.module->getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal())
      candidates.push_back(func);
  if (candidates.size() != 1)
    return emitError(loc) << "expected one public function (the forward pass) in "
                             "the module, found "
                          << candidates.size();
  func::FuncOp forward = candidates.front();
  auto input = forward.getNumArguments() == 1
                   ? dyn_cast<RankedTensorType>(forward.getArgumentTypes()[0])
                   : RankedTensorType();
  auto output = forward.getNumResults() == 1
                    ? dyn_cast<RankedTensorType>(forward.getResultTypes()[0])
                    : RankedTensorType();
  if (!input || !output || input.getRank() < 2 || output.getRank() < 2)
    return forward.emitError("expected the forward function to take one batch of "
                             "inputs and return one batch of outputs, got ")
           << forward.getFunctionType();
  if (failed(checkInterfaceType(forward.getLoc(), input, "input")) ||
      failed(checkInterfaceType(forward.getLoc(), output, "output")))
    return failure();
  forward.setSymName(options.funcName);
  forward.setArgAttr(0, "bufferization.writable", BoolAttr::get(&ctx, false));
  forward->setAttr("llvm.emit_c_interface", UnitAttr::get(&ctx));
  result.inputType = input;
  result.outputType = output;
  result.modelName = forward.getSymName().str();
  if (failed(verify(*result.module)))
    return failure();
  return result;
}

} // namespace cnnc
