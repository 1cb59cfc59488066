// cnnc: compiles a Keras / TF.js model description into a native object file and a C header.
#include "Codegen/CpuFeatures.h"
#include "Codegen/HeaderWriter.h"
#include "Codegen/ModelName.h"
#include "Codegen/ObjectEmitter.h"
#include "Codegen/Provenance.h"
#include "Codegen/WeightsFile.h"
#include "DiagnosticPrinter.h"
#include "FatalErrors.h"
#include "Frontend/Import.h"
#include "Frontend/Summary.h"
#include "OutputFiles.h"
#include "Pipeline/Pipeline.h"
#include "Training/TrainingProgram.h"
#include "cnnrt/model.h"
#include "cnn/IR/CNNDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {
enum class Emit { MLIR, Linalg, Tiled, LLVM, Asm, Obj };

cl::OptionCategory category("cnnc options");
cl::opt<std::string> inputPath(cl::Positional,
                               cl::desc("<model.json, model.keras, model.h5, weights.h5 "
                                        "--topology model.json, or model.mlir>"),
                               cl::cat(category));
cl::opt<std::string> topologyPath("topology",
                                  cl::desc("The model's JSON (model.to_json()) for a weights "
                                           "file saved by Keras' save_weights"),
                                  cl::value_desc("model.json"), cl::cat(category));
cl::opt<std::string> outputPath("o", cl::desc("Output file (default: <model>.o, "
                                              "or stdout for text)"),
                                cl::value_desc("file"), cl::cat(category));
cl::opt<std::string> modelName(
    "name",
    cl::desc("Prefix of the C symbols (NAME_create, ...): a C identifier, not a "
             "keyword, not starting with '_' or 'cnnrt', and clashing with no C "
             "library namespace (pthread_, sem_, ...). Default: the output "
             "file's stem with other ASCII characters made '_', each byte of a "
             "non-ASCII character written _xHH, and 'm' before a leading digit "
             "or '_'"),
    cl::cat(category));
cl::opt<Emit> emit(
    "emit", cl::desc("What to produce"), cl::init(Emit::Obj),
    cl::values(clEnumValN(Emit::MLIR, "mlir", "the model in the cnn dialect"),
               clEnumValN(Emit::Linalg, "linalg", "after lowering to linalg"),
               clEnumValN(Emit::Tiled, "tiled",
                          "after tiling and vectorising, on tensors"),
               clEnumValN(Emit::LLVM, "llvm", "optimised LLVM IR"),
               clEnumValN(Emit::Asm, "asm", "assembly"),
               clEnumValN(Emit::Obj, "obj", "an object file and its C header")),
    cl::cat(category));
cl::opt<bool> summary("summary", cl::desc("Print Keras' model.summary() table"),
                      cl::cat(category));
cl::opt<std::string> targetTriple("target", cl::desc("Target triple (default: host)"),
                                  cl::cat(category));
cl::opt<std::string> targetCPU("mcpu",
                               cl::desc("Target CPU (default and 'native': this machine's; "
                                        "x86-64-v3 for objects to ship)"),
                               cl::cat(category));
cl::opt<std::string> targetFeatures("mattr",
                                    cl::desc("CPU features to add or remove: +avx2,-avx512f"),
                                    cl::cat(category));
cl::opt<uint64_t> seed("seed",
                       cl::desc("Seed of the default initialisers, for weights "
                                "the model file does not carry"),
                       cl::init(1), cl::cat(category));
cl::opt<bool> noFuse("no-fuse",
                     cl::desc("Compute each convolution whole before its "
                              "pool: to measure what fusion gives"),
                     cl::cat(category));
cl::opt<bool> noTile("no-tile",
                     cl::desc("Leave linalg ops untiled (scalar loops): to "
                              "measure what tiling gives"),
                     cl::cat(category));
cl::opt<bool> noVectorize("no-vectorize",
                          cl::desc("Leave the tiles as scalar loops"),
                          cl::cat(category));
cl::opt<int64_t> groupBytes(
    "predict-group-bytes",
    cl::desc("predict's threads each run as many samples at a time as the "
             "compiled code's buffers for them fit in these bytes (at least "
             "one), so that its workspace does not grow with the batch; 0: "
             "each thread's whole share of the batch at once"),
    cl::init(256 * 1024), cl::cat(category));
