// The model's initial parameters, carried past the MLIR-to-LLVM translation into the object in one copy.
#include "Codegen/InitialParams.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/IR/Constants.h"

namespace cnnc {

static constexpr llvm::StringLiteral globalName = "cnn_initial_params";

static llvm::Error failure(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<InitialParams> InitialParams::detach(mlir::ModuleOp module) {
  InitialParams params;
  auto global = module.lookupSymbol<mlir::LLVM::GlobalOp>(globalName);
  if (!global)
    return params;
  params.value = llvm::dyn_cast_or_null<mlir::DenseResourceElementsAttr>(
      global.getValueOrNull());
  if (!params.value || !params.value.getRawHandle().getBlob())
    return failure("internal error: @cnn_initial_params is not a dense_resource "
                   "blob with data in the lowered module");
  global.removeValueAttr();
  return params;
}

llvm::Error InitialParams::define(llvm::Module &module) {
  if (!value)
    return llvm::Error::success();
  llvm::GlobalVariable *declared = module.getNamedGlobal(globalName);
  if (!declared || !declared->isDeclaration())
    return failure("internal error: no declaration of @cnn_initial_params in "
                   "the translated module");
  llvm::ArrayRef<char> bytes = value.getRawHandle().getBlob()->getData();
  auto *i8 = llvm::Type::getInt8Ty(module.getContext());
  auto *defined = new llvm::GlobalVariable(
      module, llvm::ArrayType::get(i8, bytes.size()), /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantDataArray::getRaw(llvm::StringRef(bytes.data(), bytes.size()),
                                      bytes.size(), i8));
  defined->setAlignment(declared->getAlign());
  defined->takeName(declared);
  declared->replaceAllUsesWith(defined);
  declared->eraseFromParent();
  // Nothing in the MLIR module refers to the blob any more.
  value.getRawHandle().getResource()->setBlob(mlir::AsmResourceBlob());
  value = nullptr;
  return llvm::Error::success();
}

} // namespace cnnc
