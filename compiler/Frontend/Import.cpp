// The frontend's entry point: reads the file, then builds each layer in order into one forward function.
#include "Frontend/Import.h"
#include "Frontend/InterfaceCheck.h"
#include "Frontend/Json.h"
#include "Frontend/KerasH5Weights.h"
#include "Frontend/KerasModel.h"
#include "Frontend/ModelFile.h"
#include "Frontend/LayerBuilder.h"
#include "Frontend/UnsupportedLayers.h"

#include "cnn/IR/CNNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <map>

using namespace mlir;

namespace cnnc {

namespace {
/// Builds the forward function of one model spec.
class ModelBuilder {
public:
  ModelBuilder(MLIRContext &ctx, const ModelSpec &spec,
               const WeightStore &weights, const ImportOptions &options,
               Location fileLoc)
      : ctx(ctx), builder(&ctx), spec(spec), weights(weights),
        options(options), fileLoc(fileLoc) {}

  LogicalResult build(ImportedModel &result);

private:
  FailureOr<Value> buildLayer(const LayerSpec &layer, ImportedModel &result);
  /// Where diagnostics about the layer `name` point.
  Location layerLoc(const std::string &name) {
    return NameLoc::get(StringAttr::get(&ctx, name), fileLoc);
  }
  void orderStateAsInFile(ModuleOp module, func::FuncOp func);