/// --threads, registered by registerThreadsOption: libLLVM registers an
/// undocumented --threads of its own at load time, which cnnc does not use.
cl::opt<int> *defaultThreads = nullptr;

void registerThreadsOption() {
  llvm::StringMap<cl::Option *> &registered = cl::getRegisteredOptions();
  if (auto it = registered.find("threads"); it != registered.end())
    it->second->removeArgument();
  static cl::opt<int> option(
      "threads",
      cl::desc("The threads each instance splits its batch calls over unless "
               "NAME_set_num_threads says otherwise (1 to 256); 0: the CPUs "
               "the process may run on when the instance is created"),
      cl::init(0), cl::cat(category));
  defaultThreads = &option;
}
enum class WeightsPlacement { Auto, Embedded, External };
/// Above this, --weights=auto writes the weights beside the object.
constexpr int64_t autoExternalBytes = int64_t{64} << 20;
cl::opt<WeightsPlacement> weightsPlacement(
    "weights", cl::desc("Where an object's weights go"), cl::init(WeightsPlacement::Auto),
    cl::values(clEnumValN(WeightsPlacement::Embedded, "embedded", "in the object"),
               clEnumValN(WeightsPlacement::External, "external",
                          "in OUT.weights beside it (save_weights' layout), read by "
                          "NAME_create_from_file"),
               clEnumValN(WeightsPlacement::Auto, "auto",
                          "embedded up to 64 MiB of weights, else external (default)")),
    cl::cat(category));
cl::opt<bool> elideWeights("elide-weights",
                           cl::desc("With --emit=mlir/linalg: print large "
                                    "weight tensors elided"),
                           cl::cat(category));
cl::OptionCategory trainingCategory(
    "cnnc training options (flags win over the file's training config)");
cl::opt<std::string> lossName("loss",
                              cl::desc("Train with this Keras loss: "
                                       "sparse_categorical_crossentropy, "
                                       "categorical_crossentropy, "
                                       "binary_crossentropy, mean_squared_error"),
                              cl::cat(trainingCategory));
cl::opt<std::string> optimizerName("optimizer",
                                   cl::desc("sgd, adam, rmsprop or adagrad"),
                                   cl::cat(trainingCategory));
cl::opt<double> learningRate("learning-rate",
                             cl::desc("Default: Keras' (0.01 for sgd, else 0.001)"),
                             cl::cat(trainingCategory));
cl::opt<double> momentum("momentum", cl::desc("sgd and rmsprop (default 0)"),
                         cl::cat(trainingCategory));
cl::opt<bool> nesterov("nesterov", cl::desc("sgd with Nesterov momentum"),
                       cl::cat(trainingCategory));
cl::opt<double> beta1("beta-1", cl::desc("adam (default 0.9)"), cl::cat(trainingCategory));
cl::opt<double> beta2("beta-2", cl::desc("adam (default 0.999)"), cl::cat(trainingCategory));
cl::opt<double> epsilon("epsilon", cl::desc("adam, rmsprop and adagrad (default 1e-7)"),
                        cl::cat(trainingCategory));
cl::opt<bool> amsgrad("amsgrad", cl::desc("adam with AMSGrad"), cl::cat(trainingCategory));
cl::opt<double> rho("rho", cl::desc("rmsprop's discount (default 0.9)"),
                    cl::cat(trainingCategory));
cl::opt<bool> centered("centered", cl::desc("centered rmsprop"), cl::cat(trainingCategory));
cl::opt<double> initialAccumulator("initial-accumulator-value",
                                   cl::desc("adagrad (default 0.1)"),
                                   cl::cat(trainingCategory));
cl::opt<bool> fromLogits("from-logits",
                         cl::desc("The model outputs logits (the loss' from_logits)"),
                         cl::cat(trainingCategory));
cl::opt<bool> inferenceOnly("inference-only",
                            cl::desc("Ignore the file's training config"),
                            cl::cat(trainingCategory));
cl::opt<bool> printLinkFlags("print-link-flags",
                             cl::desc("Print what `cc app.c model.o` needs "
                                      "after it to link, and exit"),
                             cl::cat(category));

int fail(const llvm::Twine &message) {
  llvm::errs() << "cnnc: error: " << message << "\n";
  return 1;
}

bool isTextOutput() { return emit != Emit::Obj; }

