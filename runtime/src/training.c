/* Training entry points: label checks, the compiled gradient, optimizer and evaluate functions, accuracy. */
#include "batch_threads.h"
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

/* The labels of the samples from `first` on. */
static const void *labels_from(const cnnrt_model *model, const void *labels,
                               int64_t first) {
  if (sparse_labels(model))
    return (const int32_t *)labels + first * (model->output_size / model->classes);
  return (const float *)labels + first * model->output_size;
}

/* A training-mode or evaluate call split into chunks. Each chunk's loss (a
   mean over its samples) and gradients are weighted by its share of the
   batch: the means of the whole batch. */
typedef struct batch_job {
  const cnnrt_model *model;
  const float *input;
  const void *labels;
  int64_t batch;
  int chunks;
  int64_t seed;  /* gradients: the step's; chunk i draws from seed + i * 2^40 */
  float *grads;  /* gradients: chunk 0's; the others' are model->chunk_grads */
  float *output; /* evaluate: the whole batch's */
  float loss[CNNRT_MAX_THREADS];
  cnnrt_chunk_outcomes outcomes;
} batch_job;

static float *chunk_grads(const batch_job *job, int index) {
  if (index == 0)
    return job->grads;
  return job->model->chunk_grads + (index - 1) * job->model->info->trainable_count;
}

static void gradients_chunk(void *context, int index) {
  batch_job *job = context;
  const cnnrt_model *model = job->model;
  const cnnrt_model_info *info = model->info;
  cnnrt_chunk chunk = cnnrt_chunk_of(job->batch, job->chunks, index);
  int64_t seed = job->seed + ((int64_t)index << 40);
  memref_descriptor params, in, lab, seed_d, loss_d, grads_d, updated_d;
  cnnrt_describe_vector(&params, model->params, info->param_count);
  cnnrt_describe(&in, job->input + chunk.first * model->input_size, chunk.count,
                 info->input_shape, info->input_rank);
  describe_labels(model, &lab, labels_from(model, job->labels, chunk.first), chunk.count);
  cnnrt_describe(&seed_d, &seed, 1, NULL, 0);
  cnnrt_describe(&loss_d, &job->loss[index], 1, NULL, 0);
  cnnrt_describe_vector(&grads_d, chunk_grads(job, index), info->trainable_count);
  /* Only one chunk when there are updated statistics (BatchNormalization)
     or the loss sums over the batch. */
  cnnrt_describe_vector(&updated_d, model->updated, info->updated_count);
  void *args[] = {&params, &in, &lab, &seed_d, &loss_d, &grads_d, &updated_d};
  job->outcomes.failed[index] =
      cnnrt_call_compiled((cnnrt_compiled_fn)info->gradients, 7, args, 0, model->arena,
                          &job->outcomes.status[index]);
}

static void evaluate_chunk(void *context, int index) {
  batch_job *job = context;
  const cnnrt_model *model = job->model;
  const cnnrt_model_info *info = model->info;
  cnnrt_chunk chunk = cnnrt_chunk_of(job->batch, job->chunks, index);
  memref_descriptor params, in, lab, loss_d, out;
  cnnrt_describe_vector(&params, model->params, info->param_count);
  cnnrt_describe(&in, job->input + chunk.first * model->input_size, chunk.count,
                 info->input_shape, info->input_rank);
  describe_labels(model, &lab, labels_from(model, job->labels, chunk.first), chunk.count);
  cnnrt_describe(&loss_d, &job->loss[index], 1, NULL, 0);
  cnnrt_describe(&out, job->output + chunk.first * model->output_size, chunk.count,
                 info->output_shape, info->output_rank);
  void *args[] = {&params, &in, &lab, &loss_d, &out};
  job->outcomes.failed[index] =
      cnnrt_call_compiled((cnnrt_compiled_fn)info->evaluate, 5, args, 0, model->arena,
                          &job->outcomes.status[index]);
}

/* Runs the job's chunks; reports the first that failed. */
static int run_batch_job(cnnrt_model *model, const char *what, batch_job *job,
                         cnnrt_task_fn fn) {
  return cnnrt_run_batch(model, what, job->batch, job->chunks, fn, job, &job->outcomes);
}

/* The weight of each chunk in the batch's means. */
static float chunk_share(const batch_job *job, int index) {
  return (float)cnnrt_chunk_of(job->batch, job->chunks, index).count / (float)job->batch;
}

static float batch_loss(const batch_job *job) {
  if (job->chunks == 1)
    return job->loss[0];
  float loss = 0;
  for (int i = 0; i < job->chunks; ++i)
    loss += chunk_share(job, i) * job->loss[i];
  return loss;
}

/* Chunk 0's gradients become the batch's: sum_i share_i * grads_i. */
static void combine_gradients(const batch_job *job) {
  if (job->chunks == 1)
    return;
  float shares[CNNRT_MAX_THREADS];
  for (int i = 0; i < job->chunks; ++i)
    shares[i] = chunk_share(job, i);
  int64_t count = job->model->info->trainable_count;
  for (int64_t k = 0; k < count; ++k) {
    float sum = shares[0] * job->grads[k];
    for (int i = 1; i < job->chunks; ++i)
      sum += shares[i] * chunk_grads(job, i)[k];
    job->grads[k] = sum;
  }
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
  batch_job job = {.model = model, .input = input, .labels = labels, .batch = batch,
                   .seed = model->iterations + 1 + model->dropout_stream, .grads = grads};
  job.chunks = model->info->updated_count || model->info->loss_sums_over_batch
                   ? 1
                   : cnnrt_batch_chunks(model, batch);
  if (job.chunks > 1 && !cnnrt_chunk_grads(model))
    return cnnrt_fail(model, "%s_%s: out of memory for the gradients of %d threads",
                      model->info->name, what, job.chunks);
  if (run_batch_job(model, what, &job, gradients_chunk))
    return 1;
  combine_gradients(&job);
  *loss = batch_loss(&job);
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
  cnnrt_arena *arena = model->arena;
  size_t output_bytes = ((size_t)floats * sizeof(float) + CNNRT_ARENA_ALIGNMENT - 1) /
                        CNNRT_ARENA_ALIGNMENT * CNNRT_ARENA_ALIGNMENT;
  if (arena) { /* in caller memory: the outputs below the compiled code's buffers */
    if (output_bytes > arena->bytes - arena->top)
      return cnnrt_fail(model, "%s_%s: the instance's memory is too small for "
                        "%lld outputs; %s_memory_bytes(batch) says what %s_create_in "
                        "needs", model->info->name, what, (long long)floats,
                        model->info->name, model->info->name);
  } else if (floats > model->scratch_floats) {
    float *grown = realloc(model->scratch, (size_t)floats * sizeof(float));
    if (!grown)
      return cnnrt_fail(model, "%s_%s: out of memory for %lld outputs",
                        model->info->name, what, (long long)floats);
    model->scratch = grown;
    model->scratch_floats = floats;
  }
  float *output = arena ? (float *)(arena->base + arena->top) : model->scratch;
  batch_job job = {.model = model, .input = input, .labels = labels, .batch = batch,
                   .output = output};
  job.chunks = model->info->loss_sums_over_batch ? 1 : cnnrt_batch_chunks(model, batch);
  if (arena)
    arena->top += output_bytes;
  int failed = run_batch_job(model, what, &job, evaluate_chunk);
  if (arena)
    arena->top -= output_bytes;
  if (failed)
    return 1;
  if (loss)
    *loss = batch_loss(&job);
  if (accuracy)
    *accuracy = accuracy_of(model, output, labels, batch);
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
