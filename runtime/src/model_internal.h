/* What the runtime's sources share about a model instance; not part of the API. */
#ifndef CNNRT_MODEL_INTERNAL_H
#define CNNRT_MODEL_INTERNAL_H

#include "cnnrt/model.h"

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

/* Calls the compiled function `fn` with its `argc` memref descriptors (3, 4,
   5 or 7). Returns 0; or, when the generated code could not allocate a buffer
   or its size overflows for `batch`, frees what the call allocated and fails
   (cnnrt_fail) with "NAME_<what>: out of memory ..." or "... too large". */
int cnnrt_run_compiled(const cnnrt_model *model, const char *what, int64_t batch,
                       cnnrt_compiled_fn fn, int argc, void **argv);

/* Checks the arguments every batch call shares; `what` names the call. */
int cnnrt_check_batch(const cnnrt_model *model, const char *what,
                      const void *input, int64_t batch);

#endif
