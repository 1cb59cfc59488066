/* A model instance's worker threads: run tasks 0..n-1 at once, task 0 on the caller. Not part of the API. */
#ifndef CNNRT_THREAD_POOL_H
#define CNNRT_THREAD_POOL_H

typedef struct cnnrt_pool cnnrt_pool;
typedef void (*cnnrt_task_fn)(void *context, int task);

/* A pool of `workers` threads (>= 1), started now and waiting; NULL if the
   threads or the memory cannot be had. The workers block every signal, so
   that the app's handlers run on its own threads. */
cnnrt_pool *cnnrt_pool_create(int workers);

/* Runs fn(context, 0) on the calling thread and fn(context, i) for i in
   [1, tasks) on workers 1..tasks-1, and returns when all have returned.
   tasks <= workers + 1. One caller at a time. */
void cnnrt_pool_run(cnnrt_pool *pool, int tasks, cnnrt_task_fn fn, void *context);

/* Stops and joins the workers. */
void cnnrt_pool_destroy(cnnrt_pool *pool);

#endif
