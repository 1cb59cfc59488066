// From a module lowered to the LLVM dialect to optimised LLVM IR, assembly or an object file.
#ifndef CNNC_CODEGEN_OBJECTEMITTER_H
#define CNNC_CODEGEN_OBJECTEMITTER_H

#include "Codegen/InitialParams.h"
#include "Codegen/ModelInterface.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace cnnc {

struct TargetOptions {
  std::string triple; // empty: the host's
  std::string cpu;    // "native", or empty with no triple: the host's CPU
                      // and its features ("native" also with a triple of
                      // the host's architecture); empty with a triple: its
                      // generic CPU, or for a target without an FPU in
                      // it (riscv, loongarch64), the distributions' baseline
  std::string features; // "+a,-b": added to (or taken from) the CPU's
};

/// A TargetMachine at O3 with position-independent code, so that the object
/// links into PIE executables and shared libraries alike.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetOptions &options);

/// Translates `module` (LLVM dialect only) to LLVM IR, with `params`
/// (detached from it) defined there as `placement` says; adds the model's C
/// entry points and runs LLVM's O3 pipeline for `machine`.
llvm::Expected<std::unique_ptr<llvm::Module>>
buildLLVMModule(mlir::ModuleOp module, const ModelInterface &model,
                InitialParams &params, InitialParams::Placement placement,
                llvm::TargetMachine &machine, llvm::LLVMContext &context);

/// Writes `module` as an object file or as assembly.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            llvm::raw_pwrite_stream &os, bool assembly);

} // namespace cnnc

#endif
