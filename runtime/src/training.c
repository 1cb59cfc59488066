/* Training entry points: label checks, the compiled gradient, optimizer and evaluate functions, accuracy. */
#include "model_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int sparse_labels(const cnnrt_model *model) {
  return model->info->loss == CNNRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
}

/* Checks that the model trains and that the labels are of the loss' kind
   (and, for class indices, in range). */
static int check_training_call(const cnnrt_model *model, const char *what,
                               const float *input, const void *labels,
                               int float_labels, int64_t batch) {
  const cnnrt_model_info *info = model->info;
  if (!info->gradients)
    return cnnrt_fail(model, "%s_%s: the model was compiled without a loss and "
                      "an optimizer (cnnc --loss ... --optimizer ...)",
                      info->name, what);
  if (cnnrt_check_batch(model, what, input, batch))
    return 1;
  if (!labels)
    return cnnrt_fail(model, "%s_%s: labels must not be NULL", info->name, what);
  if (float_labels == sparse_labels(model))
    return cnnrt_fail(model, "%s_%s: this model's loss takes %s",
                      info->name, what,
                      sparse_labels(model)
                          ? "int32 class labels: use the calls without _float_labels"
                          : "float labels: use the _float_labels calls");
  if (float_labels)
    return 0;
  const int32_t *classes = labels;
  int64_t count = batch * (model->output_size / model->classes);
  for (int64_t i = 0; i < count; ++i)
    if (classes[i] < 0 || classes[i] >= model->classes)
      return cnnrt_fail(model, "%s_%s: label %lld is %d, outside [0, %lld)",
                        info->name, what, (long long)i, classes[i],
                        (long long)model->classes);
  return 0;
}

static void describe_labels(const cnnrt_model *model, memref_descriptor *d,
                            const void *labels, int64_t batch) {
  const cnnrt_model_info *info = model->info;
  cnnrt_describe(d, labels, batch, info->output_shape,
                 info->output_rank - (sparse_labels(model) ? 1 : 0));
}

static int compute_gradients(cnnrt_model *model, const char *what,
                             const float *input, const void *labels,
                             int float_labels, int64_t batch, float *loss,
                             float *grads) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  if (check_training_call(model, what, input, labels, float_labels, batch))
    return 1;
  if (!loss || !grads)
    return cnnrt_fail(model, "%s_%s: loss and grads must not be NULL",
                      model->info->name, what);
  /* Dropout masks are a function of the step: the same until the step is
     applied, and the same in a resumed run. */
  int64_t seed = model->iterations + 1;
  memref_descriptor params, in, lab, seed_d, loss_d, grads_d, updated_d;
  cnnrt_describe_vector(&params, model->params, model->info->param_count);
  cnnrt_describe(&in, input, batch, model->info->input_shape, model->info->input_rank);
  describe_labels(model, &lab, labels, batch);
  cnnrt_describe(&seed_d, &seed, 1, NULL, 0);
  cnnrt_describe(&loss_d, loss, 1, NULL, 0);
  cnnrt_describe_vector(&grads_d, grads, model->info->trainable_count);
  cnnrt_describe_vector(&updated_d, model->updated, model->info->updated_count);
  void *args[] = {&params, &in, &lab, &seed_d, &loss_d, &grads_d, &updated_d};
  if (cnnrt_run_compiled(model, what, batch,
                         (cnnrt_compiled_fn)model->info->gradients, 7, args))
    return 1;
  /* Like Keras' forward pass in training mode, the step's batch statistics
     move the moving ones now, before the gradients are applied. */
  memcpy(model->params + model->info->trainable_count, model->updated,
         (size_t)model->info->updated_count * sizeof(float));
  return 0;
}

int cnnrt_model_apply_gradients(cnnrt_model *model, const float *grads) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  if (!model->info->apply_gradients)
    return cnnrt_fail(model, "%s_apply_gradients: the model was compiled without "
                      "an optimizer", model->info->name);
  if (!grads)
    return cnnrt_fail(model, "%s_apply_gradients: grads must not be NULL",
                      model->info->name);
  int64_t trainable = model->info->trainable_count;
  model->hyper[CNNRT_HYPER_STEP] = (float)(model->iterations + 1);
  memref_descriptor params, slots, grads_d, hyper;
  cnnrt_describe_vector(&params, model->params, model->info->param_count);
  cnnrt_describe_vector(&slots, model->slots,
                        (int64_t)model->info->optimizer_slots * trainable);
  cnnrt_describe_vector(&grads_d, grads, trainable);
  cnnrt_describe_vector(&hyper, model->hyper, CNNRT_HYPER_COUNT);
  void *args[] = {&params, &slots, &grads_d, &hyper};
  if (cnnrt_run_compiled(model, "apply_gradients", 0,
                         (cnnrt_compiled_fn)model->info->apply_gradients, 4, args))
    return 1;
  ++model->iterations;
  return 0;
}

