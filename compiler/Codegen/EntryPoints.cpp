// The exported C entry points of a model object and its cnnrt_model_info, both derived from the one interface description.
#include "Codegen/EntryPoints.h"
#include "Codegen/Provenance.h"

#include "cnnrt/model.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

#include <map>

using namespace llvm;

namespace cnnc {

static GlobalVariable *constantGlobal(Module &module, Constant *init,
                                      const Twine &name) {
  return new GlobalVariable(module, init->getType(), /*isConstant=*/true,
                            GlobalValue::PrivateLinkage, init, name);
}

static Constant *i64Array(Module &module, ArrayRef<int64_t> values,
                          const Twine &name) {
  auto *i64 = Type::getInt64Ty(module.getContext());
  std::vector<Constant *> elements;
  for (int64_t v : values)
    elements.push_back(ConstantInt::get(i64, v));
  return constantGlobal(
      module, ConstantArray::get(ArrayType::get(i64, elements.size()), elements), name);
}

static Constant *cString(Module &module, StringRef text, const Twine &name) {
  return constantGlobal(
      module, ConstantDataArray::getString(module.getContext(), text), name);
}

/// The LLVM type of a field kind of model_info.def.
static Type *fieldType(LLVMContext &ctx, StringRef kind) {
  if (kind == "U32")
    return Type::getInt32Ty(ctx);
  if (kind == "I64")
    return Type::getInt64Ty(ctx);
  if (kind == "F32")
    return Type::getFloatTy(ctx);
  return PointerType::getUnqual(ctx);
}

/// Field values by name; a struct is assembled in model_info.def's order.
using FieldValues = std::map<std::string, Constant *>;

static Expected<Constant *> takeField(FieldValues &values, StringRef name) {
  auto it = values.find(name.str());
  if (it == values.end())
    return createStringError("internal error: no value for descriptor field '" + name + "'");
  Constant *value = it->second;
  values.erase(it);
  return value;
}

static Expected<Constant *> weightInfo(Module &module, const ModelInterface &model,
                                       const WeightEntry &weight, size_t index) {
  LLVMContext &ctx = module.getContext();
  auto *i32 = Type::getInt32Ty(ctx);
  std::string prefix = model.name + ".weight" + std::to_string(index);
  FieldValues values = {
      {"name", cString(module, weight.name, prefix + ".name")},
      {"shape", i64Array(module, weight.shape, prefix + ".shape")},
      {"offset", ConstantInt::get(Type::getInt64Ty(ctx), weight.offset)},
      {"rank", ConstantInt::get(i32, weight.shape.size())},
      {"trainable", ConstantInt::get(i32, weight.trainable)}};
  std::vector<Type *> types;
  std::vector<Constant *> fields;
#define CNNRT_WEIGHT_FIELD(type, name, kind)                                   \
  types.push_back(fieldType(ctx, #kind));                                      \
  if (auto value = takeField(values, #name))                                   \
    fields.push_back(*value);                                                  \
  else                                                                         \
    return value.takeError();
#include "cnnrt/model_info.def"
#undef CNNRT_WEIGHT_FIELD
  return ConstantStruct::get(StructType::get(ctx, types), fields);
}

/// `_mlir_ciface_<name>`, or a null pointer when `name` is empty.
static Expected<Constant *> compiledFunction(Module &module, const std::string &name) {
  auto *ptr = PointerType::getUnqual(module.getContext());
  if (name.empty())
    return ConstantPointerNull::get(ptr);
  Function *fn = module.getFunction("_mlir_ciface_" + name);
  if (!fn || fn->isDeclaration())
    return createStringError("internal error: no function '_mlir_ciface_" + name +
                             "' in the lowered module");
  return fn;
}

/// The cnnrt_model_info of runtime/include/cnnrt/model.h.
static Expected<GlobalVariable *> createInfo(Module &module,
                                             const ModelInterface &model) {
  LLVMContext &ctx = module.getContext();
  auto *i32 = Type::getInt32Ty(ctx);
  auto *i64 = Type::getInt64Ty(ctx);
  auto *ptr = PointerType::getUnqual(ctx);
  std::vector<Constant *> weights;
  for (size_t i = 0; i < model.weights.size(); ++i) {
    auto weight = weightInfo(module, model, model.weights[i], i);
    if (!weight)
      return weight.takeError();
    weights.push_back(*weight);
  }
  Constant *weightTable = ConstantPointerNull::get(ptr);
  if (!weights.empty())
    weightTable = constantGlobal(
        module, ConstantArray::get(ArrayType::get(weights[0]->getType(), weights.size()),
                                   weights),
        model.name + ".weights");
  Constant *initial = ConstantPointerNull::get(ptr);
  if (model.paramCount && model.weightsFile.empty()) {
    initial = module.getNamedGlobal("cnn_initial_params");
    if (!initial)
      return createStringError("internal error: no initial parameters in the module");
  }
  const CompiledFunctions &f = model.functions;
  Expected<Constant *> fns[] = {
      compiledFunction(module, f.forward), compiledFunction(module, f.evaluate),
      compiledFunction(module, f.gradients), compiledFunction(module, f.applyGradients)};
  for (auto &fn : fns)
    if (!fn)
      return fn.takeError();
  const TrainingOptions training = model.training.value_or(TrainingOptions{});
  Constant *hyper = ConstantPointerNull::get(ptr);
  if (model.training) {
    std::vector<Constant *> h;
    for (float v : training.hyper)
      h.push_back(ConstantFP::get(Type::getFloatTy(ctx), v));
    hyper = constantGlobal(
        module, ConstantArray::get(ArrayType::get(Type::getFloatTy(ctx), h.size()), h),
        model.name + ".hyper");
  }
  FieldValues values = {
      {"abi_version", ConstantInt::get(i32, CNNRT_ABI_VERSION)},
      {"input_rank", ConstantInt::get(i32, model.inputShape.size())},
      {"output_rank", ConstantInt::get(i32, model.outputShape.size())},
      {"weight_count", ConstantInt::get(i32, model.weights.size())},
      {"name", cString(module, model.name, model.name + ".name")},
      {"cpu_features", cString(module, model.cpuFeatures, model.name + ".cpu_features")},
      {"input_shape", i64Array(module, model.inputShape, model.name + ".input_shape")},
      {"output_shape", i64Array(module, model.outputShape, model.name + ".output_shape")},
      {"param_count", ConstantInt::get(i64, model.paramCount)},
      {"trainable_count", ConstantInt::get(i64, model.trainableCount)},
      {"updated_count", ConstantInt::get(i64, model.updatedCount)},
      {"initial_params", initial},
      {"weights", weightTable},
      {"forward", *fns[0]},
      {"forward_fixed_bytes", ConstantInt::get(i64, model.forwardWorkspace.fixed)},
      {"forward_sample_bytes", ConstantInt::get(i64, model.forwardWorkspace.perSample)},
      {"predict_group_bytes", ConstantInt::get(i64, model.predictGroupBytes)},
      {"default_threads", ConstantInt::get(i32, model.defaultThreads)},
      {"evaluate", *fns[1]},
      {"gradients", *fns[2]},
      {"apply_gradients", *fns[3]},
      {"evaluate_fixed_bytes", ConstantInt::get(i64, model.evaluateWorkspace.fixed)},
      {"evaluate_sample_bytes", ConstantInt::get(i64, model.evaluateWorkspace.perSample)},
      {"gradients_fixed_bytes", ConstantInt::get(i64, model.gradientsWorkspace.fixed)},
      {"gradients_sample_bytes", ConstantInt::get(i64, model.gradientsWorkspace.perSample)},
      // The optimizer step's vectors are not batch-sized: a buffer sized by
      // one of them is not a per-sample size.
      {"apply_fixed_bytes", ConstantInt::get(i64, model.applyWorkspace.perSample == 0
                                                      ? model.applyWorkspace.fixed
                                                      : -1)},
      {"loss", ConstantInt::get(i32, static_cast<uint32_t>(training.loss))},
      {"from_logits", ConstantInt::get(i32, training.fromLogits)},
      {"loss_sums_over_batch", ConstantInt::get(i32, model.lossSumsOverBatch)},
      {"optimizer", ConstantInt::get(i32, training.optimizer)},
      {"optimizer_slots", ConstantInt::get(i32, training.slots)},
      {"slot_init", ConstantFP::get(Type::getFloatTy(ctx), training.slotInit)},
      {"hyper_defaults", hyper}};
  std::vector<Type *> types;
  std::vector<Constant *> fields;
#define CNNRT_INFO_FIELD(type, name, kind)                                     \
  types.push_back(fieldType(ctx, #kind));                                      \
  if (auto value = takeField(values, #name))                                   \
    fields.push_back(*value);                                                  \
  else                                                                         \
    return value.takeError();
#include "cnnrt/model_info.def"
#undef CNNRT_INFO_FIELD
  if (!values.empty())
    return createStringError("internal error: descriptor field '" +
                                 values.begin()->first + "' is not in model_info.def");
  return constantGlobal(module,
                        ConstantStruct::get(StructType::get(ctx, types), fields),
                        model.name + ".info");
}

/// The LLVM type of a C type written in ExportedFunction.
static Type *cType(LLVMContext &ctx, StringRef type) {
  if (type.contains('*'))
    return PointerType::getUnqual(ctx);
  if (type == "int")
    return Type::getInt32Ty(ctx);
  if (type == "int64_t")
    return Type::getInt64Ty(ctx);
  if (type == "size_t") // cnnc's targets are 64-bit
    return Type::getInt64Ty(ctx);
  if (type == "float")
    return Type::getFloatTy(ctx);
  return Type::getVoidTy(ctx);
}

/// Defines `fn` as a tail call of its runtime function, passing `info` first
/// when the function asks for it.
static void defineThunk(Module &module, const ModelInterface &model,
                        const ExportedFunction &exported, GlobalVariable *info) {
  LLVMContext &ctx = module.getContext();
  SmallVector<Type *> params, calleeParams;
  for (const auto &param : exported.params)
    params.push_back(cType(ctx, param.first));
  if (exported.passesInfo)
    calleeParams.push_back(info->getType());
  calleeParams.append(params.begin(), params.end());
  Type *result = cType(ctx, exported.returnType);
  FunctionCallee callee = module.getOrInsertFunction(
      exported.runtimeFunction, FunctionType::get(result, calleeParams, false));
  Function *fn = Function::Create(FunctionType::get(result, params, false),
                                  GlobalValue::ExternalLinkage,
                                  model.name + "_" + exported.suffix, module);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", fn));
  SmallVector<Value *> args;
  if (exported.passesInfo)
    args.push_back(info);
  for (Argument &arg : fn->args())
    args.push_back(&arg);
  CallInst *call = b.CreateCall(callee, args);
  call->setTailCall();
  if (result->isVoidTy())
    b.CreateRetVoid();
  else
    b.CreateRet(call);
}

/// Gives the generated code the runtime's allocation functions
/// (cnnrt/compiled.h): the lowering calls MLIR's generic ones, renamed here,
/// and marked as an allocator pair of their own, so that LLVM still removes
/// buffers that nothing reads, as it does for malloc's.
static Error useRuntimeAllocation(Module &module) {
  for (StringRef unchecked : {"malloc", "aligned_alloc", "free",
                              "_mlir_memref_to_llvm_aligned_alloc"})
    if (module.getFunction(unchecked))
      return createStringError("internal error: the generated code calls '" +
                                   unchecked + "', not the runtime's allocator");
  LLVMContext &ctx = module.getContext();
  if (Function *alloc = module.getFunction("_mlir_memref_to_llvm_alloc")) {
    alloc->setName("cnnrt_compiled_alloc");
    alloc->addFnAttr(Attribute::get(
        ctx, Attribute::AllocKind,
        static_cast<uint64_t>(AllocFnKind::Alloc | AllocFnKind::Uninitialized)));
    alloc->addFnAttr(Attribute::getWithAllocSizeArgs(ctx, 0, std::nullopt));
    alloc->addFnAttr("alloc-family", "cnnrt_compiled");
    alloc->addRetAttr(Attribute::NoAlias);
  }
  if (Function *free = module.getFunction("_mlir_memref_to_llvm_free")) {
    free->setName("cnnrt_compiled_free");
    free->addFnAttr(Attribute::get(ctx, Attribute::AllocKind,
                                   static_cast<uint64_t>(AllocFnKind::Free)));
    free->addFnAttr("alloc-family", "cnnrt_compiled");
    free->addParamAttr(0, Attribute::AllocatedPointer);
  }
  return Error::success();
}

Error addEntryPoints(Module &module, const ModelInterface &model) {
  if (Error error = useRuntimeAllocation(module))
    return error;
  // Two models in one program must not clash: all but the entry points is internal.
  for (Function &fn : module)
    if (!fn.isDeclaration())
      fn.setLinkage(GlobalValue::InternalLinkage);
  for (GlobalVariable &global : module.globals())
    if (!global.isDeclaration())
      global.setLinkage(GlobalValue::InternalLinkage);
  auto info = createInfo(module, model);
  if (!info)
    return info.takeError();
  for (const ExportedFunction &exported : exportedFunctions(model))
    defineThunk(module, model, exported, *info);
  // NAME_provenance: what `strings` finds in the object, and an app can print.
  Constant *text =
      ConstantDataArray::getString(module.getContext(), provenanceOf(model.modelSha256));
  new GlobalVariable(module, text->getType(), /*isConstant=*/true,
                     GlobalValue::ExternalLinkage, text, model.name + "_provenance");
  return Error::success();
}

} // namespace cnnc
