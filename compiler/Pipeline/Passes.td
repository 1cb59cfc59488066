// Passes of cnnc's pipeline that are not about the cnn dialect's ops. Every pass is declared once, here.
#ifndef CNNC_PIPELINE_PASSES_TD
#define CNNC_PIPELINE_PASSES_TD

include "mlir/Pass/PassBase.td"

def CheckAllocationSizes : Pass<"cnn-check-allocation-sizes", "mlir::ModuleOp"> {
  let summary = "Guards each batch-sized buffer against a byte size that overflows 64 bits";
  let description = [{
    A `memref.alloc` with dynamic sizes (the batch) gets, before it, the
    product of its sizes computed without wrapping: when the buffer's bytes
    would exceed INT64_MAX, it calls the runtime's
    `cnnrt_compiled_size_overflow()`, which ends the runtime call that ran the
    code with an error. Unchecked, the size computed for the allocation wraps
    to a small number and the code overruns the buffer. For example

    ```mlir
    %a = memref.alloc(%n) : memref<?x8xf32>
    ```

    becomes

    ```mlir
    %too_big = arith.cmpi ugt, %n, %c288230376151711743 : index
    scf.if %too_big {
      func.call @cnnrt_compiled_size_overflow() : () -> ()
    }
    %a = memref.alloc(%n) : memref<?x8xf32>
    ```

    A buffer of static sizes needs no check; one whose static sizes alone
    overflow is an error. Runs on memrefs, before `convert-scf-to-cf`.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::func::FuncDialect",
    "mlir::scf::SCFDialect"
  ];
}

def PlanWorkspace : Pass<"cnnc-plan-workspace", "mlir::ModuleOp"> {
  let summary = "Places each function's heap buffers in one workspace, reusing memory by lifetime";
  let description = [{
    A static memory plan, on memrefs before `expand-strided-metadata`. In
    each function, every `memref.alloc` of static sizes, or of static sizes
    times the batch (dimension 0 of an argument whose dimension 0 is
    dynamic), becomes a `memref.view` of a workspace: one buffer of fixed
    bytes and one of batch x per-sample bytes, both allocated at the
    function's entry and freed at its end. A buffer lives from the top-level
    op that allocates it to the last top-level op that uses it or a view of
    it; buffers whose lifetimes meet get disjoint slots, each 64-byte
    aligned, largest placed first at the lowest offset that fits. A
    batch-sized buffer's slot is `offset x batch`, so the plan holds for any
    batch. For example

    ```mlir
    %a = memref.alloc(%n) : memref<?x8xf32>   // used by ops 1-2
    %b = memref.alloc(%n) : memref<?x8xf32>   // used by ops 3-4
    ```

    become two views at offset 0 of a `memref<?x32xi8>` workspace.

    A buffer stays on the heap when its slot could be wrong: it is yielded,
    returned or passed to a call, merged with another buffer by an op that
    is not a view, freed by anything but `memref.dealloc`, allocated inside
    a parallel loop, sized by anything but the batch, or aligned beyond 64
    bytes. The runtime then gets two allocations per call instead of one
    per buffer, and the buffers' bytes shrink to the most live at once.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def MeasureWorkspace : Pass<"cnnc-measure-workspace", "mlir::ModuleOp"> {
  let summary = "Records the bytes of the buffers each function allocates, fixed and per sample";
  let description = [{
    On memrefs: for each function, the bytes of its `memref.alloc`s whose
    sizes are all static (fixed) and of those whose one dynamic size is the
    batch (per sample), summed as if all were live at once (after
    cnnc-plan-workspace, mostly its two workspaces), with the alignment each
    asks for and the runtime's CNNRT_COMPILED_BLOCK_BYTES per block. The
    module gets
    `cnnc.workspace = {name = array<i64: fixed, per_sample>}`; per_sample is
    -1 when a buffer has two dynamic sizes or a sum overflows. cnnc reads it
    to choose the groups of samples predict runs at a time, so that its
    workspace stays within a budget for any batch, and emits it for
    `NAME_workspace_bytes`. Stack buffers (`memref.alloca`) are not counted.
  }];
}

#endif