static int train_step(cnnrt_model *model, const char *what, const float *input,
                      const void *labels, int float_labels, int64_t batch,
                      float *loss) {
  if (!model)
    return 1;
  float ignored;
  if (compute_gradients(model, what, input, labels, float_labels, batch,
                        loss ? loss : &ignored, model->grads))
    return 1;
  return cnnrt_model_apply_gradients(model, model->grads);
}

/* The fraction of samples (or positions) whose prediction is right. */
static float accuracy_of(const cnnrt_model *model, const float *output,
                         const void *labels, int64_t batch) {
  int64_t k = model->classes;
  int64_t rows = batch * (model->output_size / k);
  int64_t right = 0, total = 0;
  if (model->info->loss == CNNRT_LOSS_BINARY_CROSSENTROPY) {
    const float *y = labels;
    float threshold = model->info->from_logits ? 0.0f : 0.5f;
    for (int64_t i = 0; i < rows * k; ++i, ++total)
      right += (output[i] > threshold) == (y[i] > 0.5f);
    return (float)right / (float)total;
  }
  for (int64_t r = 0; r < rows; ++r, ++total) {
    const float *row = output + r * k;
    int64_t best = 0;
    for (int64_t j = 1; j < k; ++j)
      if (row[j] > row[best])
        best = j;
    int64_t truth = 0;
    if (sparse_labels(model)) {
      truth = ((const int32_t *)labels)[r];
    } else {
      const float *y = (const float *)labels + r * k;
      for (int64_t j = 1; j < k; ++j)
        if (y[j] > y[truth])
          truth = j;
    }
    right += best == truth;
  }
  return (float)right / (float)total;
}

static int evaluate(cnnrt_model *model, const float *input, const void *labels,
                    int float_labels, int64_t batch, float *loss, float *accuracy) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  const char *what = float_labels ? "evaluate_float_labels" : "evaluate";
  if (check_training_call(model, what, input, labels, float_labels, batch))
    return 1;
  int64_t floats = batch * model->output_size;
  if (floats > model->scratch_floats) {
    float *grown = realloc(model->scratch, (size_t)floats * sizeof(float));
    if (!grown)
      return cnnrt_fail(model, "%s_%s: out of memory for %lld outputs",
                        model->info->name, what, (long long)floats);
    model->scratch = grown;
    model->scratch_floats = floats;
  }
  float loss_value;
  memref_descriptor params, in, lab, loss_d, out;
  cnnrt_describe_vector(&params, model->params, model->info->param_count);
  cnnrt_describe(&in, input, batch, model->info->input_shape, model->info->input_rank);
  describe_labels(model, &lab, labels, batch);
  cnnrt_describe(&loss_d, &loss_value, 1, NULL, 0);
  cnnrt_describe(&out, model->scratch, batch, model->info->output_shape,
                 model->info->output_rank);
  void *args[] = {&params, &in, &lab, &loss_d, &out};
  if (cnnrt_run_compiled(model, what, batch,
                         (cnnrt_compiled_fn)model->info->evaluate, 5, args))
    return 1;
  if (loss)
    *loss = loss_value;
  if (accuracy)
    *accuracy = accuracy_of(model, model->scratch, labels, batch);
  return 0;
}

int cnnrt_model_train_step(cnnrt_model *model, const float *input,
                           const int32_t *labels, int64_t batch, float *loss) {
  return train_step(model, "train_step", input, labels, 0, batch, loss);
}

int cnnrt_model_train_step_float_labels(cnnrt_model *model, const float *input,
                                        const float *labels, int64_t batch,
                                        float *loss) {
  return train_step(model, "train_step_float_labels", input, labels, 1, batch, loss);
}

int cnnrt_model_compute_gradients(cnnrt_model *model, const float *input,
                                  const int32_t *labels, int64_t batch,
                                  float *loss, float *grads) {
  return compute_gradients(model, "compute_gradients", input, labels, 0, batch,
                           loss, grads);
}

int cnnrt_model_compute_gradients_float_labels(cnnrt_model *model,
                                               const float *input,
                                               const float *labels,
                                               int64_t batch, float *loss,
                                               float *grads) {
  return compute_gradients(model, "compute_gradients_float_labels", input,
                           labels, 1, batch, loss, grads);
}

int cnnrt_model_evaluate(cnnrt_model *model, const float *input,
                         const int32_t *labels, int64_t batch, float *loss,
                         float *accuracy) {
  return evaluate(model, input, labels, 0, batch, loss, accuracy);
}

int cnnrt_model_evaluate_float_labels(cnnrt_model *model, const float *input,
                                      const float *labels, int64_t batch,
                                      float *loss, float *accuracy) {
  return evaluate(model, input, labels, 1, batch, loss, accuracy);
}

void cnnrt_model_set_learning_rate(cnnrt_model *model, float learning_rate) {
  if (model)
    model->hyper[CNNRT_HYPER_LEARNING_RATE] = learning_rate;
}
