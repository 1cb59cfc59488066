// The pass that guards each batch-sized buffer against a byte size that overflows 64 bits.
#include "Pipeline/BufferBytes.h"
#include "Pipeline/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

#include <limits>

namespace cnnc {
#define GEN_PASS_DEF_CHECKALLOCATIONSIZES
#include "Pipeline/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// The runtime function that ends the runtime call running the code with
/// "batch too large" (runtime/include/cnnrt/compiled.h).
constexpr llvm::StringLiteral overflowFunction = "cnnrt_compiled_size_overflow";

func::FuncOp declareOverflowFunction(ModuleOp module) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(overflowFunction))
    return existing;
  auto builder = OpBuilder::atBlockBegin(module.getBody());
  auto function = builder.create<func::FuncOp>(
      module.getLoc(), overflowFunction, builder.getFunctionType({}, {}));
  function.setPrivate();
  return function;
}

/// Whether the product of `sizes` exceeds `limit`, computed without wrapping:
/// each partial product is compared with limit / the next size first.
Value exceedsLimit(OpBuilder &b, Location loc, ValueRange sizes, int64_t limit) {
  Value limitValue = b.create<arith::ConstantIndexOp>(loc, limit);
  Value product = sizes.front();
  Value exceeds = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt,
                                          product, limitValue);
  for (auto [i, size] : llvm::enumerate(sizes.drop_front())) {
    // A size of 0 makes the product 0: divide by 1 instead.
    Value one = b.create<arith::ConstantIndexOp>(loc, 1);
    Value divisor = b.create<arith::MaxUIOp>(loc, size, one);
    Value room = b.create<arith::DivUIOp>(loc, limitValue, divisor);
    Value tooBig =
        b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ugt, product, room);
    exceeds = b.create<arith::OrIOp>(loc, exceeds, tooBig);
    if (i + 2 < sizes.size())
      product = b.create<arith::MulIOp>(loc, product, size);
  }
  return exceeds;
}

/// Inserts the check before `alloc`; fails on a buffer whose static sizes
/// alone overflow.
LogicalResult guardAllocation(memref::AllocOp alloc, const DataLayout &layout,
                              func::FuncOp overflow) {
  MemRefType type = alloc.getType();
  std::optional<int64_t> bytes = cnnc::staticBytes(type, layout);
  if (!bytes)
    return alloc.emitOpError("buffer of type ")
           << type << " is too large: its size in bytes overflows 64 bits";
  if (alloc.getDynamicSizes().empty() || *bytes == 0)
    return success();
  OpBuilder b(alloc);
  Location loc = alloc.getLoc();
  Value exceeds = exceedsLimit(b, loc, alloc.getDynamicSizes(),
                               std::numeric_limits<int64_t>::max() / *bytes);
  auto check = b.create<scf::IfOp>(loc, exceeds, /*withElseRegion=*/false);
  b.setInsertionPointToStart(check.thenBlock());
  b.create<func::CallOp>(loc, overflow, ValueRange());
  return success();
}

struct CheckAllocationSizes
    : cnnc::impl::CheckAllocationSizesBase<CheckAllocationSizes> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<memref::AllocOp> allocations;
    module.walk([&](memref::AllocOp alloc) { allocations.push_back(alloc); });
    if (allocations.empty())
      return;
    DataLayout layout(module);
    func::FuncOp overflow;
    for (memref::AllocOp alloc : allocations) {
      if (!overflow && !alloc.getDynamicSizes().empty())
        overflow = declareOverflowFunction(module);
      if (failed(guardAllocation(alloc, layout, overflow)))
        return signalPassFailure();
    }
  }
};

} // namespace
