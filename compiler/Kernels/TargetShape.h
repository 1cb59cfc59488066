// What tile sizes depend on in the target: its vector registers and L2 cache, read from LLVM's cost model.
#ifndef CNNC_KERNELS_TARGETSHAPE_H
#define CNNC_KERNELS_TARGETSHAPE_H

#include <cstdint>

namespace llvm {
class TargetMachine;
} // namespace llvm

namespace cnnc {

struct TargetShape {
  /// Width of a vector register in bits (512 with AVX-512, 256 with AVX2).
  int64_t vectorBits = 256;
  /// Vector registers the code generator can allocate (32 with AVX-512).
  int64_t vectorRegisters = 16;
  /// Bytes of the L2 data cache of one core.
  int64_t l2Bytes = 256 * 1024;

  /// float32 lanes of one vector register.
  int64_t lanes() const { return vectorBits >= 64 ? vectorBits / 32 : 1; }
};

/// The vector registers `machine` prefers, as LLVM's own vectorisers see them
/// (TargetTransformInfo): `-mcpu x86-64-v3` gives 256 bits and 16 registers;
/// and its L2 size as the same cost model gives it (x86: 256 KiB for every
/// CPU, the smallest L2 of current x86 cores).
TargetShape targetShapeOf(const llvm::TargetMachine &machine);

} // namespace cnnc

#endif
