// The pass that places each function's heap buffers in one workspace by their lifetimes: a static memory plan.
#include "Pipeline/BufferBytes.h"
#include "Pipeline/Passes.h"
#include "cnn/IR/CheckedSize.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace cnnc {
#define GEN_PASS_DEF_PLANWORKSPACE
#include "Pipeline/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// Every slot starts on a cache line, which also aligns it for any vector.
constexpr int64_t kSlotAlignment = 64;

/// A buffer the plan places: its bytes (per sample, for a batch-sized one),
/// its lifetime as positions of the function body's top-level ops, its
/// deallocations, and the offset it gets.
struct PlannedBuffer {
  memref::AllocOp alloc;
  int64_t bytes = 0;
  bool perSample = false;
  unsigned first = 0, last = 0;
  SmallVector<memref::DeallocOp> deallocs;
  int64_t offset = 0;
};

/// Whether `size` is the batch: the size of dimension 0 of an argument whose
/// dimension 0 is dynamic. The runtime passes one batch to all of them.
bool isBatchSize(Value size, func::FuncOp func) {
  auto dim = size.getDefiningOp<memref::DimOp>();
  std::optional<int64_t> index = dim ? dim.getConstantIndex() : std::nullopt;
  auto arg = dim ? dyn_cast<BlockArgument>(dim.getSource()) : nullptr;
  return index == 0 && arg && arg.getOwner() == &func.getBody().front() &&
         cast<MemRefType>(arg.getType()).isDynamicDim(0);
}

/// The first argument with a dynamic dimension 0: where the batch is read.
BlockArgument batchArgument(func::FuncOp func) {
  for (BlockArgument arg : func.getArguments())
    if (auto type = dyn_cast<MemRefType>(arg.getType()))
      if (type.getRank() > 0 && type.isDynamicDim(0))
        return arg;
  return nullptr;
}

/// Fills `buffer`'s lifetime and deallocations from the uses of the buffer
/// and of its views; fails when the buffer may outlive its uses (yielded,
/// returned, passed to a call, merged with another buffer) or be freed by
/// anything but memref.dealloc: such a buffer stays on the heap.
LogicalResult traceUses(PlannedBuffer &buffer, Block &body,
                        const DenseMap<Operation *, unsigned> &position) {
  SmallVector<Value> worklist = {buffer.alloc.getResult()};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (OpOperand &use : value.getUses()) {
      Operation *user = use.getOwner();
      if (auto dealloc = dyn_cast<memref::DeallocOp>(user)) {
        buffer.deallocs.push_back(dealloc);
        continue;
      }
      if (user->hasTrait<OpTrait::IsTerminator>() || isa<CallOpInterface>(user))
        return failure();
      auto view = dyn_cast<ViewLikeOpInterface>(user);
      bool isViewSource = view && view.getViewSource() == value;
      bool otherMemRefResults = false;
      for (Value result : user->getResults())
        if (isa<BaseMemRefType>(result.getType())) {
          if (isViewSource)
            worklist.push_back(result);
          else
            otherMemRefResults = true;
        }
      if (otherMemRefResults)
        return failure();
      if (hasEffect<MemoryEffects::Free>(user, value))
        return failure();
      Operation *top = body.findAncestorOpInBlock(*user);
      buffer.last = std::max(buffer.last, position.lookup(top));
    }
  }
  return success();
}

/// The buffer `alloc` as the plan sees it, if it can be placed: a static
/// size, or a static size per sample of the batch; not inside a parallel
/// loop, whose iterations would share its slot.
std::optional<PlannedBuffer> planBuffer(memref::AllocOp alloc, func::FuncOp func,
                                        const DataLayout &layout,
                                        const DenseMap<Operation *, unsigned> &position) {
  MemRefType type = alloc.getType();
  if (!type.getLayout().isIdentity() || type.getMemorySpace() ||
      alloc.getAlignment().value_or(1) > kSlotAlignment ||
      alloc->getParentOfType<scf::ParallelOp>() || alloc->getParentOfType<scf::ForallOp>())
    return std::nullopt;
  PlannedBuffer buffer;
  buffer.alloc = alloc;
  ValueRange dynamic = alloc.getDynamicSizes();
  if (dynamic.size() > 1 || (dynamic.size() == 1 && !isBatchSize(dynamic[0], func)))
    return std::nullopt;
  buffer.perSample = dynamic.size() == 1;
  std::optional<int64_t> bytes = cnnc::staticBytes(type, layout);
  if (!bytes)
    return std::nullopt;
  buffer.bytes = *bytes;
  Block &body = func.getBody().front();
  buffer.first = buffer.last = position.lookup(body.findAncestorOpInBlock(*alloc));
  if (failed(traceUses(buffer, body, position)))
    return std::nullopt;
  return buffer;
}