/// The -o path, or the default: <input stem>.o for objects, stdout for text.
std::string resolveOutputPath() {
  if (!outputPath.empty())
    return outputPath;
  if (isTextOutput())
    return "-";
  return llvm::sys::path::stem(inputPath).str() + ".o";
}

int printLinkFlagsAndExit(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&printLinkFlagsAndExit));
  llvm::SmallString<256> libDir(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(libDir, "..", "lib");
  llvm::sys::path::remove_dots(libDir, /*remove_dot_dot=*/true);
  // The build folder and an installed tree (cmake --install) have the same
  // layout, bin/ and lib/; a cnnc copied elsewhere alone would print a path
  // that fails only later, at the link.
  llvm::SmallString<256> runtime(libDir);
  llvm::sys::path::append(runtime, "libcnnrt.a");
  if (!llvm::sys::fs::exists(runtime))
    return fail("--print-link-flags: the runtime is not at " + runtime +
                " (cnnc looks for it in ../lib from its own folder, " +
                llvm::sys::path::parent_path(exe) + ")");
  llvm::outs() << "-L" << libDir << " -lcnnrt -lz -lm\n";
  return 0;
}

/// The header's path beside an object's: model.o -> model.h.
std::string headerPathFor(const std::string &objectPath) {
  llvm::SmallString<256> headerPath(objectPath);
  llvm::sys::path::replace_extension(headerPath, "h");
  return headerPath.str().str();
}

/// The weights file's path beside an object's: model.o -> model.weights.
std::string weightsPathFor(const std::string &objectPath) {
  llvm::SmallString<256> path(objectPath);
  llvm::sys::path::replace_extension(path, "weights");
  return path.str().str();
}

/// Whether the weights go beside the object: --weights, or for auto their size.
bool weightsOutside(int64_t paramCount) {
  if (weightsPlacement == WeightsPlacement::Auto)
    return paramCount * static_cast<int64_t>(sizeof(float)) > autoExternalBytes;
  return weightsPlacement == WeightsPlacement::External;
}

/// Checks that the weights file beside the object `path` may be written.
int checkWeightsOutput(const cnnc::OutputFiles &outputs, const std::string &path) {
  std::string weights = weightsPathFor(path);
  if (weights == path)
    return fail("-o " + path + ": the weights file would be written to the same "
                "file; name the object model.o");
  if (llvm::Error error = outputs.check(weights, cnnc::OutputKind::Object))
    return fail(llvm::toString(std::move(error)));
  return 0;
}

/// Checks, before compiling, that every output may be written where asked.
int checkOutputs(const cnnc::OutputFiles &outputs, const std::string &path) {
  if (!isTextOutput()) {
    std::string header = headerPathFor(path);
    if (header == path)
      return fail("-o " + path + ": the object's header would be written to "
                  "the same file; name the object model.o");
    if (llvm::Error error = outputs.check(path, cnnc::OutputKind::Object))
      return fail(llvm::toString(std::move(error)));
    if (llvm::Error error = outputs.check(header, cnnc::OutputKind::Header))
      return fail(llvm::toString(std::move(error)));
    if (weightsPlacement == WeightsPlacement::External)
      return checkWeightsOutput(outputs, path);
    return 0;
  }
  if (llvm::Error error = outputs.check(path, cnnc::OutputKind::Text))
    return fail(llvm::toString(std::move(error)));
  return 0;
}

/// Renames the written outputs into place; reports a write error.
int commit(cnnc::OutputFiles &outputs) {
  if (llvm::Error error = outputs.commit())
    return fail(llvm::toString(std::move(error)));
  return 0;
}

int printModule(ModuleOp module, cnnc::OutputFiles &outputs,
                const std::string &path) {
  auto os = outputs.open(path, cnnc::OutputKind::Text);
  if (!os)
    return fail(llvm::toString(os.takeError()));
  OpPrintingFlags flags;
  if (elideWeights)
    flags.elideLargeElementsAttrs(16).elideLargeResourceString(64);
  module.print(**os, flags);
  return commit(outputs);
}

