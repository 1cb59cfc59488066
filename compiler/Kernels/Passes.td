// Passes that turn linalg ops into fast loop nests: tiling, vectorisation, vector lowering.
#ifndef CNNC_KERNELS_PASSES_TD
#define CNNC_KERNELS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FuseLinalg : Pass<"cnnc-fuse-linalg", "mlir::func::FuncOp"> {
  let summary = "Computes a convolution, its activation and its pool per row of the pool's output";
  let description = [{
    For each pool whose input comes, through linalg ops with one use each
    (an activation, a bias), from a `conv_2d_nhwc_hwcf`: tiles the pool by
    one image and one output row, and fuses its producers into that loop
    (upstream `tileConsumerAndFuseProducersUsingSCF`, rooted at the pool).
    Each iteration computes only the convolution rows the pool's windows
    read, so the convolution's whole output never exists: a few KB per row
    instead of the full tensor per batch, and rows or columns that floor
    pooling drops are not computed at all.

    When the convolution's filter exceeds L2, the pool is also tiled by
    channels, those tiles outside its rows: each tile computes the pool rows
    of as many filters as L2 holds, so that their slice of the filter is read
    from L2 for every row instead of the whole filter streaming through it
    per row.

    Not fused: a producer with a second use (it would be computed twice), and
    anything behind a non-linalg op such as a `tensor.pad`. The fused ops are
    then tiled to registers by `cnnc-tile-linalg`.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "512",
           "Width of a vector register in bits">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "262144",
           "Bytes of a core's L2 data cache">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect"
  ];
}

def DecomposePad : Pass<"cnnc-decompose-pad", "mlir::func::FuncOp"> {
  let summary = "Rewrites a tensor.pad with a constant value as a fill and a linalg.copy";
  let description = [{
    `tensor.pad` (a `same` convolution's or a ZeroPadding2D's) is no op the
    tiler cuts: bufferized, it becomes a fill and a copy on buffers that run
    as scalar loops, which LLVM may unroll into thousands of instructions
    (seconds of compile time for one layer). Rewritten on tensors as

    ```mlir
    %filled = linalg.fill ins(%c) outs(tensor.empty(...))
    %inside = tensor.extract_slice %filled[low] [source sizes] [1, ...]
    %copied = linalg.copy ins(%source) outs(%inside)
    %padded = tensor.insert_slice %copied into %filled[low] [source sizes] [1, ...]
    ```

    both are elementwise ops that `cnnc-tile-linalg` cuts into vector tiles;
    bufferization then copies straight into the padded buffer. A pad whose
    value is computed by its region stays as it is.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect"];
}

def TileLinalg : Pass<"cnnc-tile-linalg", "mlir::func::FuncOp"> {
  let summary = "Tiles convolutions, pools, matmuls and elementwise ops to register tiles";
  let description = [{
    Cuts each linalg op that cnnc knows how to make fast (`conv_2d_nhwc_hwcf`,
    `pooling_nhwc_{max,min,sum}`, `matmul`, and elementwise ops) into
    `scf.for` loops over tiles of static shape, sized from the op's shapes
    and the target's vector registers (`Kernels/TileSizes.cpp`):

    - the parallel loops down to a register tile of the result (a convolution:
      one output row, a few output columns, one or two vectors of filters);
    - then the reduction loops (a convolution: one tap, a few input channels),
      so that the register tile is carried across them.

    A convolution whose filter exceeds L2 has its filter tiles as the
    outermost loop but the batch's, so that each tile's slice of the filter
    stays in L2 while the image's rows sweep past it.

    A loop whose tile does not divide its extent is peeled, so that both the
    main loop and the remainder hold tiles of static shape; a dimension that
    stays dynamic (the batch, in a remainder) is tiled by 1. Tiled ops are
    thereby always of static shape, ready for `cnnc-vectorize-linalg`. Other
    ops are left as they are.

    ```mlir
    %r = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<?x13x13x32xf32>, tensor<3x3x32x32xf32>)
                                  outs(%b : tensor<?x11x11x32xf32>) -> tensor<?x11x11x32xf32>
    ```

    becomes loops over the batch and the output rows, then the taps and the
    channels, around

    ```mlir
    linalg.conv_2d_nhwc_hwcf ins(... : tensor<1x1x11x8xf32>, tensor<1x1x8x32xf32>)
                             outs(... : tensor<1x1x11x32xf32>) -> tensor<1x1x11x32xf32>
    ```
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "512",
           "Width of a vector register in bits">,
    Option<"vectorRegisters", "vector-registers", "int64_t", "32",
           "Vector registers the code generator can allocate">,
    Option<"l2Bytes", "l2-bytes", "int64_t", "262144",
           "Bytes of a core's L2 data cache">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect"
  ];
}

def VectorizeLinalg : Pass<"cnnc-vectorize-linalg", "mlir::func::FuncOp"> {
  let summary = "Vectorises linalg ops of small static shape and keeps their accumulators in registers";
  let description = [{
    For the tiles `cnnc-tile-linalg` makes:

    1. 2-D convolutions and pools of one output row and one window row become
       1-D ones (upstream `populateDecomposeConvolutionPatterns`);
    2. tiles of stencils (a filter gradient, which reads its input at
       oh + kh) lose their unit loops (upstream fold-unit-extent-dims), so
       that every operand is read through a projected permutation;
    3. every linalg op of static shape with at most `max-elements` points in
       its iteration space becomes vector ops (upstream `linalg::vectorize`),
       and reads and writes of tensor slices fold into vector transfers;
    4. in each `scf.for`, innermost first, the transfers of the loop-carried
       result tile move out of the loop (`hoistLoopInvariantSubsets`): the
       accumulators stay in registers across the reduction loops.

    Larger or dynamic ops (those left untiled) are not touched: vectorised
    whole, they would become vectors of thousands of elements.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", "4096",
           "Largest iteration space vectorised">,
  ];
  let dependentDialects = [
    "mlir::vector::VectorDialect", "mlir::tensor::TensorDialect",
    "mlir::arith::ArithDialect"
  ];
}

def LowerVector : Pass<"cnnc-lower-vector", "mlir::ModuleOp"> {
  let summary = "Lowers vector contractions and transfers to what LLVM's backend takes well";
  let description = [{
    After bufferization: contractions become outer products (broadcast x row
    FMAs, the broadcast elements loaded one by one), transfers lose their permutations and become rank-1 loads and
    stores (split into an in-bounds fast path and a slow path when they may
    run out of bounds), multi-reductions become elementwise ops across
    vectors, transposes shuffles, and a vector multiply whose product only
    feeds an add becomes an FMA with it. Canonicalization is left to its own pass:
    inside this pattern set it does not terminate once accumulators are
    carried by loops (PERF-NOTES).
  }];
  let dependentDialects = [
    "mlir::vector::VectorDialect", "mlir::memref::MemRefDialect",
    "mlir::scf::SCFDialect", "mlir::linalg::LinalgDialect"
  ];
}

#endif
