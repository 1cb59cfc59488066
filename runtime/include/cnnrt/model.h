/* cnnrt model instances: what the entry points of a cnnc-compiled object call. */
#ifndef CNNRT_MODEL_H
#define CNNRT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever cnnrt_model_info changes; objects compiled against another
   version are refused at create time. */
#define CNNRT_ABI_VERSION 1u
/* The largest tensor rank a model's input or output may have. */
#define CNNRT_MAX_RANK 8

/* The compiled forward function: MLIR's C interface, taking pointers to
   strided memref descriptors {allocated, aligned, offset, sizes[], strides[]}
   for the input and for the (caller-allocated) output. */
typedef void (*cnnrt_forward_fn)(void *input, void *output);

/* Emitted by cnnc into each object as read-only data. Shapes include the
   batch dimension, given as -1. */
typedef struct cnnrt_model_info {
  uint32_t abi_version;
  uint32_t input_rank;
  uint32_t output_rank;
  uint32_t reserved;
  const char *name;
  const int64_t *input_shape;
  const int64_t *output_shape;
  cnnrt_forward_fn forward;
} cnnrt_model_info;

typedef struct cnnrt_model cnnrt_model;

/* NULL if out of memory or if `info` is of another ABI version. */
cnnrt_model *cnnrt_model_create(const cnnrt_model_info *info);
void cnnrt_model_destroy(cnnrt_model *model);

/* input: batch x (input shape) floats; output: batch x (output shape) floats.
   Returns 0 on success; otherwise non-zero, and cnnrt_model_error() says why. */
int cnnrt_model_predict(cnnrt_model *model, const float *input, int64_t batch,
                        float *output);

/* The message of the last failed call on `model` ("" if none). */
const char *cnnrt_model_error(const cnnrt_model *model);

/* Elements per sample of the input and output. */
int64_t cnnrt_model_input_size(const cnnrt_model *model);
int64_t cnnrt_model_output_size(const cnnrt_model *model);

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_MODEL_H */
