// The CPU features an object's code may use, as the runtime checks them at create.
#include "Codegen/CpuFeatures.h"

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>
#include <optional>

using namespace llvm;

namespace cnnc {

/// The runtime's list: LLVM's feature names.
static const char *const kCheckedFeatures[] = {
#define CNNRT_CPU_FEATURE(name, leaf, subleaf, reg, bit, state) name,
#include "cnnrt/cpu_features.def"
#undef CNNRT_CPU_FEATURE
};

/// Whether `info` enables `name`; nothing when the target has no such feature.
static std::optional<bool> enables(const MCSubtargetInfo &info, StringRef name) {
  for (const SubtargetFeatureKV &feature : info.getAllProcessorFeatures())
    if (name == feature.Key)
      return info.getFeatureBits().test(feature.Value);
  return std::nullopt;
}

std::string recordedCpuFeatures(const TargetMachine &machine) {
  if (!machine.getTargetTriple().isX86())
    return "";
  const MCSubtargetInfo &info = *machine.getMCSubtargetInfo();
  std::string list;
  for (const char *name : kCheckedFeatures)
    if (enables(info, name).value_or(false))
      list += (list.empty() ? "" : ",") + std::string(name);
  return list;
}

std::vector<std::string> unknownCpuFeatureNames() {
  InitializeAllTargetInfos();
  InitializeAllTargetMCs();
  std::string error;
  const char *triple = "x86_64-unknown-linux-gnu";
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  std::unique_ptr<MCSubtargetInfo> info(
      target ? target->createMCSubtargetInfo(triple, "x86-64", "") : nullptr);
  std::vector<std::string> unknown;
  for (const char *name : kCheckedFeatures)
    if (!info || !enables(*info, name))
      unknown.push_back(name);
  return unknown;
}

} // namespace cnnc
