// The model's initial parameters, carried past the MLIR-to-LLVM translation into the object in one copy.
#include "Codegen/InitialParams.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Mangler.h"
#include "llvm/Object/ObjectFile.h"

namespace cnnc {

static constexpr llvm::StringLiteral globalName = "cnn_initial_params";

llvm::Expected<InitialParams> InitialParams::detach(mlir::ModuleOp module) {
  InitialParams params;
  auto global = module.lookupSymbol<mlir::LLVM::GlobalOp>(globalName);
  if (!global)
    return params;
  params.value = llvm::dyn_cast_or_null<mlir::DenseResourceElementsAttr>(
      global.getValueOrNull());
  if (!params.value || !params.value.getRawHandle().getBlob())
    return llvm::createStringError("internal error: @cnn_initial_params is not a dense_resource "
                                   "blob with data in the lowered module");
  global.removeValueAttr();
  return params;
}

llvm::ArrayRef<char> InitialParams::bytes() const {
  if (!value)
    return {};
  return value.getRawHandle().getBlob()->getData();
}

llvm::Error InitialParams::define(llvm::Module &module, Placement placement) {
  if (!value)
    return llvm::Error::success();
  llvm::GlobalVariable *declared = module.getNamedGlobal(globalName);
  if (!declared || !declared->isDeclaration())
    return llvm::createStringError("internal error: no declaration of @cnn_initial_params in "
                                   "the translated module");
  if (placement == Placement::Outside) {
    if (!declared->use_empty())
      return llvm::createStringError("internal error: the compiled code refers to "
                                     "@cnn_initial_params, which --weights=external leaves out");
    declared->eraseFromParent();
    return llvm::Error::success();
  }
  bool placeholder = placement == Placement::Placeholder;
  llvm::ArrayRef<char> bytes = value.getRawHandle().getBlob()->getData();
  auto *i8 = llvm::Type::getInt8Ty(module.getContext());
  auto *type = llvm::ArrayType::get(i8, bytes.size());
  llvm::Constant *init =
      placeholder ? llvm::ConstantAggregateZero::get(type)
                  : llvm::ConstantDataArray::getRaw(
                        llvm::StringRef(bytes.data(), bytes.size()), bytes.size(), i8);
  auto *defined = new llvm::GlobalVariable(module, type, /*isConstant=*/true,
                                           llvm::GlobalValue::ExternalLinkage, init);
  defined->setAlignment(declared->getAlign());
  defined->takeName(declared);
  declared->replaceAllUsesWith(defined);
  declared->eraseFromParent();
  if (!placeholder) {
    release();
    return llvm::Error::success();
  }
  llvm::SmallString<64> mangled;
  llvm::Mangler().getNameWithPrefix(mangled, defined, /*CannotUsePrivateLabel=*/true);
  symbol = mangled.str().str();
  return llvm::Error::success();
}

/// Where the `size` bytes of `symbol` are in `object`.
static llvm::Expected<uint64_t> fileOffset(llvm::MemoryBufferRef object,
                                          llvm::StringRef symbol, uint64_t size) {
  auto file = llvm::object::ObjectFile::createObjectFile(object);
  if (!file)
    return file.takeError();
  for (const llvm::object::SymbolRef &entry : (*file)->symbols()) {
    llvm::Expected<llvm::StringRef> name = entry.getName();
    if (!name) {
      llvm::consumeError(name.takeError());
      continue;
    }
    if (*name != symbol)
      continue;
    auto section = entry.getSection();
    auto address = entry.getAddress();
    if (!section || !address || *section == (*file)->section_end())
      return llvm::createStringError("internal error: the object has no place for @" + symbol);
    auto contents = (*section)->getContents();
    if (!contents)
      return contents.takeError();
    uint64_t inSection = *address - (*section)->getAddress();
    if ((*section)->isBSS() || inSection + size > contents->size())
      return llvm::createStringError("internal error: @" + symbol +
                                     " is not within its section's bytes in the object");
    return contents->data() - object.getBufferStart() + inSection;
  }
  return llvm::createStringError("internal error: no symbol @" + symbol + " in the object");
}

llvm::Error InitialParams::patch(llvm::MemoryBufferRef object,
                                 llvm::raw_pwrite_stream &stream) {
  if (!value)
    return llvm::Error::success();
  llvm::ArrayRef<char> bytes = value.getRawHandle().getBlob()->getData();
  llvm::Expected<uint64_t> offset = fileOffset(object, symbol, bytes.size());
  if (!offset)
    return offset.takeError();
  stream.pwrite(bytes.data(), bytes.size(), *offset);
  release();
  return llvm::Error::success();
}

/// Frees the blob, to which nothing in the MLIR module refers any more.
void InitialParams::release() {
  value.getRawHandle().getResource()->setBlob(mlir::AsmResourceBlob());
  value = nullptr;
}

} // namespace cnnc
