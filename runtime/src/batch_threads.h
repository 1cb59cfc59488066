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

/* The gradients' buffers of the chunks after the first, (threads - 1) x
   trainable_count floats, allocated at the first call that needs them and
   kept with the workers; NULL if out of memory. */
float *cnnrt_chunk_grads(cnnrt_model *model);

/* Runs fn(context, i) for each chunk i, chunk 0 on the calling thread. */
void cnnrt_run_chunks(cnnrt_model *model, int chunks, cnnrt_task_fn fn, void *context);

/* How each chunk's calls of compiled code ended: chunk i writes entry i. */
typedef struct cnnrt_chunk_outcomes {
  int failed[CNNRT_MAX_THREADS];
  cnnrt_call_status status[CNNRT_MAX_THREADS];
} cnnrt_chunk_outcomes;

/* cnnrt_run_chunks, then the first chunk that failed in `outcomes` (which
   fn fills) reported as the model's error ("NAME_<what>: ..."): returns 1
   then, else 0. */
int cnnrt_run_batch(cnnrt_model *model, const char *what, int64_t batch, int chunks,
                    cnnrt_task_fn fn, void *context, const cnnrt_chunk_outcomes *outcomes);

#endif
