/* cnnrt model instances: argument checks, memref descriptors, and per-instance error messages. */
#include "cnnrt/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct cnnrt_model {
  const cnnrt_model_info *info;
  int64_t input_size;  /* elements per sample */
  int64_t output_size; /* elements per sample */
  char error[256];
};

/* The layout of MLIR's StridedMemRefType<float, rank> for rank <= CNNRT_MAX_RANK:
   sizes are followed directly by strides, so the array is filled per rank. */
typedef struct memref_descriptor {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes_then_strides[2 * CNNRT_MAX_RANK];
} memref_descriptor;

static int64_t sample_size(const int64_t *shape, uint32_t rank) {
  int64_t size = 1;
  for (uint32_t i = 1; i < rank; ++i)
    size *= shape[i];
  return size;
}

cnnrt_model *cnnrt_model_create(const cnnrt_model_info *info) {
  if (!info || info->abi_version != CNNRT_ABI_VERSION || info->input_rank < 1 ||
      info->input_rank > CNNRT_MAX_RANK || info->output_rank < 1 ||
      info->output_rank > CNNRT_MAX_RANK)
    return NULL;
  cnnrt_model *model = calloc(1, sizeof *model);
  if (!model)
    return NULL;
  model->info = info;
  model->input_size = sample_size(info->input_shape, info->input_rank);
  model->output_size = sample_size(info->output_shape, info->output_rank);
  return model;
}

void cnnrt_model_destroy(cnnrt_model *model) { free(model); }

static int fail(cnnrt_model *model, const char *format, ...) {
  va_list args;
  va_start(args, format);
  vsnprintf(model->error, sizeof model->error, format, args);
  va_end(args);
  return 1;
}

/* Describes a contiguous row-major batch x shape[1..] tensor at `data`. */
static void describe(memref_descriptor *d, float *data, int64_t batch,
                     const int64_t *shape, uint32_t rank) {
  d->allocated = d->aligned = data;
  d->offset = 0;
  int64_t stride = 1;
  for (uint32_t i = rank; i-- > 0;) {
    int64_t size = i == 0 ? batch : shape[i];
    d->sizes_then_strides[i] = size;
    d->sizes_then_strides[rank + i] = stride;
    stride *= size;
  }
}

int cnnrt_model_predict(cnnrt_model *model, const float *input, int64_t batch,
                        float *output) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  if (!input || !output)
    return fail(model, "%s_predict: input and output must not be NULL",
                model->info->name);
  if (batch < 1)
    return fail(model, "%s_predict: batch must be >= 1, got %lld",
                model->info->name, (long long)batch);
  if (batch > INT64_MAX / model->input_size / (int64_t)sizeof(float) ||
      batch > INT64_MAX / model->output_size / (int64_t)sizeof(float))
    return fail(model, "%s_predict: batch %lld is too large", model->info->name,
                (long long)batch);
  memref_descriptor in, out;
  /* The compiled function never writes its input (cnnc marks it read-only). */
  describe(&in, (float *)(uintptr_t)input, batch, model->info->input_shape,
           model->info->input_rank);
  describe(&out, output, batch, model->info->output_shape,
           model->info->output_rank);
  model->info->forward(&in, &out);
  return 0;
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
