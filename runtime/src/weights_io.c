/* Saving and loading a model's weights as one float32 little-endian file in the model file's order, and instances made from such a file. */
#define _POSIX_C_SOURCE 200809L
#include "model_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int64_t element_count(const cnnrt_weight_info *w) {
  int64_t n = 1;
  for (uint32_t i = 0; i < w->rank; ++i)
    n *= w->shape[i];
  return n;
}

static int host_is_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1;
}

static void swap_bytes(float *values, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    uint8_t *b = (uint8_t *)&values[i], t;
    t = b[0], b[0] = b[3], b[3] = t;
    t = b[1], b[1] = b[2], b[2] = t;
  }
}

/* Writes every weight, in the table's order, to `file`. */
static int write_weights(const cnnrt_model *model, FILE *file) {
  const cnnrt_model_info *info = model->info;
  float chunk[1024];
  for (uint32_t w = 0; w < info->weight_count; ++w) {
    const cnnrt_weight_info *weight = &info->weights[w];
    int64_t count = element_count(weight);
    for (int64_t done = 0; done < count;) {
      int64_t n = count - done < 1024 ? count - done : 1024;
      memcpy(chunk, model->params + weight->offset + done, (size_t)n * sizeof(float));
      if (!host_is_little_endian())
        swap_bytes(chunk, n);
      if (fwrite(chunk, sizeof(float), (size_t)n, file) != (size_t)n)
        return 1;
      done += n;
    }
  }
  return 0;
}

int cnnrt_model_save_weights(const cnnrt_model *model, const char *path) {
  if (!model)
    return 1;
  const char *name = model->info->name;
  if (!path)
    return cnnrt_fail(model, "%s_save_weights: path must not be NULL", name);
  size_t length = strlen(path);
  char *temporary = malloc(length + 8);
  if (!temporary)
    return cnnrt_fail(model, "%s_save_weights: out of memory", name);
  memcpy(temporary, path, length);
  memcpy(temporary + length, ".XXXXXX", 8);
  int fd = mkstemp(temporary);
  if (fd < 0) {
    int err = errno;
    free(temporary);
    return cnnrt_fail(model, "%s_save_weights: cannot create a file beside '%s': %s",
                      name, path, strerror(err));
  }
  FILE *file = fdopen(fd, "wb");
  int failed = !file || write_weights(model, file);
  failed |= file ? fclose(file) != 0 : close(fd) != 0;
  if (failed || rename(temporary, path) != 0) {
    int err = errno;
    unlink(temporary);
    free(temporary);
    return cnnrt_fail(model, "%s_save_weights: cannot write '%s': %s", name, path,
                      strerror(err));
  }
  free(temporary);
  return 0;
}

int cnnrt_read_weights_file(const cnnrt_model *model, const char *path, float *params,
                            const char *call) {
  const cnnrt_model_info *info = model->info;
  if (!path)
    return cnnrt_fail(model, "%s_%s: path must not be NULL", info->name, call);
  FILE *file = fopen(path, "rb");
  if (!file)
    return cnnrt_fail(model, "%s_%s: cannot open '%s': %s", info->name, call, path,
                      strerror(errno));
  int64_t got = 0;
  for (uint32_t w = 0; w < info->weight_count; ++w) {
    const cnnrt_weight_info *weight = &info->weights[w];
    int64_t count = element_count(weight);
    size_t read = fread(params + weight->offset, sizeof(float), (size_t)count, file);
    got += (int64_t)read * (int64_t)sizeof(float);
    if ((int64_t)read != count)
      break;
  }
  int error = ferror(file);
  int longer = !error && fgetc(file) != EOF;
  fclose(file);
  int64_t expected = info->param_count * (int64_t)sizeof(float);
  if (error)
    return cnnrt_fail(model, "%s_%s: cannot read '%s'", info->name, call, path);
  if (got != expected || longer)
    return cnnrt_fail(model, "%s_%s: '%s' holds %s%lld bytes, but the "
                      "model's %u weights are %lld bytes of float32",
                      info->name, call, path, longer ? "more than " : "",
                      (long long)got, info->weight_count, (long long)expected);
  if (!host_is_little_endian())
    swap_bytes(params, info->param_count);
  return 0;
}

int cnnrt_model_load_weights(cnnrt_model *model, const char *path) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  const cnnrt_model_info *info = model->info;
  float *values = malloc((size_t)info->param_count * sizeof(float) + 1);
  if (!values)
    return cnnrt_fail(model, "%s_load_weights: out of memory", info->name);
  int failed = cnnrt_read_weights_file(model, path, values, "load_weights");
  if (!failed)
    memcpy(model->params, values, (size_t)info->param_count * sizeof(float));
  free(values);
  return failed;
}

cnnrt_model *cnnrt_model_create_from_file(const cnnrt_model_info *info, const char *path) {
  if (!cnnrt_valid_info(info))
    return cnnrt_invalid_info(info, "create_from_file");
  if (!cnnrt_cpu_runs(info, "create_from_file"))
    return NULL;
  cnnrt_model *model = cnnrt_model_allocate(info, "create_from_file");
  if (!model)
    return NULL;
  cnnrt_model_init(model, info);
  if (cnnrt_read_weights_file(model, path, model->params, "create_from_file")) {
    cnnrt_create_failed("%s", model->error);
    cnnrt_model_destroy(model);
    return NULL;
  }
  cnnrt_create_succeeded();
  return model;
}
