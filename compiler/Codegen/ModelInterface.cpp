// The exported C functions of a model object, listed once, and the state layout read from the lowered module.
#include "Codegen/ModelInterface.h"

#include "cnn/IR/CheckedSize.h"
#include "cnn/IR/ShapeInference.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace cnnc {

std::optional<int64_t> ModelInterface::sampleSize(const std::vector<int64_t> &shape) {
  if (shape.empty() || llvm::any_of(llvm::ArrayRef(shape).drop_front(),
                                    [](int64_t d) { return d < 1; }))
    return std::nullopt;
  return cnn::boundedElementCount(llvm::ArrayRef(shape).drop_front());
}

std::vector<ExportedFunction> exportedFunctions(const ModelInterface &model) {
  using P = std::vector<std::pair<std::string, std::string>>;
  std::vector<ExportedFunction> fns = {
      {"create", "$m *", {}, "cnnrt_model_create", true,
       "A model instance with the compiled weights; NULL on failure (out of\n"
       "   memory; an object without its weights, $N_EXTERNAL_WEIGHTS), with\n"
       "   $n_create_error() saying why. Instances are independent: separate ones\n"
       "   may be used from separate threads.", false},
      {"create_from_file", "$m *", P{{"const char *", "path"}},
       "cnnrt_model_create_from_file", true,
       "An instance with the weights in `path`, in save_weights' layout: the file\n"
       "   cnnc --weights=external wrote beside the object ($N_WEIGHTS_FILE), or one\n"
       "   that save_weights wrote. NULL if the file does not hold exactly the\n"
       "   model's weights, with $n_create_error() saying why.", false},
      {"create_in", "$m *", P{{"void *", "memory"}, {"size_t", "bytes"}},
       "cnnrt_model_create_in", true,
       "An instance laid out in `bytes` of the caller's memory: its predict and\n"
       "   training calls call no malloc and, once warm, take no page fault.\n"
       "   $n_memory_bytes(batch) says how much it needs; NULL if less. It runs on\n"
       "   the calling thread only; $n_destroy leaves the memory alone.", false},
      {"create_in_from_file", "$m *",
       P{{"void *", "memory"}, {"size_t", "bytes"}, {"const char *", "path"}},
       "cnnrt_model_create_in_from_file", true,
       "create_in, with the weights read from `path` as create_from_file does.", false},
      {"create_error", "const char *", {}, "cnnrt_model_create_error", false,
       "Why the last create call on this thread returned NULL (\"\" if it did not).",
       false},
      {"memory_bytes", "int64_t", P{{"int64_t", "batch"}}, "cnnrt_model_memory_bytes",
       true,
       "The bytes $n_create_in needs for an instance that predicts any batch and\n"
       "   trains or evaluates up to `batch` samples at a time; -1 if unknown.",
       false},
      {"destroy", "void", P{{"$m *", "m"}}, "cnnrt_model_destroy", false, "", false},
      {"predict", "int",
       P{{"$m *", "m"}, {"const float *", "input"}, {"int64_t", "batch"},
         {"float *", "output"}},
       "cnnrt_model_predict", false,
       "input: batch x $N_INPUT_SIZE floats; output: batch x $N_OUTPUT_SIZE floats.\n"
       "   Returns 0 on success; non-zero otherwise, with $n_error(m) saying why.",
       false},
      {"workspace_bytes", "int64_t", P{{"const $m *", "m"}, {"int64_t", "batch"}},
       "cnnrt_model_workspace_bytes", false,
       "The most bytes predict's buffers take at once for this batch with m's\n"
       "   threads (an upper bound). It stops growing with the batch: each thread\n"
       "   runs groups of samples that fit $N_PREDICT_GROUP_BYTES (0: its whole\n"
       "   chunk at once). -1 if unknown.",
       false},
      {"error", "const char *", P{{"const $m *", "m"}}, "cnnrt_model_error", false,
       "The message of the last failed call on m (\"\" if none).", false},
      {"set_num_threads", "int", P{{"$m *", "m"}, {"int", "threads"}},
       "cnnrt_model_set_num_threads", false,
       "Batch calls split their batch over this many threads (1 to 256; default:\n"
       "   $N_DEFAULT_THREADS, or the CPUs the process may run on if 0). predict's\n"
       "   outputs are bit-identical for any count; a training step averages its\n"
       "   chunks' gradients.", false},
      {"num_threads", "int", P{{"const $m *", "m"}}, "cnnrt_model_num_threads", false,
       "", false, /*returnsCount=*/true},
      {"save_weights", "int", P{{"const $m *", "m"}, {"const char *", "path"}},
       "cnnrt_model_save_weights", false,
       "All weights as float32 little-endian in the model file's weight order (a\n"
       "   TF.js weight shard), written to a temporary file, then renamed to path.",
       false},
      {"load_weights", "int", P{{"$m *", "m"}, {"const char *", "path"}},
       "cnnrt_model_load_weights", false,
       "Reads what save_weights wrote; a file of another size is refused and the\n"
       "   weights stay as they were.", false},
  };
  if (!model.training)
    return fns;
  bool sparse = model.training->loss == cnn::LossKind::sparse_categorical_crossentropy;
  std::string labels = sparse ? "const int32_t *" : "const float *";
  std::string suffix = sparse ? "" : "_float_labels";
  std::string runtimeSuffix = suffix;
  std::string labelDoc =
      sparse ? "labels: batch x $N_LABELS_PER_SAMPLE int32 class indices in [0, $N_CLASSES)"
             : "labels: batch x $N_OUTPUT_SIZE floats (one-hot or targets)";
  std::vector<ExportedFunction> training = {
      {"train_step" + suffix, "int",
       P{{"$m *", "m"}, {"const float *", "input"}, {labels, "labels"},
         {"int64_t", "batch"}, {"float *", "loss"}},
       "cnnrt_model_train_step" + runtimeSuffix, false,
       "One optimizer step on a batch; *loss gets the batch's mean loss before\n"
       "   the step (loss may be NULL). " + labelDoc + ".", true},
      {"evaluate" + suffix, "int",
       P{{"$m *", "m"}, {"const float *", "input"}, {labels, "labels"},
         {"int64_t", "batch"}, {"float *", "loss"}, {"float *", "accuracy"}},
       "cnnrt_model_evaluate" + runtimeSuffix, false,
       "The batch's mean loss and accuracy, weights unchanged (either pointer\n"
       "   may be NULL).", true},
      {"compute_gradients" + suffix, "int",
       P{{"$m *", "m"}, {"const float *", "input"}, {labels, "labels"},
         {"int64_t", "batch"}, {"float *", "loss"}, {"float *", "grads"}},
       "cnnrt_model_compute_gradients" + runtimeSuffix, false,
       "train_step's two halves, so that data-parallel training can average\n"
       "   gradients between them. grads: $N_TRAINABLE_COUNT floats. Like a Keras\n"
       "   forward pass in training mode, it moves BatchNormalization's moving\n"
       "   statistics (if any) with the batch's.", true},
      {"apply_gradients", "int", P{{"$m *", "m"}, {"const float *", "grads"}},
       "cnnrt_model_apply_gradients", false, "", true},
      {"set_learning_rate", "void", P{{"$m *", "m"}, {"float", "learning_rate"}},
       "cnnrt_model_set_learning_rate", false, "", true},
  };
  fns.insert(fns.end(), training.begin(), training.end());
  return fns;
}

