/* cnnrt model instances: creation, the weights' buffer, predict, memref descriptors and error messages. */
#include "batch_threads.h"
#include "model_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* Elements per sample (the batch dimension left out), or -1 for an extent
   below 1 or more than INT32_MAX elements in all: cnnc never writes such a
   shape (it keeps every tensor within INT32_MAX elements per sample, so that
   batch x size x 4 bytes fits int64_t for any batch up to CNNRT_MAX_BATCH). */
static int64_t sample_size(const int64_t *shape, uint32_t rank) {
  int64_t size = 1;
  for (uint32_t i = 1; i < rank; ++i) {
    if (shape[i] < 1 || shape[i] > INT32_MAX / size)
      return -1;
    size *= shape[i];
  }
  return size;
}

/* A descriptor cnnc could have written: checked once, so that no later size
   computation can divide by zero or overflow on a hand-made one. */
int cnnrt_valid_info(const cnnrt_model_info *info) {
  return info && info->abi_version == CNNRT_ABI_VERSION && info->cpu_features &&
         info->input_rank >= 1 &&
         info->input_rank <= CNNRT_MAX_RANK && info->output_rank >= 1 &&
         info->output_rank <= CNNRT_MAX_RANK &&
         sample_size(info->input_shape, info->input_rank) > 0 &&
         sample_size(info->output_shape, info->output_rank) > 0 &&
         info->param_count >= 0 && info->param_count <= INT32_MAX &&
         info->trainable_count >= 0 && info->updated_count >= 0 &&
         info->trainable_count + info->updated_count <= info->param_count &&
         info->optimizer_slots <= 3 && info->default_threads <= CNNRT_MAX_THREADS;
}

void cnnrt_model_init(cnnrt_model *model, const cnnrt_model_info *info) {
  model->info = info;
  model->input_size = sample_size(info->input_shape, info->input_rank);
  model->output_size = sample_size(info->output_shape, info->output_rank);
  model->classes = info->output_shape[info->output_rank - 1];
  int64_t slot_floats = (int64_t)info->optimizer_slots * info->trainable_count;
  if (info->param_count && info->initial_params)
    memcpy(model->params, info->initial_params,
           (size_t)info->param_count * sizeof(float));
  for (int64_t i = 0; i < slot_floats; ++i)
    model->slots[i] = info->slot_init;
  if (info->hyper_defaults)
    memcpy(model->hyper, info->hyper_defaults, sizeof model->hyper);
  model->threads = info->default_threads ? (int)info->default_threads : cnnrt_default_threads();
}

cnnrt_model *cnnrt_model_allocate(const cnnrt_model_info *info, const char *call) {
  cnnrt_model *model = calloc(1, sizeof *model);
  if (!model)
    return cnnrt_create_failed("%s_%s: out of memory", info->name, call);
  int64_t slot_floats = (int64_t)info->optimizer_slots * info->trainable_count;
  /* One extra float each, so that no buffer is empty (malloc(0) may be NULL). */
  model->params = malloc((size_t)(info->param_count + 1) * sizeof(float));
  model->slots = malloc((size_t)(slot_floats + 1) * sizeof(float));
  model->grads = malloc((size_t)(info->trainable_count + 1) * sizeof(float));
  model->updated = malloc((size_t)(info->updated_count + 1) * sizeof(float));
  if (!model->params || !model->slots || !model->grads || !model->updated) {
    cnnrt_model_destroy(model);
    return cnnrt_create_failed("%s_%s: out of memory for the weights and the optimizer "
                               "state (%lld floats)",
                               info->name, call, (long long)(info->param_count + slot_floats));
  }
  return model;
}

cnnrt_model *cnnrt_model_create(const cnnrt_model_info *info) {
  if (!cnnrt_valid_info(info))
    return cnnrt_invalid_info(info, "create");
  if (!cnnrt_cpu_runs(info, "create"))
    return NULL;
  if (info->param_count && !info->initial_params)
    return cnnrt_create_failed("%s_create: the object holds no weights (compiled with "
                               "--weights=external): create instances with "
                               "%s_create_from_file",
                               info->name, info->name);
  cnnrt_model *model = cnnrt_model_allocate(info, "create");
  if (!model)
    return NULL;
  cnnrt_model_init(model, info);
  cnnrt_create_succeeded();
  return model;
}

void cnnrt_model_destroy(cnnrt_model *model) {
  if (!model || model->arena) /* in caller memory: the caller's to reuse */
    return;
  cnnrt_release_threads(model);
  free(model->params);
  free(model->slots);
  free(model->grads);
  free(model->updated);
  free(model->scratch);
  free(model);
}

int cnnrt_fail(const cnnrt_model *model, const char *format, ...) {
  /* The message is the one piece of an instance that a const call may set. */
  cnnrt_model *m = (cnnrt_model *)(uintptr_t)model;
  va_list args;
  va_start(args, format);
  vsnprintf(m->error, sizeof m->error, format, args);
  va_end(args);
  return 1;
}

void cnnrt_describe(memref_descriptor *d, const void *data, int64_t batch,
                    const int64_t *shape, uint32_t rank) {
  /* The compiled functions never write their inputs (cnnc marks them read-only). */
  d->allocated = d->aligned = (void *)(uintptr_t)data;
  d->offset = 0;
  int64_t stride = 1;
  for (uint32_t i = rank; i-- > 0;) {
    int64_t size = i == 0 ? batch : shape[i];
    d->sizes_then_strides[i] = size;
    d->sizes_then_strides[rank + i] = stride;
    stride *= size;
  }
}

