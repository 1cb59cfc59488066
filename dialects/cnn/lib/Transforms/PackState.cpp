// cnn-pack-state: lays the model's named state out in one flat buffer that every entry function takes.
#include "cnn/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"

namespace cnn {
#define GEN_PASS_DEF_CNNPACKSTATE
#include "cnn/Transforms/Passes.h.inc"
} // namespace cnn

using namespace mlir;

namespace {

/// Where one weight lives in the flat state.
struct Slot {
  mutable ml_program::GlobalOp global;
  int64_t offset = 0;
};

/// The state's regions: [0, trainable) trainable, [trainable, trainable +
/// updated) stored by gradient functions, then the rest up to total.
struct StateSizes {
  int64_t total = 0, trainable = 0, updated = 0;
};

/// The globals some function stores into.
DenseSet<StringAttr> storedGlobals(ModuleOp module) {
  DenseSet<StringAttr> stored;
  module.walk([&](ml_program::GlobalStoreOp store) {
    stored.insert(store.getGlobal().getRootReference());
  });
  return stored;
}

/// Trainable weights first, then the stored state, then the rest, each
/// group in module order; `sizes` gets the regions.
FailureOr<SmallVector<Slot>> layOut(ModuleOp module, StateSizes &sizes) {
  SmallVector<ml_program::GlobalOp> globals(module.getOps<ml_program::GlobalOp>());
  DenseSet<StringAttr> stored = storedGlobals(module);
  auto group = [&](ml_program::GlobalOp g) {
    return g->hasAttr("cnn.trainable") ? 0 : stored.contains(g.getSymNameAttr()) ? 1 : 2;
  };
  std::stable_sort(globals.begin(), globals.end(),
                   [&](ml_program::GlobalOp a, ml_program::GlobalOp b) {
                     return group(a) < group(b);
                   });
  SmallVector<Slot> slots;
  sizes = StateSizes();
  for (ml_program::GlobalOp global : globals) {
    auto type = dyn_cast<RankedTensorType>(global.getType());
    auto initial = global.getValueAttr();
    if (!type || !type.hasStaticShape() || !type.getElementType().isF32() ||
        type.getRank() < 1 ||
        !isa_and_nonnull<DenseElementsAttr, DenseResourceElementsAttr>(initial))
      return global.emitOpError("expected a static f32 tensor of rank >= 1 "
                                "with an initial value, to be model state");
    int64_t count = type.getNumElements();
    slots.push_back({global, sizes.total});
    sizes.total += count;
    if (group(global) == 0)
      sizes.trainable += count;
    else if (group(global) == 1)
      sizes.updated += count;
  }
  return slots;
}

/// Copies `global`'s initial value, `dense<...>` (a splat included) or a
/// `dense_resource` blob, to `dest`; fails on a blob that is missing (elided
/// when printed) or of another size.
LogicalResult copyInitialValue(ml_program::GlobalOp global, MutableArrayRef<float> dest) {
  if (auto dense = dyn_cast<DenseElementsAttr>(global.getValueAttr())) {
    if (dense.isSplat())
      std::fill(dest.begin(), dest.end(), dense.getSplatValue<float>());
    else
      llvm::copy(dense.getValues<float>(), dest.begin());
    return success();
  }
  auto blob = cast<DenseResourceElementsAttr>(global.getValueAttr());
  std::optional<ArrayRef<float>> values =
      cast<DenseF32ResourceElementsAttr>(blob).tryGetAsArrayRef();
  if (!values)
    return global.emitOpError("has no data for its initial value dense_resource<")
           << blob.getRawHandle().getKey() << ">";
  if (values->size() != dest.size())
    return global.emitOpError("has ")
           << values->size() << " floats in dense_resource<"
           << blob.getRawHandle().getKey() << ">, its type " << global.getType()
           << " holds " << dest.size();
  llvm::copy(*values, dest.begin());
  return success();
}

/// The initial values of the state laid out as `slots` say, in one blob
/// that no uniqued attribute copies or hashes.
FailureOr<AsmResourceBlob> packInitialValues(ArrayRef<Slot> slots, int64_t total) {
  AsmResourceBlob packed = HeapAsmResourceBlob::allocate(total * sizeof(float), 64);
  auto floats = MutableArrayRef<float>(
      reinterpret_cast<float *>(packed.getMutableData().data()), total);
  for (const Slot &slot : slots) {
    auto type = cast<RankedTensorType>(slot.global.getType());
    if (failed(copyInitialValue(slot.global,
                                floats.slice(slot.offset, type.getNumElements()))))
      return failure();
  }
  return packed;
}

/// Frees the data of the `moved` blobs (now in the packed one) that no
/// attribute left in `module` refers to: a large model's weights would
/// otherwise be held twice until the context ends.
void releaseUnreferenced(ModuleOp module, ArrayRef<DenseResourceElementsAttr> moved) {
  DenseSet<DialectResourceBlobManager::BlobEntry *> referenced;
  module->walk([&](Operation *op) {
    op->getAttrDictionary().walk([&](DenseResourceElementsAttr attr) {
      referenced.insert(attr.getRawHandle().getResource());
    });
  });
  for (DenseResourceElementsAttr attr : moved)
    if (!referenced.contains(attr.getRawHandle().getResource()))
      attr.getRawHandle().getResource()->setBlob(AsmResourceBlob());
}

/// `flat[offset : offset + size]` reshaped to `type`.
Value sliceOf(OpBuilder &b, Location loc, Value flat, int64_t offset,
              RankedTensorType type) {
  Value slice = b.create<tensor::ExtractSliceOp>(
      loc, RankedTensorType::get({type.getNumElements()}, type.getElementType()),
      flat, ValueRange{}, ValueRange{}, ValueRange{},
      b.getDenseI64ArrayAttr({offset}),
      b.getDenseI64ArrayAttr({type.getNumElements()}), b.getDenseI64ArrayAttr({1}));
  if (type.getRank() == 1)
    return slice;
  ReassociationIndices all(llvm::seq<int64_t>(0, type.getRank()).begin(),
                           llvm::seq<int64_t>(0, type.getRank()).end());
  return b.create<tensor::ExpandShapeOp>(loc, type, slice,
                                         ArrayRef<ReassociationIndices>{all});
}

/// `value` flattened into `flat` at `offset`.
Value insertInto(OpBuilder &b, Location loc, Value value, Value flat,
                 int64_t offset) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() > 1) {
    ReassociationIndices all(llvm::seq<int64_t>(0, type.getRank()).begin(),
                             llvm::seq<int64_t>(0, type.getRank()).end());
    value = b.create<tensor::CollapseShapeOp>(loc, value,
                                              ArrayRef<ReassociationIndices>{all});
  }
  return b.create<tensor::InsertSliceOp>(
      loc, value, flat, ValueRange{}, ValueRange{}, ValueRange{},
      b.getDenseI64ArrayAttr({offset}),
      b.getDenseI64ArrayAttr({type.getNumElements()}), b.getDenseI64ArrayAttr({1}));
}

