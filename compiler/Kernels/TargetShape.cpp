// What tile sizes depend on in the target: its vector registers, read from LLVM's cost model.
#include "Kernels/TargetShape.h"

#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <algorithm>

using namespace llvm;

namespace cnnc {

TargetShape targetShapeOf(const TargetMachine &machine) {
  // The cost model answers for a function; an empty one carries the machine's
  // CPU and features.
  LLVMContext context;
  Module module("target-shape", context);
  module.setDataLayout(machine.createDataLayout());
  auto *function =
      Function::Create(FunctionType::get(Type::getVoidTy(context), false),
                       GlobalValue::ExternalLinkage, "probe", module);
  TargetTransformInfo info = machine.getTargetTransformInfo(*function);
  TargetShape shape;
  shape.vectorBits = static_cast<int64_t>(
      info.getRegisterBitWidth(TargetTransformInfo::RGK_FixedWidthVector)
          .getFixedValue());
  shape.vectorRegisters =
      info.getNumberOfRegisters(info.getRegisterClassForType(/*Vector=*/true));
  if (std::optional<unsigned> l2 = info.getCacheSize(TargetTransformInfo::CacheLevel::L2D))
    shape.l2Bytes = *l2;
  // A target without vector registers still gets small vectors, which LLVM
  // splits into scalars; tile sizes stay sensible.
  shape.vectorBits = std::max<int64_t>(shape.vectorBits, 128);
  shape.vectorRegisters = std::max<int64_t>(shape.vectorRegisters, 8);
  return shape;
}

} // namespace cnnc
