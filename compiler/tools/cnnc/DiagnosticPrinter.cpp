// Prints MLIR diagnostics the way cnnc's users read them: file, then layer or JSON path, then what is wrong.
#include "DiagnosticPrinter.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"

using namespace mlir;

namespace cnnc {

DiagnosticPrinter::DiagnosticPrinter(MLIRContext &context, llvm::raw_ostream &os)
    : context(context), os(os) {
  id = context.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    print(diag);
    return success();
  });
}

DiagnosticPrinter::~DiagnosticPrinter() {
  context.getDiagEngine().eraseHandler(id);
}

static const char *severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

/// Finds the file and the innermost layer name in `loc`.
static void describe(Location loc, std::string &file, std::string &layer) {
  if (auto name = dyn_cast<NameLoc>(loc)) {
    if (layer.empty())
      layer = name.getName().str();
    describe(name.getChildLoc(), file, layer);
  } else if (auto fileLoc = dyn_cast<FileLineColLoc>(loc)) {
    file = fileLoc.getFilename().str();
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      describe(inner, file, layer);
  } else if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    describe(callSite.getCallee(), file, layer);
  }
}

void DiagnosticPrinter::print(Diagnostic &diag) {
  std::string file, layer;
  describe(diag.getLocation(), file, layer);
  os << (file.empty() ? "cnnc" : file) << ": "
     << severityName(diag.getSeverity()) << ": ";
  if (!layer.empty())
    os << "layer '" << layer << "': ";
  os << diag.str() << "\n";
  for (Diagnostic &note : diag.getNotes())
    print(note);
  os.flush();
}

} // namespace cnnc
