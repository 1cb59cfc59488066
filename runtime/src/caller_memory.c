/* Model instances in memory the caller gives: the state and the compiled code's workspace laid out in it, so that no call allocates. */
#include "model_internal.h"

#include <stdint.h>
#include <string.h>

/* `bytes` rounded up to the arena's alignment; bounded by the callers. */
static int64_t aligned(int64_t bytes) {
  return (bytes + CNNRT_ARENA_ALIGNMENT - 1) / CNNRT_ARENA_ALIGNMENT * CNNRT_ARENA_ALIGNMENT;
}

/* The bytes of an instance's own buffers in the layout create_in gives them:
   the instance, then the weights, optimizer slots, gradients and updated
   statistics, each with one float more (as cnnrt_model_create's). */
static int64_t state_bytes(const cnnrt_model_info *info) {
  int64_t floats[] = {info->param_count,
                      (int64_t)info->optimizer_slots * info->trainable_count,
                      info->trainable_count, info->updated_count};
  int64_t bytes = aligned((int64_t)sizeof(cnnrt_model));
  for (size_t i = 0; i < sizeof floats / sizeof *floats; ++i)
    bytes += aligned((floats[i] + 1) * (int64_t)sizeof(float));
  return bytes;
}

/* fixed + per_sample x samples, or -1 when either is unknown. The sizes are
   cnnc's, bounded; samples <= CNNRT_MAX_BATCH: no overflow. */
static int64_t function_bytes(int64_t fixed, int64_t per_sample, int64_t samples) {
  if (fixed < 0 || per_sample < 0)
    return -1;
  return fixed + per_sample * samples;
}

static int64_t larger(int64_t a, int64_t b) { return a < 0 || b < 0 ? -1 : a > b ? a : b; }

static int64_t workspace_bytes(const cnnrt_model_info *info, int64_t batch) {
  /* predict's full groups, whatever the batch (without a budget, `batch`). */
  int64_t group = cnnrt_predict_group(info, info->predict_group_bytes > 0 ? CNNRT_MAX_BATCH
                                                                          : batch);
  int64_t bytes = function_bytes(info->forward_fixed_bytes, info->forward_sample_bytes, group);
  if (info->gradients) {
    bytes = larger(bytes, function_bytes(info->gradients_fixed_bytes,
                                         info->gradients_sample_bytes, batch));
    /* evaluate's outputs are kept below its buffers. */
    int64_t outputs = function_bytes(info->evaluate_fixed_bytes,
                                     info->evaluate_sample_bytes, batch);
    int64_t output_size = 1;
    for (uint32_t i = 1; i < info->output_rank; ++i)
      output_size *= info->output_shape[i];
    if (outputs >= 0)
      outputs += aligned(batch * output_size * (int64_t)sizeof(float));
    bytes = larger(bytes, larger(outputs, info->apply_fixed_bytes));
  }
  return bytes;
}

int64_t cnnrt_model_memory_bytes(const cnnrt_model_info *info, int64_t batch) {
  if (!cnnrt_valid_info(info) || batch < 1 || batch > CNNRT_MAX_BATCH)
    return -1;
  int64_t workspace = workspace_bytes(info, batch);
  if (workspace < 0)
    return -1;
  /* The memory may start anywhere: room to align it. */
  return CNNRT_ARENA_ALIGNMENT - 1 + state_bytes(info) + workspace;
}

/* Hands out `bytes` from `*next`, aligned. */
static void *take(char **next, int64_t bytes) {
  void *block = *next;
  *next += aligned(bytes);
  return block;
}

/* The instance laid out in the caller's memory, its weights not yet set;
   NULL (with the create error set, naming NAME_`call`) if it does not fit. */
static cnnrt_model *place(const cnnrt_model_info *info, void *memory, size_t bytes,
                          const char *call) {
  if (!cnnrt_valid_info(info))
    return cnnrt_invalid_info(info, call);
  if (!cnnrt_cpu_runs(info, call))
    return NULL;
  int64_t least = cnnrt_model_memory_bytes(info, 1);
  if (least < 0)
    return cnnrt_create_failed("%s_%s: cnnc could not size the model's buffers, so it "
                               "cannot be laid out in caller memory",
                               info->name, call);
  if (!memory || bytes < (size_t)least)
    return cnnrt_create_failed("%s_%s: %s; it needs at least %lld bytes "
                               "(%s_memory_bytes(1))",
                               info->name, call, memory ? "the memory is too small" : "memory is NULL",
                               (long long)least, info->name);
  uintptr_t start = (uintptr_t)memory;
  char *next = (char *)memory + (CNNRT_ARENA_ALIGNMENT - start % CNNRT_ARENA_ALIGNMENT) %
                                    CNNRT_ARENA_ALIGNMENT;
  char *end = (char *)memory + bytes;
  cnnrt_model *model = take(&next, (int64_t)sizeof *model);
  memset(model, 0, sizeof *model);
  model->params = take(&next, (info->param_count + 1) * (int64_t)sizeof(float));
  model->slots = take(&next, ((int64_t)info->optimizer_slots * info->trainable_count + 1) *
                                 (int64_t)sizeof(float));
  model->grads = take(&next, (info->trainable_count + 1) * (int64_t)sizeof(float));
  model->updated = take(&next, (info->updated_count + 1) * (int64_t)sizeof(float));
  model->own_arena.base = next;
  model->own_arena.bytes = (size_t)(end - next);
  model->arena = &model->own_arena;
  cnnrt_model_init(model, info);
  model->threads = 1;
  return model;
}

cnnrt_model *cnnrt_model_create_in(const cnnrt_model_info *info, void *memory,
                                   size_t bytes) {
  if (cnnrt_valid_info(info) && info->param_count && !info->initial_params)
    return cnnrt_create_failed("%s_create_in: the object holds no weights (compiled with "
                               "--weights=external): create instances with "
                               "%s_create_in_from_file",
                               info->name, info->name);
  cnnrt_model *model = place(info, memory, bytes, "create_in");
  if (model)
    cnnrt_create_succeeded();
  return model;
}

cnnrt_model *cnnrt_model_create_in_from_file(const cnnrt_model_info *info, void *memory,
                                             size_t bytes, const char *path) {
  cnnrt_model *model = place(info, memory, bytes, "create_in_from_file");
  if (!model)
    return NULL;
  if (cnnrt_read_weights_file(model, path, model->params, "create_in_from_file"))
    return cnnrt_create_failed("%s", model->error);
  cnnrt_create_succeeded();
  return model;
}
