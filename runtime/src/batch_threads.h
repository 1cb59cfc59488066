/* Splitting a batch call of a model instance over its threads; not part of the API. */
#ifndef CNNRT_BATCH_THREADS_H
#define CNNRT_BATCH_THREADS_H

#include "model_internal.h"
#include "thread_pool.h"

/* The CPUs this process may run on (at least 1, at most CNNRT_MAX_THREADS). */
int cnnrt_default_threads(void);

/* Stops the instance's workers and frees their buffers. */
void cnnrt_release_threads(cnnrt_model *model);

/* How many chunks a call on `batch` samples splits into: one per thread, at
   most one per sample; the workers are started on first need (1 if they
   cannot be). */
int cnnrt_batch_chunks(cnnrt_model *model, int64_t batch);

/* The samples of chunk `index` of `chunks`: consecutive, sizes differing by
   at most one. */
typedef struct cnnrt_chunk {
  int64_t first, count;
} cnnrt_chunk;
cnnrt_chunk cnnrt_chunk_of(int64_t batch, int chunks, int index);

/* Runs fn(context, i) for each chunk i, chunk 0 on the calling thread. */
void cnnrt_run_chunks(cnnrt_model *model, int chunks, cnnrt_task_fn fn, void *context);

#endif