  MLIRContext &ctx;
  OpBuilder builder;
  const ModelSpec &spec;
  const WeightStore &weights;
  const ImportOptions &options;
  Location fileLoc;
  std::map<std::string, Value> outputs; // layer name -> its output
  int64_t parameters = 0; // of the layers built so far
};
} // namespace

FailureOr<Value> ModelBuilder::buildLayer(const LayerSpec &layer,
                                          ImportedModel &result) {
  Location loc = NameLoc::get(StringAttr::get(&ctx, layer.name), fileLoc);
  const LayerBuildFn *buildFn = lookupLayerBuilder(layer.className);
  if (!buildFn)
    return emitError(loc) << "unknown layer class '" << layer.className
                          << "'; cnnc compiles " << knownLayerClasses();
  SmallVector<Value> inputs;
  for (const std::string &name : layer.inbound) {
    auto it = outputs.find(name);
    if (it == outputs.end())
      return emitError(loc) << "input '" << name
                            << "' is not defined before this layer";
    inputs.push_back(it->second);
  }
  LayerSummary summary{layer.name, layer.className, {}, 0, 0, layer.inbound,
                       layer.position};
  LayerBuilder layerBuilder(builder, layer, loc, weights, options.seed,
                            spec.keras3, summary, parameters);
  FailureOr<Value> output = (*buildFn)(layerBuilder, inputs);
  if (failed(output))
    return failure();
  summary.outputType = cast<RankedTensorType>(output->getType());
  result.layers.push_back(summary);
  auto activity = layerBuilder.config.activityRegularizer();
  if (failed(activity))
    return failure();
  if (*activity && ((*activity)->l1 != 0.0 || (*activity)->l2 != 0.0))
    result.activityRegularizers.push_back({layer.name, *output, (*activity)->l1, (*activity)->l2});
  return output;
}

LogicalResult ModelBuilder::build(ImportedModel &result) {
  SmallVector<int64_t> shape = {ShapedType::kDynamic};
  shape.append(spec.inputShape.begin(), spec.inputShape.end());
  result.inputType = RankedTensorType::get(shape, builder.getF32Type());
  if (failed(checkInterfaceType(layerLoc(spec.inputName), result.inputType, "input")))
    return failure();
  result.modelName = spec.name.empty() ? "model" : spec.name;
  result.inputName = spec.inputName;
  result.functional = spec.functional;
  result.keras3 = spec.keras3;
  result.module = ModuleOp::create(fileLoc);

  auto func = func::FuncOp::create(
      fileLoc, options.funcName, FunctionType::get(&ctx, {result.inputType}, {}));
  result.module->push_back(func);
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  outputs[spec.inputName] = entry->getArgument(0);

  if (failed(checkLayerClasses(spec, fileLoc, [&](const LayerSpec &layer) {
        return layerLoc(layer.name);
      })))
    return failure();
  for (const LayerSpec &layer : spec.layers) {
    FailureOr<Value> output = buildLayer(layer, result);
    if (failed(output))
      return failure();
    outputs[layer.name] = *output;
  }
  // Keras' summary lists the layers in the file's order, not the graph's.
  std::stable_sort(result.layers.begin(), result.layers.end(),
                   [](const LayerSummary &a, const LayerSummary &b) {
                     return a.position < b.position;
                   });
  Value output = outputs.at(spec.outputName);
  builder.create<func::ReturnOp>(fileLoc, output);
  result.outputType = cast<RankedTensorType>(output.getType());
  if (failed(checkInterfaceType(layerLoc(spec.outputName), result.outputType, "output")))
    return failure();
  func.setType(FunctionType::get(&ctx, {result.inputType}, {result.outputType}));
  // The caller's input is read-only; the C entry point takes memref descriptors.
  func.setArgAttr(0, "bufferization.writable", BoolAttr::get(&ctx, false));
  func->setAttr("llvm.emit_c_interface", UnitAttr::get(&ctx));
  orderStateAsInFile(*result.module, func);
  return verify(*result.module);
}

/// The model's weights in the weight file's order (a TF.js manifest lists
/// trainable weights first), which is the order saved weights are written
/// in; without a file, the layers' order, as Keras has it.
void ModelBuilder::orderStateAsInFile(ModuleOp module, func::FuncOp func) {
  if (weights.empty())
    return;
  SmallVector<std::pair<size_t, ml_program::GlobalOp>> globals;
  for (auto global : module.getOps<ml_program::GlobalOp>()) {
    StringRef name = global.getSymName();
    auto [layer, kind] = name.rsplit('/');
    const WeightTensor *tensor = weights.find(layer.str(), kind.str());
    globals.push_back({tensor ? tensor->order : 0, global});
  }
  std::stable_sort(globals.begin(), globals.end(), [](auto &a, auto &b) {
    return a.first < b.first;
  });
  for (auto &entry : globals)
    entry.second->moveBefore(func);
}

/// Where Keras 3, Keras 2 and TF.js keep what `compile()` was given; moved
/// out of `root` (the model reader does not need it).
static void findTrainingConfig(nlohmann::json &root, ImportedModel &result) {
  if (!root.is_object())
    return;
  const std::pair<const char *, const char *> places[] = {
      {"compile_config", "$.compile_config"},
      {"training_config", "$.training_config"},
      {"trainingConfig", "$.trainingConfig"}};
  for (auto [key, path] : places)
    if (root.contains(key) && !root[key].is_null()) {
      result.trainingConfig = std::move(root[key]);
      result.trainingConfigPath = path;
      return;
    }
  auto topology = root.find("modelTopology");
  if (topology != root.end() && topology->is_object() &&
      topology->contains("training_config") && !(*topology)["training_config"].is_null()) {
    result.trainingConfig = std::move((*topology)["training_config"]);
    result.trainingConfigPath = "$.modelTopology.training_config";
  }
}

/// A model compiled without a weights file predicts from initial weights,
/// which is right for training from scratch and wrong for anything else: say
/// so, with the seed that makes them.
static void warnIfInitialised(ModuleOp module, uint64_t seed, Location fileLoc) {
  size_t count = 0;
  for (auto global : module.getOps<ml_program::GlobalOp>()) {
    (void)global;
    ++count;
  }
  if (count)
    emitWarning(fileLoc) << "the file carries no weights: cnnc initialised the model's "
                         << count << " weight tensors from --seed " << seed
                         << " (a TF.js model.json with a weightsManifest carries trained ones)";
}

/// The shard files a weightsManifest names (those that are strings), as
/// they are opened: relative to the model's folder.
static std::vector<std::string> shardFiles(const nlohmann::json &manifest,
                                           const std::string &dir) {
  std::vector<std::string> files;
  if (!manifest.is_array())
    return files;
  for (const nlohmann::json &group : manifest)
    if (group.is_object() && group.contains("paths") && group["paths"].is_array())
      for (const nlohmann::json &shard : group["paths"])
        if (shard.is_string()) {
          llvm::SmallString<256> file(dir);
          llvm::sys::path::append(file, shard.get<std::string>());
          files.push_back(file.str().str());
        }
  return files;
}

FailureOr<ImportedModel> importModel(const std::string &path, MLIRContext &ctx,
                                     const ImportOptions &options) {
  ctx.loadDialect<cnn::CNNDialect, func::FuncDialect, arith::ArithDialect,
                  ml_program::MLProgramDialect>();
  Location fileLoc = FileLineColLoc::get(&ctx, path, 0, 0);
  auto file = readModelFile(path, options.topologyPath, !options.skipWeightFiles, fileLoc);
  if (failed(file))
    return failure();
  ImportedModel result;
  findTrainingConfig(file->root, result);
  const std::string &specPath = options.topologyPath.empty() ? path : options.topologyPath;
  Location specLoc = options.topologyPath.empty()
                         ? fileLoc
                         : Location(FileLineColLoc::get(&ctx, specPath, 0, 0));
  auto spec = readModelSpec(std::move(file->root), specPath, specLoc);
  if (failed(spec))
    return failure();
  // A TF.js model.json's weights are in the shards its manifest names.
  bool manifest = !file->weights && options.topologyPath.empty() &&
                  !spec->weightsManifest.is_null();
  result.weightFiles =
      manifest ? shardFiles(spec->weightsManifest, spec->weightsDir) : file->otherFiles;
  WeightStore weights;
  if (file->weights || (manifest && !options.skipWeightFiles)) {
    auto read = file->weights ? readKerasH5Weights(*file->weights, file->weightsRoot, *spec,
                                                   file->weightsWhere, specLoc)
                              : WeightStore::readManifest(spec->weightsManifest,
                                                          spec->weightsDir, fileLoc);
    if (failed(read))
      return failure();
    weights = std::move(*read);
  }
  ModelBuilder modelBuilder(ctx, *spec, weights, options, specLoc);
  if (failed(modelBuilder.build(result)))
    return failure();
  if (!weights.loaded() && !options.skipWeightFiles)
    warnIfInitialised(*result.module, options.seed, specLoc);
  return result;
}

} // namespace cnnc
