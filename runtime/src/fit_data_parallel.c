/* Data-parallel steps of cnnrt_fit: each rank's share of a global batch, and what the ranks average or agree on. */
#define _POSIX_C_SOURCE 200809L
#include "fit_data_parallel.h"
#include "format_error.h"
#include "model_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void cnnrt_dp_share(int64_t n, int rank, int size, int64_t *offset, int64_t *count) {
  int64_t base = n / size, extra = n % size;
  *offset = rank * base + (rank < extra ? rank : extra);
  *count = base + (rank < extra);
}

int64_t cnnrt_dp_buffer_floats(const cnnrt_model_info *info) {
  return info->trainable_count + info->updated_count + 3;
}

int cnnrt_dp_average_step(const cnnrt_fit_collective *c, cnnrt_model *model, float *buffer,
                          int64_t share, int64_t n, float *loss, float *accuracy, int failed) {
  const cnnrt_model_info *info = model->info;
  int64_t trainable = info->trainable_count, updated = info->updated_count;
  /* A rank that failed, or had no samples, adds zeros (its buffer holds no gradients). */
  int adds = !failed && share > 0;
  float weight = adds ? (float)share / (float)n : 0.0f;
  float *statistics = buffer + trainable, *tail = statistics + updated;
  for (int64_t k = 0; k < trainable; ++k)
    buffer[k] = adds ? buffer[k] * weight : 0.0f;
  for (int64_t k = 0; k < updated; ++k)
    statistics[k] = model->params[trainable + k] * weight;
  tail[0] = adds ? *loss * weight : 0.0f;
  tail[1] = adds ? *accuracy * weight : 0.0f;
  tail[2] = (float)(failed != 0);
  if (c->sum_floats(c, buffer, cnnrt_dp_buffer_floats(info)))
    return -1;
  if (tail[2] > 0)
    return (int)tail[2];
  memcpy(model->params + trainable, statistics, (size_t)updated * sizeof(float));
  *loss = tail[0];
  *accuracy = tail[1];
  return 0;
}

int cnnrt_dp_agree_on_start(const cnnrt_fit_collective *c, int ready, double *fingerprint,
                            int count, char *err, size_t err_size) {
  /* Rank 0's fingerprint to every rank, which compares it with its own. */
  void *data = fingerprint;
  int64_t bytes = (int64_t)count * (int64_t)sizeof(double);
  if (c->broadcast(c, &data, &bytes))
    return failf(err, err_size, "cnnrt_fit: the ranks could not compare their arguments");
  int differs = 0;
  if (c->rank != 0) {
    differs = bytes != (int64_t)count * (int64_t)sizeof(double) ||
              memcmp(data, fingerprint, (size_t)bytes) != 0;
    free(data);
  }
  double counts[2] = {!ready, ready && differs};
  if (c->sum_doubles(c, counts, 2))
    return failf(err, err_size, "cnnrt_fit: the ranks could not compare their arguments");
  if (counts[0] == 0 && counts[1] == 0)
    return 0;
  if (!ready)
    return 1;
  if (differs)
    return failf(err, err_size, "cnnrt_fit: rank %d trains with other arguments than rank 0 "
                 "(dataset size, batch size, epochs or model): every rank needs the same",
                 c->rank);
  if (counts[0] > 0)
    return failf(err, err_size, "cnnrt_fit: %d other rank(s) could not start (their messages "
                 "say why)", (int)counts[0]);
  return failf(err, err_size, "cnnrt_fit: %d rank(s) train with other arguments than rank 0 "
               "(their messages say which)", (int)counts[1]);
}

int cnnrt_dp_agree_on_epoch(const cnnrt_fit_collective *c, int *status,
                            cnnrt_epoch_metrics *metrics) {
  double record[8] = {0};
  if (c->rank == 0) {
    record[0] = *status, record[1] = metrics->epoch;
    record[2] = metrics->loss, record[3] = metrics->accuracy;
    record[4] = metrics->val_loss, record[5] = metrics->val_accuracy;
    record[6] = metrics->seconds, record[7] = metrics->images_per_second;
  }
  void *data = record;
  int64_t bytes = sizeof record;
  if (c->broadcast(c, &data, &bytes))
    return 1;
  if (c->rank == 0)
    return 0;
  if (bytes != (int64_t)sizeof record) {
    free(data);
    return 1;
  }
  memcpy(record, data, sizeof record);
  free(data);
  *status = (int)record[0];
  metrics->epoch = (int)record[1];
  metrics->loss = record[2], metrics->accuracy = record[3];
  metrics->val_loss = record[4], metrics->val_accuracy = record[5];
  metrics->seconds = record[6], metrics->images_per_second = record[7];
  return 0;
}

int cnnrt_dp_any(const cnnrt_fit_collective *c, int flag, int *any) {
  double count = flag != 0;
  if (c->sum_doubles(c, &count, 1))
    return 1;
  *any = count > 0;
  return 0;
}

/* What rank 0 sends: a kind byte, then the file's bytes or the message. */
enum { file_missing = 0, file_read = 1, file_error = 2 };

/* The whole of `path` after a kind byte, in a malloc'd buffer. */
static int read_whole(const char *path, char **buffer, int64_t *bytes, char *err,
                      size_t err_size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return errno == ENOENT ? -1
                           : failf(err, err_size, "cannot open '%s': %s", path, strerror(errno));
  size_t capacity = 1 << 16, used = 1;
  char *data = malloc(capacity);
  while (data) {
    if (used == capacity) {
      char *grown = realloc(data, capacity * 2);
      if (!grown) {
        free(data);
        data = NULL;
        break;
      }
      data = grown, capacity *= 2;
    }
    size_t got = fread(data + used, 1, capacity - used, f);
    used += got;
    if (got == 0)
      break;
  }
  int error = ferror(f);
  fclose(f);
  if (!data || error) {
    free(data);
    return failf(err, err_size, "cannot read '%s'%s", path, data ? "" : ": out of memory");
  }
  data[0] = file_read;
  *buffer = data;
  *bytes = (int64_t)used;
  return 0;
}

int cnnrt_dp_read_on_rank0(const cnnrt_fit_collective *c, const char *path, void **data,
                           int64_t *bytes, int *missing, char *err, size_t err_size) {
  char *buffer = NULL;
  int64_t size = 0;
  char kind_only[1] = {file_missing};
  char message[512];
  if (c->rank == 0) {
    int read = read_whole(path, &buffer, &size, message + 1, sizeof message - 1);
    if (read < 0) {
      buffer = kind_only, size = 1;
    } else if (read > 0) {
      message[0] = file_error;
      buffer = message, size = (int64_t)strlen(message + 1) + 2;
    }
  }
  void *shared = buffer;
  int shared_failed = c->broadcast(c, &shared, &size);
  char *got = shared;
  /* Rank 0's file, or another rank's copy of it, is on the heap: handed to the caller. */
  int heap = got != kind_only && got != message;
  *data = NULL, *bytes = 0, *missing = 0;
  if (shared_failed) {
    if (heap)
      free(got);
    return failf(err, err_size, "the ranks could not share '%s'", path);
  }
  int kind = size > 0 ? got[0] : file_error;
  *missing = kind == file_missing;
  int status = 0;
  if (kind == file_read) {
    memmove(got, got + 1, (size_t)size - 1); /* the file's bytes, without the kind byte */
    *data = got;
    *bytes = size - 1;
    return 0;
  }
  if (kind == file_error)
    status = failf(err, err_size, "%s", size > 1 ? got + 1 : "rank 0 could not read it");
  if (heap)
    free(got);
  return status;
}