void cnnrt_describe_vector(memref_descriptor *d, const void *data, int64_t count) {
  d->allocated = d->aligned = (void *)(uintptr_t)data;
  d->offset = 0;
  d->sizes_then_strides[0] = count;
  d->sizes_then_strides[1] = 1;
}

int cnnrt_check_batch(const cnnrt_model *model, const char *what,
                      const void *input, int64_t batch) {
  const char *name = model->info->name;
  if (!input)
    return cnnrt_fail(model, "%s_%s: input must not be NULL", name, what);
  if (batch < 1)
    return cnnrt_fail(model, "%s_%s: batch must be >= 1, got %lld", name, what,
                      (long long)batch);
  if (batch > CNNRT_MAX_BATCH ||
      batch > INT64_MAX / model->input_size / (int64_t)sizeof(float) ||
      batch > INT64_MAX / model->output_size / (int64_t)sizeof(float))
    return cnnrt_fail(model, "%s_%s: batch %lld is too large", name, what,
                      (long long)batch);
  return 0;
}

/* One predict call split into chunks: each chunk is the forward function on
   its samples, so that every output is computed as in a one-thread call. */
typedef struct predict_job {
  const cnnrt_model *model;
  const float *input;
  float *output;
  int64_t batch;
  int chunks;
  cnnrt_chunk_outcomes outcomes;
} predict_job;

/* The samples forward takes at a time in a chunk of `count`: as many as
   predict_group_bytes holds. (A budget shared by the threads measured
   worse: on 2 threads the notes' net ran groups of 4, 1.4x one thread's
   throughput instead of 2x.) */
int64_t cnnrt_predict_group(const cnnrt_model_info *info, int64_t count) {
  if (info->predict_group_bytes <= 0 || info->forward_sample_bytes <= 0 ||
      info->forward_fixed_bytes < 0)
    return count;
  int64_t group = (info->predict_group_bytes - info->forward_fixed_bytes) /
                  info->forward_sample_bytes;
  return group < 1 ? 1 : group < count ? group : count;
}

/* A chunk runs forward on its groups in turn: the same buffers serve each
   group, whatever the batch. */
static void predict_chunk(void *context, int index) {
  predict_job *job = context;
  const cnnrt_model_info *info = job->model->info;
  cnnrt_chunk chunk = cnnrt_chunk_of(job->batch, job->chunks, index);
  int64_t group = cnnrt_predict_group(info, chunk.count);
  const cnnrt_arena *arena = job->model->arena;
  if (arena && info->forward_sample_bytes > 0) { /* in caller memory: what it holds */
    int64_t room = (int64_t)(arena->bytes - arena->top) - info->forward_fixed_bytes;
    int64_t fits = room / info->forward_sample_bytes;
    group = fits < 1 ? 1 : fits < group ? fits : group;
  }
  for (int64_t first = chunk.first; first < chunk.first + chunk.count; first += group) {
    int64_t count = chunk.first + chunk.count - first < group
                        ? chunk.first + chunk.count - first
                        : group;
    memref_descriptor params, in, out;
    cnnrt_describe_vector(&params, job->model->params, info->param_count);
    cnnrt_describe(&in, job->input + first * job->model->input_size, count,
                   info->input_shape, info->input_rank);
    cnnrt_describe(&out, job->output + first * job->model->output_size, count,
                   info->output_shape, info->output_rank);
    void *args[] = {&params, &in, &out};
    cnnrt_chunk_outcomes *outcomes = &job->outcomes;
    outcomes->failed[index] =
        cnnrt_call_compiled((cnnrt_compiled_fn)info->forward, 3, args, first != chunk.first,
                            job->model->arena, &outcomes->status[index]);
    if (outcomes->failed[index])
      return;
  }
}

int64_t cnnrt_model_workspace_bytes(const cnnrt_model *model, int64_t batch) {
  if (!model || batch < 1)
    return -1;
  const cnnrt_model_info *info = model->info;
  if (info->forward_fixed_bytes < 0 || info->forward_sample_bytes < 0)
    return -1;
  int64_t chunks = batch < model->threads ? batch : model->threads;
  int64_t group = cnnrt_predict_group(info, (batch + chunks - 1) / chunks);
  /* Bounded by cnnc (fixed and per-sample bytes of a compiled model) and by
     CNNRT_MAX_BATCH: the product stays far below 2^63. */
  return chunks * (info->forward_fixed_bytes + group * info->forward_sample_bytes);
}

int cnnrt_model_predict(cnnrt_model *model, const float *input, int64_t batch,
                        float *output) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  if (!input || !output)
    return cnnrt_fail(model, "%s_predict: input and output must not be NULL",
                      model->info->name);
  if (cnnrt_check_batch(model, "predict", input, batch))
    return 1;
  predict_job job = {.model = model, .input = input, .output = output, .batch = batch};
  job.chunks = cnnrt_batch_chunks(model, batch);
  return cnnrt_run_batch(model, "predict", batch, job.chunks, predict_chunk, &job,
                         &job.outcomes);
}

const char *cnnrt_model_error(const cnnrt_model *model) {
  return model ? model->error : "no model (NULL)";
}

int64_t cnnrt_model_input_size(const cnnrt_model *model) {
  return model ? model->input_size : 0;
}

int64_t cnnrt_model_output_size(const cnnrt_model *model) {
  return model ? model->output_size : 0;
}

int64_t cnnrt_model_param_count(const cnnrt_model *model) {
  return model ? model->info->param_count : 0;
}

int64_t cnnrt_model_trainable_count(const cnnrt_model *model) {
  return model ? model->info->trainable_count : 0;
}

const cnnrt_model_info *cnnrt_model_get_info(const cnnrt_model *model) {
  return model ? model->info : NULL;
}