/// Replaces every load of `func` with its slice of the flat `state`.
void readFromState(func::FuncOp func, Value state,
                   const DenseMap<StringAttr, Slot> &slots) {
  OpBuilder b(func.getContext());
  func.walk([&](ml_program::GlobalLoadOp load) {
    const Slot &slot = slots.at(load.getGlobal().getRootReference());
    b.setInsertionPoint(load);
    load.replaceAllUsesWith(sliceOf(b, load.getLoc(), state, slot.offset,
                                    cast<RankedTensorType>(load.getType())));
    load.erase();
  });
}

/// The updated state after `func`'s stores, in program order, as one
/// tensor: the state's floats [trainable, trainable + updated) with each
/// stored value in place. The stores are erased.
Value collectStores(OpBuilder &b, func::FuncOp func, Value state,
                    const DenseMap<StringAttr, Slot> &slots, StateSizes sizes) {
  Location loc = func.getLoc();
  Value updated = sliceOf(b, loc, state, sizes.trainable,
                          RankedTensorType::get({sizes.updated}, b.getF32Type()));
  SmallVector<ml_program::GlobalStoreOp> stores;
  func.walk([&](ml_program::GlobalStoreOp store) { stores.push_back(store); });
  for (ml_program::GlobalStoreOp store : stores) {
    const Slot &slot = slots.at(store.getGlobal().getRootReference());
    updated = insertInto(b, store.getLoc(), store.getValue(), updated,
                         slot.offset - sizes.trainable);
    store.erase();
  }
  return updated;
}

