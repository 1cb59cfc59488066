// libFuzzer target for cnnc's model reader: model.json, its weightsManifest and a weight shard, read
// through the same entry point as cnnc (importModel, then the training config) up to the verified module.
//
// An input is the JSON text, optionally followed by a NUL byte and the bytes of the shard `weights.bin`
// (the seeds' manifests name that one file). Both are written to a private folder, because the reader
// takes a path and resolves shard paths against the model's folder: path tricks in the manifest
// (`../`, absolute paths) reach outside it exactly as they would for cnnc.
//
// Besides crashes (and ASan/UBSan reports), it traps on what cnnc must never do silently:
//   - fail without an error message;
//   - accept a model the runtime cannot run: a static extent below 1, an input or output rank above
//     CNNRT_MAX_RANK, or a sample size that overflows int64 (issue 7, items 4 and 9).
// Set CNNC_FUZZ_VERBOSE=1 to print the diagnostics.
#include "Frontend/Import.h"
#include "Frontend/Summary.h"
#include "Training/TrainingOptions.h"
#include "cnn/IR/CheckedSize.h"
#include "cnnrt/model.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace mlir;

namespace {
/// The folder the inputs are written to: one per process, removed at exit.
struct ScratchFolder {
  llvm::SmallString<128> path, model, shard;
  ScratchFolder() {
    if (llvm::sys::fs::createUniqueDirectory("cnnc-model-reader-fuzzer", path)) {
      std::fprintf(stderr, "cannot create a scratch folder\n");
      std::abort();
    }
    model = shard = path;
    llvm::sys::path::append(model, "model.json");
    llvm::sys::path::append(shard, "weights.bin");
  }
  ~ScratchFolder() {
    llvm::sys::fs::remove(model);
    llvm::sys::fs::remove(shard);
    llvm::sys::fs::remove(path);
  }
};

void writeFile(llvm::SmallString<128> &path, const uint8_t *data, size_t size) {
  FILE *file = std::fopen(path.c_str(), "wb");
  if (!file || (size && std::fwrite(data, 1, size, file) != size) || std::fclose(file)) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::abort();
  }
}

/// What the runtime needs of an accepted model's input or output type.
bool runnable(RankedTensorType type) {
  if (!type || type.getRank() < 1 || type.getRank() > CNNRT_MAX_RANK)
    return false;
  for (int64_t extent : type.getShape().drop_front())
    if (ShapedType::isDynamic(extent) || extent < 1)
      return false;
  auto count = cnn::checkedElementCount(type.getShape().drop_front());
  return count && cnn::checkedMul(*count, sizeof(float));
}

void check(bool condition, const char *what) {
  if (!condition) {
    std::fprintf(stderr, "model reader fuzzer: %s\n", what);
    __builtin_trap();
  }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static ScratchFolder folder;
  static const bool verbose = std::getenv("CNNC_FUZZ_VERBOSE") != nullptr;
  const uint8_t *nul = static_cast<const uint8_t *>(std::memchr(data, 0, size));
  size_t jsonSize = nul ? static_cast<size_t>(nul - data) : size;
  writeFile(folder.model, data, jsonSize);
  writeFile(folder.shard, nul ? nul + 1 : data, nul ? size - jsonSize - 1 : 0);

  MLIRContext context(MLIRContext::Threading::DISABLED);
  context.printOpOnDiagnostic(false);
  int errors = 0;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    errors += diag.getSeverity() == DiagnosticSeverity::Error;
    if (verbose)
      llvm::errs() << diag << "\n";
    return success();
  });
  cnnc::ImportOptions options;
  options.funcName = "fuzz_forward";
  auto imported = cnnc::importModel(folder.model.str().str(), context, options);
  if (failed(imported)) {
    check(errors > 0, "the import failed without an error message");
    return 0;
  }
  check(errors == 0, "the import succeeded but reported an error");
  check(runnable(imported->inputType), "accepted an input the runtime cannot take");
  check(runnable(imported->outputType), "accepted an output the runtime cannot give");

  // What cnnc does next with the file: the summary and the training config.
  std::string table;
  llvm::raw_string_ostream os(table);
  cnnc::printSummary(*imported, os);
  if (imported->trainingConfig.is_null())
    return 0;
  Location loc = FileLineColLoc::get(&context, folder.model, 0, 0);
  auto choices = cnnc::readTrainingConfig(imported->trainingConfig,
                                          imported->trainingConfigPath, loc);
  if (succeeded(choices) && !choices->empty())
    check(succeeded(cnnc::resolveTrainingOptions(*choices, loc)) || errors > 0,
          "the training options were refused without an error message");
  else
    check(succeeded(choices) || errors > 0,
          "the training config was refused without an error message");
  return 0;
}
