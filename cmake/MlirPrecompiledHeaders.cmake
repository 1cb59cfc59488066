# Precompiled MLIR/LLVM headers for cnnc's own libraries, with clang. Parsing these headers is most of the
# time a file of ours takes to compile at the checked build's -O0, and CI builds ~90 such files with clang
# (build-sanitize/, scripts/check.sh). The list is precompiled once and every library's files start from
# it: the checked build took 183 s instead of 371 s on the 2-core machine (218 s with a header per library).
# Not with GCC: its precompiled header of this list is 512 MB, slow to write and to load, and the Release
# build took 492 s instead of 359 s.
#
# Only stable upstream headers are listed: our own dialect's headers change with every .td edit and would
# rebuild every precompiled header. A header here is visible to every file of the library, so a file must
# still include what it uses (the GCC build, which does without, checks that).
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(cnnc_precompile_default ON)
else()
  set(cnnc_precompile_default OFF)
endif()
option(CNNC_PRECOMPILE_HEADERS "Precompile the common MLIR/LLVM headers of cnnc's libraries"
       ${cnnc_precompile_default})

set(CNNC_PRECOMPILED_HEADERS
  <mlir/Dialect/Arith/IR/Arith.h>
  <mlir/Dialect/Func/IR/FuncOps.h>
  <mlir/Dialect/Linalg/IR/Linalg.h>
  <mlir/Dialect/Math/IR/Math.h>
  <mlir/Dialect/MemRef/IR/MemRef.h>
  <mlir/Dialect/Tensor/IR/Tensor.h>
  <mlir/IR/Builders.h>
  <mlir/IR/BuiltinOps.h>
  <mlir/IR/Diagnostics.h>
  <mlir/IR/PatternMatch.h>
  <mlir/Pass/Pass.h>
  <llvm/ADT/StringExtras.h>
  <llvm/Support/raw_ostream.h>)

# cnnc_precompile_headers(LIBRARY...): the list above, precompiled once for the first library made by
# add_mlir_library (whose sources compile in its object library obj.LIBRARY) and reused by the others,
# which compile with the same flags.
function(cnnc_precompile_headers first)
  if(NOT CNNC_PRECOMPILE_HEADERS)
    return()
  endif()
  target_precompile_headers(obj.${first} PRIVATE ${CNNC_PRECOMPILED_HEADERS})
  foreach(library IN LISTS ARGN)
    target_precompile_headers(obj.${library} REUSE_FROM obj.${first})
  endforeach()
endfunction()
