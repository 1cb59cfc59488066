// From a module lowered to the LLVM dialect to optimised LLVM IR, assembly or an object file.
#include "Codegen/ObjectEmitter.h"
#include "Codegen/EntryPoints.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/SubtargetFeature.h"

using namespace llvm;

namespace cnnc {

namespace {
/// Features and float ABI for a cross target given without --mcpu.
struct CrossDefaults {
  const char *features;
  const char *abi;
};
} // namespace

/// For targets whose generic CPU has no floating-point unit, the baseline
/// that clang and the distributions pick for the triple (rv64gc, ...): with
/// soft floats LLVM's code generator cannot lower some of a model's float
/// operations, and the object would not match the platform's float ABI.
static std::optional<CrossDefaults> crossDefaults(const Triple &triple) {
  switch (triple.getArch()) {
  case Triple::riscv64:
    return CrossDefaults{"+m,+a,+f,+d,+c", "lp64d"};
  case Triple::riscv32:
    return CrossDefaults{"+m,+a,+f,+d,+c", "ilp32d"};
  case Triple::loongarch64:
    return CrossDefaults{"+f,+d", "lp64d"};
  default:
    return std::nullopt;
  }
}

/// Adds --mattr's "+a,-b" to `features` (later ones win), each checked
/// against the features `info` (the target's) knows.
static Error addFeatures(StringRef mattr, const MCSubtargetInfo &info,
                         const std::string &triple, SubtargetFeatures &features) {
  SmallVector<StringRef> items;
  mattr.split(items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    item = item.trim();
    StringRef name = item.drop_front();
    if (!item.starts_with("+") && !item.starts_with("-"))
      return createStringError("--mattr: '" + item + "' must be +FEATURE or -FEATURE");
    if (!llvm::any_of(info.getAllProcessorFeatures(),
                      [&](const SubtargetFeatureKV &kv) { return name == kv.Key; }))
      return createStringError("--mattr: '" + name + "' is not a feature of target '" + triple +
                               "' (`llc-19 -mtriple=" + triple + " -mattr=help` lists them)");
    features.AddFeature(item);
  }
  return Error::success();
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const TargetOptions &options) {
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
  bool host = options.triple.empty();
  std::string triple =
      host ? sys::getDefaultTargetTriple() : Triple::normalize(options.triple);
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError("unknown target '" + triple + "': " + error);
  std::string cpu = options.cpu;
  SubtargetFeatures features;
  // --mcpu native also goes with a --target of this machine's architecture
  // (another OS or ABI of it), whose CPU it names just as well.
  if (cpu == "native" && !host &&
      Triple(triple).getArch() != Triple(sys::getProcessTriple()).getArch())
    return createStringError("--mcpu native names this machine's CPU, not one of '" + triple +
                             "': give that target's CPU (or none)");
  if ((cpu.empty() && host) || cpu == "native") {
    cpu = sys::getHostCPUName().str();
    for (const auto &feature : sys::getHostCPUFeatures())
      features.AddFeature(feature.getKey(), feature.getValue());
  }
  llvm::TargetOptions targetOptions;
  if (cpu.empty() && !host)
    if (std::optional<CrossDefaults> defaults = crossDefaults(Triple(triple))) {
      features = SubtargetFeatures(defaults->features);
      targetOptions.MCOptions.ABIName = defaults->abi;
    }
  // Created for the default CPU: LLVM warns on stderr about an unknown CPU
  // or feature.
  std::unique_ptr<MCSubtargetInfo> info(target->createMCSubtargetInfo(triple, "", ""));
  if (!info)
    return createStringError("cannot describe the CPUs of target '" + triple + "'");
  if (!cpu.empty() && !info->isCPUStringValid(cpu))
    return createStringError("unknown CPU '" + cpu + "' for target '" + triple + "'");
  if (Error error = addFeatures(options.features, *info, triple, features))
    return std::move(error);
  std::unique_ptr<TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features.getString(), targetOptions, Reloc::PIC_, std::nullopt,
      CodeGenOptLevel::Aggressive));
  if (!machine)
    return createStringError("cannot create a target machine for '" + triple + "'");
  return machine;
}

static void optimize(Module &module, TargetMachine &machine) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder builder(&machine);
  builder.registerModuleAnalyses(mam);
  builder.registerCGSCCAnalyses(cgam);
  builder.registerFunctionAnalyses(fam);
  builder.registerLoopAnalyses(lam);
  builder.crossRegisterProxies(lam, fam, cgam, mam);
  builder.buildPerModuleDefaultPipeline(OptimizationLevel::O3).run(module, mam);
}

Expected<std::unique_ptr<Module>> buildLLVMModule(mlir::ModuleOp module,
                                                  const ModelInterface &model,
                                                  InitialParams &params,
                                                  InitialParams::Placement placement,
                                                  TargetMachine &machine,
                                                  LLVMContext &context) {
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, model.name);
  if (!llvmModule)
    return createStringError("internal error: the lowered module does not translate to "
                             "LLVM IR");
  llvmModule->setTargetTriple(machine.getTargetTriple().str());
  llvmModule->setDataLayout(machine.createDataLayout());
  if (Error error = params.define(*llvmModule, placement))
    return std::move(error);
  if (Error error = addEntryPoints(*llvmModule, model))
    return std::move(error);
  std::string message;
  raw_string_ostream os(message);
  if (verifyModule(*llvmModule, &os))
    return createStringError("internal error: invalid LLVM IR: " + message);
  optimize(*llvmModule, machine);
  return llvmModule;
}

Error emitMachineCode(Module &module, TargetMachine &machine,
                      raw_pwrite_stream &os, bool assembly) {
  legacy::PassManager pm;
  auto fileType =
      assembly ? CodeGenFileType::AssemblyFile : CodeGenFileType::ObjectFile;
  if (machine.addPassesToEmitFile(pm, os, nullptr, fileType))
    return createStringError("the target cannot emit this file type");
  pm.run(module);
  return Error::success();
}

} // namespace cnnc
