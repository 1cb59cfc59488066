// Prints MLIR diagnostics the way cnnc's users read them: file, then layer or JSON path, then what is wrong.
#ifndef CNNC_TOOLS_DIAGNOSTICPRINTER_H
#define CNNC_TOOLS_DIAGNOSTICPRINTER_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

namespace cnnc {

/// While alive, prints every diagnostic of `context` to `os` as
/// `model.json: error: layer 'conv2d': <message>` (for ops built from a
/// layer) or `model.json: error: <message>` (for file-level errors, whose
/// message starts with the JSON path).
class DiagnosticPrinter {
public:
  DiagnosticPrinter(mlir::MLIRContext &context, llvm::raw_ostream &os);
  ~DiagnosticPrinter();

private:
  void print(mlir::Diagnostic &diag);

  mlir::MLIRContext &context;
  llvm::raw_ostream &os;
  mlir::DiagnosticEngine::HandlerID id;
};

} // namespace cnnc

#endif
