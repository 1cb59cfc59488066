/* Writing and reading a model instance's full training state (weights, optimizer slots, steps, hyperparameters). */
#include "model_internal.h"

#include <stdlib.h>
#include <string.h>

/* The record, all little-endian:
     "CNNRTST1"                 8 bytes
     name length, name          u32, bytes (the model's --name)
     param_count                i64
     trainable_count            i64
     optimizer, optimizer_slots u32, u32
     iterations                 i64
     hyper                      CNNRT_HYPER_COUNT x f32
     params                     param_count x f32, the instance's order (trainable first)
     slots                      optimizer_slots x trainable_count x f32 */
static const char state_magic[8] = {'C', 'N', 'N', 'R', 'T', 'S', 'T', '1'};

static int host_is_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1;
}

/* Reverses each `width`-byte element of `data` in place (for big-endian hosts). */
static void swap_elements(void *data, size_t count, size_t width) {
  uint8_t *b = data;
  for (size_t i = 0; i < count; ++i, b += width)
    for (size_t lo = 0, hi = width - 1; lo < hi; ++lo, --hi) {
      uint8_t t = b[lo];
      b[lo] = b[hi], b[hi] = t;
    }
}

static int put(FILE *file, const void *data, size_t count, size_t width) {
  if (host_is_little_endian() || width == 1)
    return fwrite(data, width, count, file) != count;
  uint8_t chunk[4096];
  const uint8_t *p = data;
  size_t per = sizeof chunk / width;
  while (count > 0) {
    size_t n = count < per ? count : per;
    memcpy(chunk, p, n * width);
    swap_elements(chunk, n, width);
    if (fwrite(chunk, width, n, file) != n)
      return 1;
    p += n * width, count -= n;
  }
  return 0;
}

static int get(FILE *file, void *data, size_t count, size_t width) {
  if (fread(data, width, count, file) != count)
    return 1;
  if (!host_is_little_endian() && width > 1)
    swap_elements(data, count, width);
  return 0;
}

static const char *optimizer_name(uint32_t optimizer) {
  static const char *const names[] = {"sgd", "adam", "rmsprop", "adagrad"};
  return optimizer < 4 ? names[optimizer] : "an unknown optimizer";
}

int cnnrt_model_write_state(const cnnrt_model *model, FILE *file) {
  if (!model)
    return 1;
  const cnnrt_model_info *info = model->info;
  if (!file)
    return cnnrt_fail(model, "%s_write_state: file must not be NULL", info->name);
  uint32_t name_length = (uint32_t)strlen(info->name);
  uint32_t optimizer[2] = {info->optimizer, info->optimizer_slots};
  int64_t sizes[2] = {info->param_count, info->trainable_count};
  int64_t slot_floats = (int64_t)info->optimizer_slots * info->trainable_count;
  int failed = put(file, state_magic, 8, 1) || put(file, &name_length, 1, 4) ||
               put(file, info->name, name_length, 1) || put(file, sizes, 2, 8) ||
               put(file, optimizer, 2, 4) || put(file, &model->iterations, 1, 8) ||
               put(file, model->hyper, CNNRT_HYPER_COUNT, 4) ||
               put(file, model->params, (size_t)info->param_count, 4) ||
               put(file, model->slots, (size_t)slot_floats, 4);
  if (failed)
    return cnnrt_fail(model, "%s_write_state: cannot write the state", info->name);
  return 0;
}

int cnnrt_model_read_state(cnnrt_model *model, FILE *file) {
  if (!model)
    return 1;
  model->error[0] = '\0';
  const cnnrt_model_info *info = model->info;
  const char *name = info->name;
  if (!file)
    return cnnrt_fail(model, "%s_read_state: file must not be NULL", name);
  char magic[8];
  uint32_t name_length;
  if (get(file, magic, 8, 1) || memcmp(magic, state_magic, 8) != 0)
    return cnnrt_fail(model, "%s_read_state: not a cnnrt training state (bad magic)",
                      name);
  if (get(file, &name_length, 1, 4))
    return cnnrt_fail(model, "%s_read_state: truncated state header", name);
  char stored_name[256];
  if (name_length >= sizeof stored_name || get(file, stored_name, name_length, 1))
    return cnnrt_fail(model, "%s_read_state: bad or truncated model name", name);
  stored_name[name_length] = '\0';
  int64_t sizes[2], iterations;
  uint32_t optimizer[2];
  float hyper[CNNRT_HYPER_COUNT];
  if (get(file, sizes, 2, 8) || get(file, optimizer, 2, 4) ||
      get(file, &iterations, 1, 8) || get(file, hyper, CNNRT_HYPER_COUNT, 4))
    return cnnrt_fail(model, "%s_read_state: truncated state header", name);
  if (strcmp(stored_name, name) != 0 || sizes[0] != info->param_count ||
      sizes[1] != info->trainable_count || optimizer[0] != info->optimizer ||
      optimizer[1] != info->optimizer_slots || iterations < 0)
    return cnnrt_fail(model, "%s_read_state: the state is of another model: '%s' "
                      "with %lld weights (%lld trainable) and %s, not '%s' with %lld "
                      "(%lld) and %s", name, stored_name, (long long)sizes[0],
                      (long long)sizes[1], optimizer_name(optimizer[0]), name,
                      (long long)info->param_count, (long long)info->trainable_count,
                      optimizer_name(info->optimizer));
  int64_t slot_floats = (int64_t)info->optimizer_slots * info->trainable_count;
  float *params = malloc((size_t)(info->param_count + 1) * sizeof(float));
  float *slots = malloc((size_t)(slot_floats + 1) * sizeof(float));
  if (!params || !slots) {
    free(params), free(slots);
    return cnnrt_fail(model, "%s_read_state: out of memory", name);
  }
  if (get(file, params, (size_t)info->param_count, 4) ||
      get(file, slots, (size_t)slot_floats, 4)) {
    free(params), free(slots);
    return cnnrt_fail(model, "%s_read_state: truncated weights or optimizer slots",
                      name);
  }
  /* Swap the buffers in, so that a failure above left the instance as it was. */
  free(model->params), free(model->slots);
  model->params = params, model->slots = slots;
  model->iterations = iterations;
  memcpy(model->hyper, hyper, sizeof hyper);
  return 0;
}
