// Writes the C++ face of a model's header: an owning class over the C functions, derived from the same list.
#ifndef CNNC_CODEGEN_CPPCLASSWRITER_H
#define CNNC_CODEGEN_CPPCLASSWRITER_H

#include "Codegen/ModelInterface.h"
#include "llvm/Support/raw_ostream.h"

namespace cnnc {

/// Writes, for C++ only (the caller puts it under `#ifdef __cplusplus`,
/// outside `extern "C"`), `cnnc::NAME`: a move-only class owning one
/// instance, with one method per exported C function that takes the instance
/// (static ones for those that make one), and overloads of the batch calls
/// over views of contiguous buffers whose sizes it checks. Failures throw
/// `cnnc::error`, or in code built without exceptions return the C status.
/// It adds no symbol: the C ABI is unchanged.
void writeCppClass(const ModelInterface &model, llvm::raw_ostream &os);

} // namespace cnnc

#endif
