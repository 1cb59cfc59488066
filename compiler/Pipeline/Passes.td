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

#endif