mlir::LogicalResult readStateLayout(mlir::ModuleOp module, ModelInterface &model) {
  auto layout = module->getAttrOfType<mlir::ArrayAttr>("cnn.state_layout");
  auto trainable = module->getAttrOfType<mlir::IntegerAttr>("cnn.trainable_count");
  auto updated = module->getAttrOfType<mlir::IntegerAttr>("cnn.updated_count");
  if (!layout || !trainable || !updated)
    return module.emitError("internal error: no state layout in the lowered module");
  model.weights.clear();
  model.paramCount = 0;
  for (mlir::Attribute attr : layout) {
    auto entry = llvm::cast<mlir::DictionaryAttr>(attr);
    WeightEntry weight;
    weight.name = entry.getAs<mlir::StringAttr>("name").str();
    auto shape = entry.getAs<mlir::DenseI64ArrayAttr>("shape").asArrayRef();
    weight.shape.assign(shape.begin(), shape.end());
    weight.offset = entry.getAs<mlir::IntegerAttr>("offset").getInt();
    weight.trainable = entry.getAs<mlir::BoolAttr>("trainable").getValue();
    // Bounded by the cnn ops' verifiers, but the layout also reaches here
    // from .mlir inputs: a sum that overflows is an error, not a wrap.
    std::optional<int64_t> count = cnn::checkedElementCount(shape);
    std::optional<int64_t> total =
        count ? cnn::checkedAdd(model.paramCount, *count) : count;
    if (!total)
      return module.emitError("the weights' sizes overflow int64 at '")
             << weight.name << "'";
    model.paramCount = *total;
    model.weights.push_back(std::move(weight));
  }
  model.trainableCount = trainable.getInt();
  model.updatedCount = updated.getInt();
  module->removeAttr("cnn.state_layout");
  module->removeAttr("cnn.trainable_count");
  module->removeAttr("cnn.updated_count");
  return mlir::success();
}

mlir::LogicalResult readWorkspace(mlir::ModuleOp module, ModelInterface &model) {
  auto workspace = module->getAttrOfType<mlir::DictionaryAttr>("cnnc.workspace");
  auto read = [&](const std::string &function,
                  FunctionWorkspace &bytes) -> mlir::LogicalResult {
    if (function.empty())
      return mlir::success(); // not in this build
    auto entry = workspace ? workspace.getAs<mlir::DenseI64ArrayAttr>(function) : nullptr;
    if (!entry || entry.size() != 2)
      return module.emitError("internal error: no workspace of '")
             << function << "' in the lowered module";
    bytes = {entry[0], entry[1]};
    return mlir::success();
  };
  const CompiledFunctions &fns = model.functions;
  if (failed(read(fns.forward, model.forwardWorkspace)) ||
      failed(read(fns.evaluate, model.evaluateWorkspace)) ||
      failed(read(fns.gradients, model.gradientsWorkspace)) ||
      failed(read(fns.applyGradients, model.applyWorkspace)))
    return mlir::failure();
  module->removeAttr("cnnc.workspace");
  return mlir::success();
}

} // namespace cnnc
