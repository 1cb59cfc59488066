// Keras' model.summary() table for an imported model.
#ifndef CNNC_FRONTEND_SUMMARY_H
#define CNNC_FRONTEND_SUMMARY_H

#include "Frontend/Import.h"
#include "llvm/Support/raw_ostream.h"

namespace cnnc {

/// Prints the table Keras 2 prints: layer (type), output shape, param #,
/// then the totals with thousands separators.
void printSummary(const ImportedModel &model, llvm::raw_ostream &os);

/// 113386 -> "113,386"
std::string withThousands(int64_t value);

} // namespace cnnc

#endif
