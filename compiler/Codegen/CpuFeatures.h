// The CPU features an object's code may use, as the runtime checks them at create.
#ifndef CNNC_CODEGEN_CPUFEATURES_H
#define CNNC_CODEGEN_CPUFEATURES_H

#include "llvm/Target/TargetMachine.h"

#include <string>
#include <vector>

namespace cnnc {

/// The x86 extensions that `machine`'s CPU and features enable, of those the
/// runtime can check (runtime/include/cnnrt/cpu_features.def), in that list's
/// order and comma-separated ("sse3,...,avx2,fma,..."); "" for other targets,
/// whose objects the runtime does not check.
std::string recordedCpuFeatures(const llvm::TargetMachine &machine);

/// The names of cpu_features.def that LLVM's X86 target does not know (none,
/// unless the list has a typo or LLVM renamed a feature): for the unit tests.
std::vector<std::string> unknownCpuFeatureNames();

} // namespace cnnc

#endif