/// Writes the object to `path`, the initial parameters over their
/// placeholder in it or, with external weights, to their file beside it, and
/// the header beside it.
int writeObjectAndHeader(llvm::Module &module, llvm::TargetMachine &machine,
                         const cnnc::ModelInterface &model,
                         cnnc::InitialParams &params, cnnc::OutputFiles &outputs,
                         const std::string &path) {
  auto object = outputs.open(path, cnnc::OutputKind::Object);
  if (!object)
    return fail(llvm::toString(object.takeError()));
  if (llvm::Error error = cnnc::emitMachineCode(module, machine, **object, false))
    return fail(llvm::toString(std::move(error)));
  auto written = outputs.readBack(path);
  if (!written)
    return fail(llvm::toString(written.takeError()));
  if (!model.weightsFile.empty()) {
    auto weights = outputs.open(weightsPathFor(path), cnnc::OutputKind::Object);
    if (!weights)
      return fail(llvm::toString(weights.takeError()));
    if (llvm::Error error = cnnc::writeWeightsFile(params.bytes(), model.weights, **weights))
      return fail(llvm::toString(std::move(error)));
  } else if (llvm::Error error = params.patch((*written)->getMemBufferRef(), **object)) {
    return fail(llvm::toString(std::move(error)));
  }
  auto header = outputs.open(headerPathFor(path), cnnc::OutputKind::Header);
  if (!header)
    return fail(llvm::toString(header.takeError()));
  cnnc::writeHeader(model, **header);
  return commit(outputs);
}

/// Writes optimised LLVM IR or assembly to `path`.
int writeLLVMText(llvm::Module &module, llvm::TargetMachine &machine,
                  cnnc::OutputFiles &outputs, const std::string &path) {
  auto os = outputs.open(path, cnnc::OutputKind::Text);
  if (!os)
    return fail(llvm::toString(os.takeError()));
  if (emit == Emit::LLVM)
    module.print(**os, nullptr);
  else if (llvm::Error error = cnnc::emitMachineCode(module, machine, **os,
                                                     /*assembly=*/true))
    return fail(llvm::toString(std::move(error)));
  return commit(outputs);
}

std::vector<int64_t> toShape(RankedTensorType type) {
  std::vector<int64_t> shape(type.getShape().begin(), type.getShape().end());
  shape[0] = -1;
  return shape;
}

/// The training choices of the flags, over the file's; none for inference.
FailureOr<std::optional<cnnc::TrainingOptions>>
resolveTraining(const cnnc::ImportedModel &imported, MLIRContext &context) {
  cnnc::TrainingChoices flags;
  auto set = [](auto &field, auto &option) {
    if (option.getNumOccurrences())
      field = option.getValue();
  };
  set(flags.loss, lossName);
  set(flags.optimizer, optimizerName);
  set(flags.learningRate, learningRate);
  set(flags.momentum, momentum);
  set(flags.nesterov, nesterov);
  set(flags.beta1, beta1);
  set(flags.beta2, beta2);
  set(flags.epsilon, epsilon);
  set(flags.amsgrad, amsgrad);
  set(flags.rho, rho);
  set(flags.centered, centered);
  set(flags.initialAccumulator, initialAccumulator);
  set(flags.fromLogits, fromLogits);
  Location loc = FileLineColLoc::get(&context, inputPath, 0, 0);
  if (!inferenceOnly) {
    auto file = cnnc::readTrainingConfig(imported.trainingConfig,
                                         imported.trainingConfigPath, loc);
    if (failed(file))
      return failure();
    flags.fillFrom(*file);
  }
  if (flags.empty())
    return std::optional<cnnc::TrainingOptions>();
  auto options = cnnc::resolveTrainingOptions(flags, loc);
  if (failed(options))
    return failure();
  return std::optional<cnnc::TrainingOptions>(*options);
}

/// After an error of a training build that the file's training config asked
/// for (no flag did): how to compile the model for inference.
void noteTrainingFromFile(const cnnc::ImportedModel &imported) {
  if (lossName.empty() && optimizerName.empty())
    llvm::errs() << inputPath << ": note: training was asked for by the file's "
                 << imported.trainingConfigPath
                 << "; --inference-only compiles predict alone\n";
}

/// The target machine for --emit=llvm/asm/obj, created before compiling so
/// that a bad --target or --mcpu is reported first.
FailureOr<std::unique_ptr<llvm::TargetMachine>> targetMachine() {
  auto machine = cnnc::createTargetMachine({targetTriple, targetCPU, targetFeatures});
  if (!machine) {
    fail(llvm::toString(machine.takeError()));
    return failure();
  }
  return std::move(*machine);
}

