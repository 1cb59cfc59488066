/* A model instance's worker threads: a generation counter under one mutex; workers sleep between calls. */
#include "thread_pool.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct worker {
  cnnrt_pool *pool;
  int index; /* the task it runs: 1..workers */
  pthread_t thread;
} worker;

struct cnnrt_pool {
  pthread_mutex_t mutex;
  pthread_cond_t start; /* a new generation of tasks, or stop */
  pthread_cond_t done;  /* the last running task of a generation returned */
  uint64_t generation;
  int tasks, running, stop;
  cnnrt_task_fn fn;
  void *context;
  int workers;
  worker *threads;
};

static void *work(void *arg) {
  worker *self = arg;
  cnnrt_pool *pool = self->pool;
  uint64_t seen = 0;
  pthread_mutex_lock(&pool->mutex);
  for (;;) {
    while (pool->generation == seen && !pool->stop)
      pthread_cond_wait(&pool->start, &pool->mutex);
    if (pool->stop)
      break;
    seen = pool->generation;
    if (self->index >= pool->tasks)
      continue;
    cnnrt_task_fn fn = pool->fn;
    void *context = pool->context;
    pthread_mutex_unlock(&pool->mutex);
    fn(context, self->index);
    pthread_mutex_lock(&pool->mutex);
    if (--pool->running == 0)
      pthread_cond_signal(&pool->done);
  }
  pthread_mutex_unlock(&pool->mutex);
  return NULL;
}

/* Stops and joins the first `started` workers, then frees the pool. */
static void stop_workers(cnnrt_pool *pool, int started) {
  pthread_mutex_lock(&pool->mutex);
  pool->stop = 1;
  pthread_cond_broadcast(&pool->start);
  pthread_mutex_unlock(&pool->mutex);
  for (int i = 0; i < started; ++i)
    pthread_join(pool->threads[i].thread, NULL);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->start);
  pthread_mutex_destroy(&pool->mutex);
  free(pool->threads);
  free(pool);
}

cnnrt_pool *cnnrt_pool_create(int workers) {
  if (workers < 1)
    return NULL;
  cnnrt_pool *pool = calloc(1, sizeof *pool);
  if (!pool)
    return NULL;
  pool->threads = calloc((size_t)workers, sizeof *pool->threads);
  if (!pool->threads) {
    free(pool);
    return NULL;
  }
  pool->workers = workers;
  pthread_mutex_init(&pool->mutex, NULL);
  pthread_cond_init(&pool->start, NULL);
  pthread_cond_init(&pool->done, NULL);
  /* Threads inherit the creator's signal mask. */
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  int started = 0;
  for (; started < workers; ++started) {
    worker *w = &pool->threads[started];
    w->pool = pool;
    w->index = started + 1;
    if (pthread_create(&w->thread, NULL, work, w) != 0)
      break;
  }
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  if (started < workers) {
    stop_workers(pool, started);
    return NULL;
  }
  return pool;
}

void cnnrt_pool_run(cnnrt_pool *pool, int tasks, cnnrt_task_fn fn, void *context) {
  if (tasks > pool->workers + 1)
    abort(); /* a runtime bug: the callers size their tasks by the pool */
  if (tasks > 1) {
    pthread_mutex_lock(&pool->mutex);
    pool->fn = fn;
    pool->context = context;
    pool->tasks = tasks;
    pool->running = tasks - 1;
    ++pool->generation;
    pthread_cond_broadcast(&pool->start);
    pthread_mutex_unlock(&pool->mutex);
  }
  fn(context, 0);
  if (tasks > 1) {
    pthread_mutex_lock(&pool->mutex);
    while (pool->running > 0)
      pthread_cond_wait(&pool->done, &pool->mutex);
    pthread_mutex_unlock(&pool->mutex);
  }
}

void cnnrt_pool_destroy(cnnrt_pool *pool) {
  if (pool)
    stop_workers(pool, pool->workers);
}