/// Gives `func` the flat state as its first argument, read in place of
/// every load; a gradient function returns its gradients packed into one
/// tensor, then its updated state.
LogicalResult packFunction(func::FuncOp func, const DenseMap<StringAttr, Slot> &slots,
                           StateSizes sizes) {
  auto stateType = RankedTensorType::get({sizes.total}, Float32Type::get(func.getContext()));
  OpBuilder b(func.getContext());
  auto readOnly = b.getNamedAttr("bufferization.writable", b.getBoolAttr(false));
  func.insertArgument(0, stateType, b.getDictionaryAttr(readOnly), func.getLoc());
  Value state = func.getArgument(0);
  readFromState(func, state, slots);

  auto weights = func->getAttrOfType<ArrayAttr>("cnn.gradients");
  if (!weights) {
    WalkResult stores = func.walk([](ml_program::GlobalStoreOp store) {
      store.emitOpError("writes model state outside a gradient function, "
                        "which cnnc does not compile");
      return WalkResult::interrupt();
    });
    return failure(stores.wasInterrupted());
  }
  auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
  b.setInsertionPoint(ret);
  Value grads = b.create<tensor::EmptyOp>(ret.getLoc(), ArrayRef<int64_t>{sizes.trainable},
                                          b.getF32Type());
  for (auto [weight, grad] : llvm::zip(weights, ret.getOperands().drop_front())) {
    const Slot &slot = slots.at(cast<FlatSymbolRefAttr>(weight).getAttr());
    grads = insertInto(b, ret.getLoc(), grad, grads, slot.offset);
  }
  Value updated = collectStores(b, func, state, slots, sizes);
  SmallVector<Value> results = {ret.getOperand(0), grads, updated};
  b.create<func::ReturnOp>(ret.getLoc(), results);
  ret.erase();
  func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                 ValueRange(results).getTypes()));
  return success();
}

/// The layout as a module attribute for the code generator, in the
/// module's order of the weights (the model file's).
ArrayAttr layoutAttr(OpBuilder &b, ModuleOp module,
                     const DenseMap<StringAttr, Slot> &slots) {
  SmallVector<Attribute> entries;
  for (auto global : module.getOps<ml_program::GlobalOp>()) {
    const Slot &slot = slots.at(global.getSymNameAttr());
    auto type = cast<RankedTensorType>(slot.global.getType());
    auto init = slot.global->getAttrOfType<StringAttr>("cnn.initializer");
    entries.push_back(b.getDictionaryAttr({
        b.getNamedAttr("name", slot.global.getSymNameAttr()),
        b.getNamedAttr("shape", b.getDenseI64ArrayAttr(type.getShape())),
        b.getNamedAttr("offset", b.getI64IntegerAttr(slot.offset)),
        b.getNamedAttr("trainable", b.getBoolAttr(slot.global->hasAttr("cnn.trainable"))),
        b.getNamedAttr("initializer", init ? init : b.getStringAttr("")),
    }));
  }
  return b.getArrayAttr(entries);
}

struct CNNPackState : cnn::impl::CNNPackStateBase<CNNPackState> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    StateSizes sizes;
    auto slots = layOut(module, sizes);
    if (failed(slots))
      return signalPassFailure();
    DenseMap<StringAttr, Slot> bySymbol;
    for (const Slot &slot : *slots)
      bySymbol[slot.global.getSymNameAttr()] = slot;
    FailureOr<AsmResourceBlob> initial = packInitialValues(*slots, sizes.total);
    if (failed(initial))
      return signalPassFailure();
    // Every function on tensors is an entry point and takes the state.
    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
      bool onTensors = llvm::any_of(func.getArgumentTypes(), [](Type t) {
        return isa<TensorType>(t);
      });
      if (onTensors && failed(packFunction(func, bySymbol, sizes)))
        return signalPassFailure();
    }
    OpBuilder b(module.getBodyRegion());
    module->setAttr("cnn.state_layout", layoutAttr(b, module, bySymbol));
    module->setAttr("cnn.trainable_count", b.getI64IntegerAttr(sizes.trainable));
    module->setAttr("cnn.updated_count", b.getI64IntegerAttr(sizes.updated));
    SmallVector<DenseResourceElementsAttr> moved;
    for (const Slot &slot : *slots) {
      if (auto blob = dyn_cast<DenseResourceElementsAttr>(slot.global.getValueAttr()))
        moved.push_back(blob);
      slot.global.erase();
    }
    releaseUnreferenced(module, moved);
    if (sizes.total == 0)
      return;
    b.setInsertionPointToStart(module.getBody());
    auto type = RankedTensorType::get({sizes.total}, b.getF32Type());
    b.create<memref::GlobalOp>(
        module.getLoc(), "cnn_initial_params", b.getStringAttr("public"),
        MemRefType::get({sizes.total}, b.getF32Type()),
        DenseResourceElementsAttr::get(type, "cnn_initial_params", std::move(*initial)),
        /*constant=*/true, b.getI64IntegerAttr(64));
  }
};
} // namespace
