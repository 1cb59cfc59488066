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

def MeasureWorkspace : Pass<"cnnc-measure-workspace", "mlir::ModuleOp"> {
  let summary = "Records the bytes of the buffers each function allocates, fixed and per sample";
  let description = [{
    On memrefs: for each function, the bytes of its `memref.alloc`s whose
    sizes are all static (fixed) and of those whose one dynamic size is the
    batch (per sample), summed as if all were live at once. The module gets
    `cnnc.workspace = {name = array<i64: fixed, per_sample>}`; per_sample is
    -1 when a buffer has two dynamic sizes or a sum overflows. cnnc reads it
    to choose the groups of samples predict runs at a time, so that its
    workspace stays within a budget for any batch, and emits it for
    `NAME_workspace_bytes`. Stack buffers (`memref.alloca`) are not counted.
  }];
}

#endif