/// Lowers the LLVM-dialect `module` to LLVM IR and writes the object and its
/// header, the IR or the assembly.
int generateCode(ModuleOp module, const cnnc::ModelInterface &model,
                 llvm::TargetMachine &machine, cnnc::OutputFiles &outputs,
                 const std::string &output) {
  // A backend that cannot lower the module reports a fatal error: say where.
  std::string cpu = machine.getTargetCPU().str();
  cnnc::FatalErrorContext doing(inputPath + ": generating code for '" +
                                machine.getTargetTriple().str() + "' (CPU '" +
                                (cpu.empty() ? "generic" : cpu) + "')");
  auto params = cnnc::InitialParams::detach(module);
  if (!params)
    return fail(llvm::toString(params.takeError()));
  llvm::LLVMContext llvmContext;
  using Placement = cnnc::InitialParams::Placement;
  // LLVM IR and assembly show the weights whatever --weights says.
  Placement placement = !model.weightsFile.empty() ? Placement::Outside
                        : emit == Emit::Obj        ? Placement::Placeholder
                                                   : Placement::Bytes;
  auto llvmModule = cnnc::buildLLVMModule(module, model, *params, placement, machine,
                                          llvmContext);
  if (!llvmModule)
    return fail(llvm::toString(llvmModule.takeError()));
  if (emit == Emit::Obj)
    return writeObjectAndHeader(**llvmModule, machine, model, *params, outputs,
                                output);
  return writeLLVMText(**llvmModule, machine, outputs, output);
}

