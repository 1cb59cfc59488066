/* What the runtime's sources share about a model instance; not part of the API. */
#ifndef CNNRT_MODEL_INTERNAL_H
#define CNNRT_MODEL_INTERNAL_H

#include "cnnrt/model.h"

/* Caller memory that an instance's compiled code takes its buffers from
   (cnnrt_model_create_in), in place of the heap: blocks are stacked from
   `top` and popped as they are freed; a runtime call ends with `top` where
   it began. */
typedef struct cnnrt_arena {
  char *base;   /* aligned to CNNRT_ARENA_ALIGNMENT */
  size_t bytes;
  size_t top;   /* bytes in use */
} cnnrt_arena;

enum { CNNRT_ARENA_ALIGNMENT = 64 };

struct cnnrt_model {
  const cnnrt_model_info *info;
  int64_t input_size;  /* elements per sample */
  int64_t output_size; /* elements per sample */
  int64_t classes;     /* the output's last dimension */
  float *params;       /* param_count floats, trainable first */
  float *slots;        /* optimizer_slots x trainable_count floats */
  float *grads;        /* trainable_count floats, train_step's */
  float *updated;      /* updated_count floats: the state a step computes */
  float *scratch;      /* evaluate's outputs, grown on demand */
  int64_t scratch_floats;
  float hyper[CNNRT_HYPER_COUNT];
  int64_t iterations; /* optimizer steps taken */
  int64_t dropout_stream; /* added to each step's dropout seed: a data-parallel rank's own */
  int threads;               /* batch calls split over this many threads */
  struct cnnrt_pool *pool;   /* threads - 1 workers, started on first need */
  float *chunk_grads;        /* (threads - 1) x trainable_count floats, at first need */
  cnnrt_arena *arena;        /* in caller memory: &own_arena, one thread; else NULL */
  cnnrt_arena own_arena;
  char error[256];
};

/* The layout of MLIR's StridedMemRefType<T, rank> for rank <= CNNRT_MAX_RANK:
   sizes are followed directly by strides, so the array is filled per rank. */
typedef struct memref_descriptor {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes_then_strides[2 * CNNRT_MAX_RANK];
} memref_descriptor;

/* Whether `info` is a descriptor cnnc could have written (checked once, so
   that no later size computation can divide by zero or overflow). */
int cnnrt_valid_info(const cnnrt_model_info *info);

/* Create calls' failures (create_error.c): sets the message that
   cnnrt_model_create_error() gives this thread (printf-style) and returns
   NULL; clears it; and the message for a descriptor that is not valid. */
void *cnnrt_create_failed(const char *format, ...) __attribute__((format(printf, 1, 2)));
void cnnrt_create_succeeded(void);
void *cnnrt_invalid_info(const cnnrt_model_info *info, const char *call);

/* Whether this CPU has the features info->cpu_features names (cpu_features.c);
   if not, sets the create error (naming NAME_`call` and what is missing) and
   returns 0. */
int cnnrt_cpu_runs(const cnnrt_model_info *info, const char *call);

/* The instance's own buffers on the heap, the weights not yet set; NULL
   (with the create error set, naming NAME_`call`) when out of memory. */
cnnrt_model *cnnrt_model_allocate(const cnnrt_model_info *info, const char *call);

/* Reads a weights file (cnnrt_model_save_weights' layout) into `params`
   (param_count floats, at the weights' offsets); 0 on success, else the
   instance's error says why, naming NAME_`call`. */
int cnnrt_read_weights_file(const cnnrt_model *model, const char *path, float *params,
                            const char *call);

/* Sets up an instance whose buffers (params, slots, grads, updated) are in
   place: the weights from the object (unless it has none: external weights,
   which the caller reads), the slots' start, the defaults. */
void cnnrt_model_init(cnnrt_model *model, const cnnrt_model_info *info);

/* The samples forward takes at a time in a thread's chunk of `count`. */
int64_t cnnrt_predict_group(const cnnrt_model_info *info, int64_t count);

/* Sets the model's message (printf-style) and returns 1. */
int cnnrt_fail(const cnnrt_model *model, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* Describes a contiguous row-major tensor at `data`: sizes[0] = `batch`,
   the others shape[1..rank). */
void cnnrt_describe(memref_descriptor *d, const void *data, int64_t batch,
                    const int64_t *shape, uint32_t rank);

/* Describes a contiguous vector of `count` elements. */
void cnnrt_describe_vector(memref_descriptor *d, const void *data, int64_t count);

/* Any compiled function of cnnrt_model_info, called through its real type. */
typedef void (*cnnrt_compiled_fn)(void);

/* How a call of compiled code ended, when it failed. */
typedef struct cnnrt_call_status {
  int reentered;         /* called from compiled code on the same thread */
  int arena_full;        /* the instance's caller memory could not hold a buffer */
  int size_overflow;     /* a buffer's size overflowed 64 bits */
  uint64_t failed_bytes; /* otherwise: the allocation that failed */
} cnnrt_call_status;

/* Calls the compiled function `fn` with its `argc` memref descriptors (3, 4,
   5 or 7) on this thread, its buffers from `arena` (NULL: the heap). Returns
   0; or, when the generated code could not allocate a buffer or its size
   overflows, frees what the call allocated, fills `status` and returns 1. Touches no model: calls on separate threads
   may run at once. `continues` says the call is a further part of the same
   runtime call (predict's next group): the buffers the thread keeps for the
   next calls age by runtime calls, so a smaller last group does not push
   out the full groups' buffers, nor they its. */
int cnnrt_call_compiled(cnnrt_compiled_fn fn, int argc, void **argv, int continues,
                        cnnrt_arena *arena, cnnrt_call_status *status);

/* Sets the model's error for a failed call ("NAME_<what>: out of memory ...",
   "... too large") and returns 1. */
int cnnrt_report_compiled(const cnnrt_model *model, const char *what, int64_t batch,
                          const cnnrt_call_status *status);

/* cnnrt_call_compiled with the model's arena, then cnnrt_report_compiled if
   it failed. */
int cnnrt_run_compiled(const cnnrt_model *model, const char *what, int64_t batch,
                       cnnrt_compiled_fn fn, int argc, void **argv);

/* Checks the arguments every batch call shares; `what` names the call. */
int cnnrt_check_batch(const cnnrt_model *model, const char *what,
                      const void *input, int64_t batch);

#endif