/// Gives each buffer the lowest aligned offset that overlaps no buffer whose
/// lifetime meets its own, largest first; returns the bytes of the region,
/// or nothing on overflow.
std::optional<int64_t> placeBuffers(SmallVectorImpl<PlannedBuffer *> &buffers) {
  llvm::stable_sort(buffers, [](PlannedBuffer *a, PlannedBuffer *b) {
    return a->bytes > b->bytes;
  });
  SmallVector<PlannedBuffer *> placed;
  int64_t regionBytes = 0;
  for (PlannedBuffer *buffer : buffers) {
    SmallVector<PlannedBuffer *> overlapping;
    for (PlannedBuffer *other : placed)
      if (other->first <= buffer->last && buffer->first <= other->last)
        overlapping.push_back(other);
    llvm::sort(overlapping, [](PlannedBuffer *a, PlannedBuffer *b) {
      return a->offset < b->offset;
    });
    int64_t offset = 0;
    for (PlannedBuffer *other : overlapping) {
      if (offset + buffer->bytes <= other->offset)
        break;
      offset = std::max<int64_t>(offset, llvm::alignTo(other->offset + other->bytes, kSlotAlignment));
    }
    buffer->offset = offset;
    std::optional<int64_t> end = cnn::checkedAdd(offset, buffer->bytes);
    if (!end || *end > std::numeric_limits<int64_t>::max() - kSlotAlignment)
      return std::nullopt;
    regionBytes = std::max(regionBytes, static_cast<int64_t>(llvm::alignTo(*end, kSlotAlignment)));
    placed.push_back(buffer);
  }
  return regionBytes;
}

/// Replaces the planned buffers with views of two workspace buffers
/// allocated at the function's entry and freed at its end: `fixed` bytes,
/// and a batch x `perSample` bytes one.
void rewriteFunction(func::FuncOp func, MutableArrayRef<PlannedBuffer> buffers,
                     int64_t fixed, int64_t perSample, BlockArgument batchArg) {
  Block &body = func.getBody().front();
  Location loc = func.getLoc();
  auto b = OpBuilder::atBlockBegin(&body);
  IntegerAttr alignment = b.getI64IntegerAttr(kSlotAlignment);
  Type byte = b.getI8Type();
  Value fixedSpace, sampleSpace, batch;
  if (fixed > 0)
    fixedSpace = b.create<memref::AllocOp>(loc, MemRefType::get({fixed}, byte),
                                           ValueRange(), alignment);
  if (perSample > 0) {
    batch = b.create<memref::DimOp>(loc, batchArg, 0);
    auto samples = b.create<memref::AllocOp>(
        loc, MemRefType::get({ShapedType::kDynamic, perSample}, byte), batch, alignment);
    sampleSpace = b.create<memref::CollapseShapeOp>(
        loc, samples, SmallVector<ReassociationIndices>{{0, 1}});
  }
  for (PlannedBuffer &buffer : buffers) {
    memref::AllocOp alloc = buffer.alloc;
    b.setInsertionPoint(alloc);
    Value offset = b.create<arith::ConstantIndexOp>(alloc.getLoc(), buffer.offset);
    if (buffer.perSample)
      offset = b.create<arith::MulIOp>(alloc.getLoc(), offset, batch);
    Value view = b.create<memref::ViewOp>(alloc.getLoc(), alloc.getType(),
                                          buffer.perSample ? sampleSpace : fixedSpace,
                                          offset, alloc.getDynamicSizes());
    alloc.getResult().replaceAllUsesWith(view);
    for (memref::DeallocOp dealloc : buffer.deallocs)
      dealloc.erase();
    alloc.erase();
  }
  b.setInsertionPoint(body.getTerminator());
  if (fixedSpace)
    b.create<memref::DeallocOp>(loc, fixedSpace);
  if (sampleSpace)
    b.create<memref::DeallocOp>(loc, sampleSpace.getDefiningOp()->getOperand(0));
}

void planFunction(func::FuncOp func, const DataLayout &layout) {
  if (func.isExternal() || !func.getBody().hasOneBlock())
    return;
  Block &body = func.getBody().front();
  DenseMap<Operation *, unsigned> position;
  for (auto [index, op] : llvm::enumerate(body))
    position[&op] = index;
  SmallVector<PlannedBuffer> buffers;
  func.walk([&](memref::AllocOp alloc) {
    if (std::optional<PlannedBuffer> buffer = planBuffer(alloc, func, layout, position))
      buffers.push_back(std::move(*buffer));
  });
  SmallVector<PlannedBuffer *> fixedBuffers, sampleBuffers;
  for (PlannedBuffer &buffer : buffers)
    (buffer.perSample ? sampleBuffers : fixedBuffers).push_back(&buffer);
  std::optional<int64_t> fixed = placeBuffers(fixedBuffers);
  std::optional<int64_t> perSample = placeBuffers(sampleBuffers);
  BlockArgument batchArg = batchArgument(func);
  if (!fixed || !perSample || (*perSample > 0 && !batchArg))
    return; // left on the heap, as without the plan
  rewriteFunction(func, buffers, *fixed, *perSample, batchArg);
}

struct PlanWorkspacePass : cnnc::impl::PlanWorkspaceBase<PlanWorkspacePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    DataLayout layout(module);
    for (auto func : module.getOps<func::FuncOp>())
      planFunction(func, layout);
  }
};

} // namespace
