/* A model instance's threads: how many, the pool that runs them, and the split of a batch into one chunk per thread. */
#define _GNU_SOURCE /* sched_getaffinity */
#include "batch_threads.h"

#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

int cnnrt_default_threads(void) {
  int cpus = 0;
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    cpus = CPU_COUNT(&set);
  if (cpus < 1) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    cpus = online > 0 ? (int)(online < CNNRT_MAX_THREADS ? online : CNNRT_MAX_THREADS) : 1;
  }
  return cpus < CNNRT_MAX_THREADS ? cpus : CNNRT_MAX_THREADS;
}

void cnnrt_release_threads(cnnrt_model *model) {
  cnnrt_pool_destroy(model->pool);
  model->pool = NULL;
  free(model->chunk_grads);
  model->chunk_grads = NULL;
}

int cnnrt_model_set_num_threads(cnnrt_model *model, int threads) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  if (threads < 1 || threads > CNNRT_MAX_THREADS)
    return cnnrt_fail(model, "%s_set_num_threads: threads must be in [1, %d], got %d",
                      model->info->name, CNNRT_MAX_THREADS, threads);
  if (model->arena && threads != 1)
    return cnnrt_fail(model, "%s_set_num_threads: an instance in caller memory "
                      "(%s_create_in) runs on the calling thread only, got %d threads",
                      model->info->name, model->info->name, threads);
  if (threads != model->threads)
    cnnrt_release_threads(model);
  model->threads = threads;
  return 0;
}

int cnnrt_model_num_threads(const cnnrt_model *model) {
  return model ? model->threads : 0;
}

/* Starts the workers; 0 if they cannot be had. */
static int start_threads(cnnrt_model *model) {
  model->pool = cnnrt_pool_create(model->threads - 1);
  return model->pool != NULL;
}

float *cnnrt_chunk_grads(cnnrt_model *model) {
  int64_t floats = (model->threads - 1) * model->info->trainable_count + 1;
  if (!model->chunk_grads)
    model->chunk_grads = malloc((size_t)floats * sizeof(float));
  return model->chunk_grads;
}

int cnnrt_batch_chunks(cnnrt_model *model, int64_t batch) {
  int chunks = batch < model->threads ? (int)batch : model->threads;
  if (chunks <= 1)
    return 1;
  /* Without the workers (no threads left on the machine), one chunk: the
     results are the same, only slower. */
  if (!model->pool && !start_threads(model))
    return 1;
  return chunks;
}

cnnrt_chunk cnnrt_chunk_of(int64_t batch, int chunks, int index) {
  /* batch <= CNNRT_MAX_BATCH (2^29) and chunks <= CNNRT_MAX_THREADS: no overflow. */
  int64_t first = batch * index / chunks;
  cnnrt_chunk chunk = {first, batch * (index + 1) / chunks - first};
  return chunk;
}

void cnnrt_run_chunks(cnnrt_model *model, int chunks, cnnrt_task_fn fn, void *context) {
  if (chunks == 1)
    fn(context, 0);
  else
    cnnrt_pool_run(model->pool, chunks, fn, context);
}

int cnnrt_run_batch(cnnrt_model *model, const char *what, int64_t batch, int chunks,
                    cnnrt_task_fn fn, void *context, const cnnrt_chunk_outcomes *outcomes) {
  cnnrt_run_chunks(model, chunks, fn, context);
  for (int i = 0; i < chunks; ++i)
    if (outcomes->failed[i])
      return cnnrt_report_compiled(model, what, batch, &outcomes->status[i]);
  return 0;
}
