// The pass that records, per function, the bytes of the heap buffers it allocates: fixed and per sample.
#include "Pipeline/BufferBytes.h"
#include "Pipeline/Passes.h"
#include "cnn/IR/CheckedSize.h"
#include "cnnrt/compiled.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/DataLayoutInterfaces.h"

namespace cnnc {
#define GEN_PASS_DEF_MEASUREWORKSPACE
#include "Pipeline/Passes.h.inc"
} // namespace cnnc

using namespace mlir;

namespace {

/// Bytes fixed and per sample; -1 per sample when unknown.
struct Workspace {
  int64_t fixed = 0, perSample = 0;
};

/// Adds `bytes` to `total`; -1 (unknown) stays so, and so does an overflow.
void accumulate(int64_t &total, std::optional<int64_t> bytes) {
  if (total < 0)
    return;
  std::optional<int64_t> sum = bytes ? cnn::checkedAdd(total, *bytes) : std::nullopt;
  total = sum ? *sum : -1;
}

Workspace measure(func::FuncOp func, const DataLayout &layout) {
  Workspace workspace;
  func.walk([&](memref::AllocOp alloc) {
    MemRefType type = alloc.getType();
    std::optional<int64_t> bytes = cnnc::staticBytes(type, layout);
    // An aligned buffer is allocated with its alignment more, to align it
    // in; each block has the runtime's header.
    accumulate(workspace.fixed, alloc.getAlignment().value_or(0));
    accumulate(workspace.fixed, CNNRT_COMPILED_BLOCK_BYTES);
    switch (type.getNumDynamicDims()) {
    case 0:
      accumulate(workspace.fixed, bytes);
      break;
    case 1:
      accumulate(workspace.perSample, bytes);
      break;
    default:
      workspace.perSample = -1;
    }
  });
  return workspace;
}

struct MeasureWorkspacePass
    : cnnc::impl::MeasureWorkspaceBase<MeasureWorkspacePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    DataLayout layout(module);
    Builder b(module.getContext());
    SmallVector<NamedAttribute> entries;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      Workspace workspace = measure(func, layout);
      entries.emplace_back(
          b.getStringAttr(func.getSymName()),
          b.getDenseI64ArrayAttr({workspace.fixed, workspace.perSample}));
    }
    module->setAttr("cnnc.workspace", b.getDictionaryAttr(entries));
  }
};

} // namespace
