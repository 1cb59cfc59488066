// The exported C entry points of a model object: NAME_create/destroy/predict/error and its cnnrt_model_info.
#include "Codegen/EntryPoints.h"

#include "cnnrt/model.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

using namespace llvm;

namespace cnnc {

std::string toCIdentifier(const std::string &stem) {
  std::string id;
  for (char c : stem)
    id += (isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (id.empty() || isdigit(static_cast<unsigned char>(id[0])))
    id = "m_" + id;
  return id;
}

static GlobalVariable *constantGlobal(Module &module, Constant *init,
                                      const Twine &name) {
  return new GlobalVariable(module, init->getType(), /*isConstant=*/true,
                            GlobalValue::PrivateLinkage, init, name);
}

static Constant *shapeArray(Module &module, const std::vector<int64_t> &shape,
                            const Twine &name) {
  auto *i64 = Type::getInt64Ty(module.getContext());
  std::vector<Constant *> dims;
  for (int64_t d : shape)
    dims.push_back(ConstantInt::get(i64, d));
  return constantGlobal(
      module, ConstantArray::get(ArrayType::get(i64, dims.size()), dims), name);
}

/// The cnnrt_model_info of runtime/include/cnnrt/model.h.
static GlobalVariable *createInfo(Module &module, const ModelInterface &model,
                                  Function *forward) {
  LLVMContext &ctx = module.getContext();
  auto *i32 = Type::getInt32Ty(ctx);
  auto *ptr = PointerType::getUnqual(ctx);
  auto *type = StructType::get(ctx, {i32, i32, i32, i32, ptr, ptr, ptr, ptr});
  Constant *name = constantGlobal(
      module, ConstantDataArray::getString(ctx, model.name), model.name + ".name");
  Constant *fields[] = {
      ConstantInt::get(i32, CNNRT_ABI_VERSION),
      ConstantInt::get(i32, model.inputShape.size()),
      ConstantInt::get(i32, model.outputShape.size()),
      ConstantInt::get(i32, 0),
      name,
      shapeArray(module, model.inputShape, model.name + ".input_shape"),
      shapeArray(module, model.outputShape, model.name + ".output_shape"),
      forward};
  return constantGlobal(module, ConstantStruct::get(type, fields),
                        model.name + ".info");
}

/// Defines `name(args...)` as a tail call of the runtime's `runtimeName`,
/// optionally passing `info` first.
static void defineThunk(Module &module, StringRef name, FunctionType *type,
                        StringRef runtimeName, GlobalVariable *info) {
  LLVMContext &ctx = module.getContext();
  SmallVector<Type *> calleeParams;
  if (info)
    calleeParams.push_back(info->getType());
  calleeParams.append(type->param_begin(), type->param_end());
  FunctionCallee callee = module.getOrInsertFunction(
      runtimeName, FunctionType::get(type->getReturnType(), calleeParams, false));
  Function *fn =
      Function::Create(type, GlobalValue::ExternalLinkage, name, module);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
  SmallVector<Value *> args;
  if (info)
    args.push_back(info);
  for (Argument &arg : fn->args())
    args.push_back(&arg);
  CallInst *call = b.CreateCall(callee, args);
  call->setTailCall();
  if (type->getReturnType()->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(call);
}

Error addEntryPoints(Module &module, const ModelInterface &model) {
  std::string forwardName = "_mlir_ciface_" + model.forwardFunc;
  Function *forward = module.getFunction(forwardName);
  if (!forward || forward->isDeclaration())
    return createStringError(inconvertibleErrorCode(),
                             "internal error: no function '" + forwardName +
                                 "' in the lowered module");
  for (Function &fn : module)
    if (!fn.isDeclaration())
      fn.setLinkage(GlobalValue::InternalLinkage);

  LLVMContext &ctx = module.getContext();
  auto *ptr = PointerType::getUnqual(ctx);
  auto *i32 = Type::getInt32Ty(ctx);
  auto *i64 = Type::getInt64Ty(ctx);
  auto *voidTy = Type::getVoidTy(ctx);
  GlobalVariable *info = createInfo(module, model, forward);
  const std::string &n = model.name;
  defineThunk(module, n + "_create", FunctionType::get(ptr, {}, false),
              "cnnrt_model_create", info);
  defineThunk(module, n + "_destroy", FunctionType::get(voidTy, {ptr}, false),
              "cnnrt_model_destroy", nullptr);
  defineThunk(module, n + "_predict",
              FunctionType::get(i32, {ptr, ptr, i64, ptr}, false),
              "cnnrt_model_predict", nullptr);
  defineThunk(module, n + "_error", FunctionType::get(ptr, {ptr}, false),
              "cnnrt_model_error", nullptr);
  return Error::success();
}

} // namespace cnnc