int compile(MLIRContext &context) {
  std::string output = resolveOutputPath();
  std::unique_ptr<llvm::TargetMachine> machine;
  if (emit != Emit::MLIR && emit != Emit::Linalg) {
    auto created = targetMachine();
    if (failed(created))
      return 1;
    machine = std::move(*created);
  }
  cnnc::OutputFiles outputs;
  outputs.protectInput(inputPath);
  cnnc::ModelInterface model;
  auto name = cnnc::resolveModelName(
      modelName, output == "-" ? inputPath.getValue() : output);
  if (!name)
    return fail(llvm::toString(name.takeError()));
  model.name = *name;
  model.functions.forward = model.name + "_forward";

  cnnc::ImportOptions options;
  options.funcName = model.functions.forward;
  options.seed = seed;
  options.skipWeightFiles = summary && outputPath.empty() && emit == Emit::Obj;
  options.topologyPath = topologyPath;
  bool mlirInput = llvm::StringRef(inputPath).ends_with(".mlir");
  if (mlirInput && summary)
    return fail("--summary needs a Keras or TF.js model file, not MLIR");
  if (mlirInput && !topologyPath.empty())
    return fail("--topology goes with a weights file saved by Keras' save_weights, not MLIR");
  auto imported = mlirInput ? cnnc::importMlirModel(inputPath, context, options)
                            : cnnc::importModel(inputPath, context, options);
  if (failed(imported))
    return 1;
  if (summary) {
    cnnc::printSummary(*imported, llvm::outs());
    if (outputPath.empty() && emit == Emit::Obj)
      return 0;
  }
  for (const std::string &shard : imported->weightFiles)
    outputs.protectInput(shard);
  if (emit == Emit::Obj) {
    auto hash = cnnc::sha256OfFiles(inputPath, imported->weightFiles);
    if (!hash)
      return fail(llvm::toString(hash.takeError()));
    model.modelSha256 = *hash;
  }
  if (checkOutputs(outputs, output))
    return 1;
  ModuleOp module = *imported->module;
  model.inputShape = toShape(imported->inputType);
  model.outputShape = toShape(imported->outputType);
  auto training = resolveTraining(*imported, context);
  if (failed(training))
    return 1;
  model.training = *training;
  if (model.training) {
    // Not the exported names (NAME_evaluate, ...), which call the runtime.
    model.functions.evaluate = model.name + "_loss";
    model.functions.gradients = model.name + "_loss_gradients";
    model.functions.applyGradients = model.name + "_optimizer_step";
    std::vector<cnnc::OutputPenalty> activityPenalties;
    for (const auto &activity : imported->activityRegularizers)
      activityPenalties.push_back({activity.output, activity.l1, activity.l2, !imported->keras3});
    model.lossSumsOverBatch = imported->keras3 && !activityPenalties.empty();
    if (failed(cnnc::addEvaluateFunction(module, model.functions, *model.training,
                                         activityPenalties)))
      return 1;
    cnnc::addOptimizerFunction(module, model.functions, *model.training);
  }
  if (emit == Emit::MLIR)
    return printModule(module, outputs, output);
  cnnc::PipelineOptions pipeline;
  pipeline.training = model.training.has_value();
  pipeline.fuse = !noFuse;
  pipeline.tile = !noTile;
  pipeline.vectorize = !noVectorize;
  if (machine)
    pipeline.target = cnnc::targetShapeOf(*machine);
  if (emit == Emit::Linalg || emit == Emit::Tiled)
    return failed(cnnc::lowerModule(module,
                                    emit == Emit::Linalg ? cnnc::Stage::Linalg
                                                         : cnnc::Stage::Tiled,
                                    pipeline))
               ? 1
               : printModule(module, outputs, output);
  if (failed(cnnc::lowerModule(module, cnnc::Stage::LLVMDialect, pipeline))) {
    if (model.training)
      noteTrainingFromFile(*imported);
    return 1;
  }
  if (failed(cnnc::readStateLayout(module, model)) ||
      failed(cnnc::readWorkspace(module, model)))
    return 1;
  model.predictGroupBytes = groupBytes;
  model.defaultThreads = *defaultThreads;
  if (emit == Emit::Obj && model.paramCount && weightsOutside(model.paramCount)) {
    if (weightsPlacement == WeightsPlacement::Auto && checkWeightsOutput(outputs, output))
      return 1;
    model.weightsFile = llvm::sys::path::filename(weightsPathFor(output)).str();
    if (weightsPlacement == WeightsPlacement::Auto)
      llvm::errs() << inputPath << ": note: the weights (" << model.paramCount * 4
                   << " bytes) are above --weights=auto's " << autoExternalBytes
                   << ": written to " << weightsPathFor(output) << "; create instances with "
                   << model.name << "_create_from_file (--weights=embedded keeps them in "
                   << "the object)\n";
  }
  model.cpuFeatures = cnnc::recordedCpuFeatures(*machine);
  return generateCode(module, model, *machine, outputs, output);
}
} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cnnc::installFatalErrorHandlers();
  // Developer options (hidden): --mlir-print-ir-after-all, --mlir-timing, ...
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  registerMLIRContextCLOptions();
  registerAsmPrinterCLOptions();
  registerThreadsOption();
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "cnnc " << cnnc::cnncVersion() << " (LLVM and MLIR " LLVM_VERSION_STRING ")\n";
  });
  cl::HideUnrelatedOptions({&category, &trainingCategory});
  cl::ParseCommandLineOptions(
      argc, argv,
      "cnnc: compiles a Keras or TF.js model.json into an object file and a C "
      "header\n\n  cnnc model.json -o model.o\n  cc app.c model.o $(cnnc "
      "--print-link-flags)\n");
  if (printLinkFlags)
    return printLinkFlagsAndExit(argv[0]);
  if (inputPath.empty())
    return fail("no model file given (try --help)");
  if (groupBytes < 0)
    return fail("--predict-group-bytes must be 0 or more, got " +
                std::to_string(groupBytes));
  if (*defaultThreads < 0 || *defaultThreads > CNNRT_MAX_THREADS)
    return fail("--threads must be 0 (the CPUs the process may run on) to " +
                std::to_string(CNNRT_MAX_THREADS) + ", got " +
                std::to_string(*defaultThreads));

  DialectRegistry registry;
  registry.insert<cnn::CNNDialect, func::FuncDialect, arith::ArithDialect,
                  ml_program::MLProgramDialect, memref::MemRefDialect,
                  linalg::LinalgDialect, math::MathDialect>();
  cnnc::registerPipelineInterfaces(registry);
  MLIRContext context(registry);
  context.printOpOnDiagnostic(false);
  cnnc::DiagnosticPrinter printer(context, llvm::errs());
  cnnc::FatalErrorContext doing(inputPath);
  int status = compile(context);
  // The summary, or text sent to standard output, may meet a closed pipe.
  if (llvm::Error error = cnnc::flushStandardOutput())
    status = fail(llvm::toString(std::move(error)));
  return status;
}
