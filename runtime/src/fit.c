/* cnnrt_fit: the epoch loop (shuffle, batches, metrics, NaN stop), history CSV, checkpoints and resume. */
#define _POSIX_C_SOURCE 200809L
#include "cnnrt/fit.h"
#include "fit_data_parallel.h"
#include "format_error.h"
#include "model_internal.h"

#include "progress.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct fit_context {
  cnnrt_model *model;
  const cnnrt_model_info *info;
  cnnrt_fit_options options;
  const cnnrt_dataset *train, *validation;
  int sparse;              /* int32 labels, else float */
  int64_t input_size;      /* floats per sample */
  int64_t label_size;      /* label elements (4 bytes each) per sample */
  int64_t batch;           /* min(batch_size, train count) */
  float *batch_inputs;     /* batch x input_size */
  void *batch_labels;      /* batch x label_size x 4 bytes */
  float *grads;            /* trainable_count (data-parallel: cnnrt_dp_buffer_floats) */
  const cnnrt_fit_collective *collective; /* NULL: this process alone */
  int rank;                /* 0 alone; rank 0 prints, validates and writes the files */
  int64_t *order;          /* train count */
  cnnrt_epoch_metrics *history; /* history_capacity epochs */
  int history_capacity;
  int epochs_done;
  char *temporary;         /* checkpoint path + ".XXXXXX" */
  FILE *history_file;
  cnnrt_progress progress;
  char *err;
  size_t err_size;
} fit_context;


#define FAIL(ctx, ...) failf((ctx)->err, (ctx)->err_size, __VA_ARGS__)

void cnnrt_fit_options_default(cnnrt_fit_options *options) {
  memset(options, 0, sizeof *options);
  options->epochs = 1;
  options->batch_size = 32;
  options->seed = 1;
  options->shuffle = 1;
  options->verbose = CNNRT_FIT_AUTO;
  options->train_accuracy = CNNRT_FIT_ACCURACY_AFTER_EPOCH;
  options->accuracy_samples = 10000;
  options->eval_batch_size = 256;
}

/* ---- The shuffle: documented in fit.h, so it must not change. ---- */

static uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

static uint64_t xorshift64star(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1Dull;
}

static void shuffle_order(int64_t *order, int64_t count, uint64_t seed, int epoch,
                          int shuffle) {
  for (int64_t i = 0; i < count; ++i)
    order[i] = i;
  if (!shuffle)
    return;
  uint64_t state = splitmix64(seed + (uint64_t)epoch);
  if (state == 0) /* xorshift's one fixed point */
    state = 0x9E3779B97F4A7C15ull;
  for (int64_t i = count - 1; i > 0; --i) {
    int64_t j = (int64_t)(xorshift64star(&state) % (uint64_t)(i + 1));
    int64_t t = order[i];
    order[i] = order[j], order[j] = t;
  }
}

/* ---- Model calls with either kind of labels. ---- */

static int evaluate_batch(cnnrt_model *model, int sparse, const float *inputs,
                          const void *labels, int64_t n, float *loss, float *accuracy) {
  return sparse ? cnnrt_model_evaluate(model, inputs, labels, n, loss, accuracy)
                : cnnrt_model_evaluate_float_labels(model, inputs, labels, n, loss,
                                                    accuracy);
}

static int64_t label_size_of(const cnnrt_model_info *info, int64_t output_size) {
  int64_t classes = info->output_shape[info->output_rank - 1];
  return info->loss == CNNRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY
             ? output_size / classes
             : output_size;
}

/* Mean loss and accuracy over the first `count` samples of `data`. */
static int evaluate_prefix(cnnrt_model *model, const cnnrt_dataset *data, int64_t count,
                           int64_t batch_size, double *loss, double *accuracy,
                           char *err, size_t err_size) {
  const cnnrt_model_info *info = cnnrt_model_get_info(model);
  int sparse = info->loss == CNNRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  int64_t input_size = cnnrt_model_input_size(model);
  int64_t label_size = label_size_of(info, cnnrt_model_output_size(model));
  double loss_sum = 0, right = 0;
  for (int64_t start = 0; start < count; start += batch_size) {
    int64_t n = count - start < batch_size ? count - start : batch_size;
    float l, a;
    if (evaluate_batch(model, sparse, data->inputs + start * input_size,
                       (const char *)data->labels + start * label_size * 4, n, &l, &a))
      return failf(err, err_size, "cnnrt_fit: %s", cnnrt_model_error(model));
    loss_sum += (double)l * (double)n, right += (double)a * (double)n;
  }
  *loss = count ? loss_sum / (double)count : NAN;
  *accuracy = count ? right / (double)count : NAN;
  return 0;
}

int cnnrt_fit_evaluate(cnnrt_model *model, const cnnrt_dataset *data,
                       int64_t batch_size, double *loss, double *accuracy,
                       char *err, size_t err_size) {
  if (!model || !data || !loss || !accuracy)
    return failf(err, err_size, "cnnrt_fit_evaluate: model, data, loss and accuracy "
                 "must not be NULL");
  if (!cnnrt_model_get_info(model)->evaluate)
    return failf(err, err_size, "cnnrt_fit_evaluate: model '%s' was compiled without a "
                 "loss and an optimizer (cnnc --loss ... --optimizer ...)",
                 cnnrt_model_get_info(model)->name);
  if (batch_size < 1 || data->count < 0 || (data->count && (!data->inputs || !data->labels)))
    return failf(err, err_size, "cnnrt_fit_evaluate: bad batch size or dataset");
  return evaluate_prefix(model, data, data->count, batch_size, loss, accuracy, err,
                         err_size);
}

/* ---- Little-endian fields of the checkpoint. ---- */

static int put_u64(FILE *f, uint64_t v) {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i)
    b[i] = (unsigned char)(v >> (8 * i));
  return fwrite(b, 1, 8, f) != 8;
}

static int get_u64(FILE *f, uint64_t *v) {
  unsigned char b[8];
  if (fread(b, 1, 8, f) != 8)
    return 1;
  *v = 0;
  for (int i = 0; i < 8; ++i)
    *v |= (uint64_t)b[i] << (8 * i);
  return 0;
}

static int put_f64(FILE *f, double d) {
  uint64_t v;
  memcpy(&v, &d, 8);
  return put_u64(f, v);
}

static int get_f64(FILE *f, double *d) {
  uint64_t v;
  if (get_u64(f, &v))
    return 1;
  memcpy(d, &v, 8);
  return 0;
}

/* The checkpoint, after the magic "CNNRTFIT": u64 fields version (1), epochs
   done, seed, batch size, sample count, shuffle; then per epoch done six f64s
   (loss, accuracy, val_loss, val_accuracy, seconds, images/s); then the model's
   state record (cnnrt_model_write_state). */
static const char checkpoint_magic[8] = {'C', 'N', 'N', 'R', 'T', 'F', 'I', 'T'};
enum { checkpoint_version = 1 };

static int write_checkpoint_body(const fit_context *ctx, FILE *f) {
  const cnnrt_fit_options *o = &ctx->options;
  if (fwrite(checkpoint_magic, 1, 8, f) != 8 || put_u64(f, checkpoint_version) ||
      put_u64(f, (uint64_t)ctx->epochs_done) || put_u64(f, o->seed) ||
      put_u64(f, (uint64_t)o->batch_size) || put_u64(f, (uint64_t)ctx->train->count) ||
      put_u64(f, (uint64_t)(o->shuffle != 0)))
    return 1;
  for (int e = 0; e < ctx->epochs_done; ++e) {
    const cnnrt_epoch_metrics *m = &ctx->history[e];
    if (put_f64(f, m->loss) || put_f64(f, m->accuracy) || put_f64(f, m->val_loss) ||
        put_f64(f, m->val_accuracy) || put_f64(f, m->seconds) ||
        put_f64(f, m->images_per_second))
      return 1;
  }
  return cnnrt_model_write_state(ctx->model, f);
}

static int save_checkpoint(fit_context *ctx) {
  const char *path = ctx->options.checkpoint;
  size_t length = strlen(path);
  memcpy(ctx->temporary, path, length);
  memcpy(ctx->temporary + length, ".XXXXXX", 8);
  int fd = mkstemp(ctx->temporary);
  if (fd < 0)
    return FAIL(ctx, "cnnrt_fit: cannot create a file beside the checkpoint '%s': %s",
                path, strerror(errno));
  FILE *f = fdopen(fd, "wb");
  int failed = !f || write_checkpoint_body(ctx, f) || fflush(f) != 0 || fsync(fd) != 0;
  int saved_errno = errno;
  failed |= f ? fclose(f) != 0 : close(fd) != 0;
  if (failed || rename(ctx->temporary, path) != 0) {
    if (!failed)
      saved_errno = errno;
    unlink(ctx->temporary);
    return FAIL(ctx, "cnnrt_fit: cannot write the checkpoint '%s': %s", path,
                strerror(saved_errno));
  }
  return 0;
}

/* Reads the checkpoint `path` from `f` (closing it) into ctx (history,
   epochs_done) and the model. */
static int read_checkpoint(fit_context *ctx, FILE *f) {
  const char *path = ctx->options.checkpoint;
  char magic[8];
  uint64_t fields[6];
  int bad = fread(magic, 1, 8, f) != 8 || memcmp(magic, checkpoint_magic, 8) != 0;
  for (int i = 0; i < 6 && !bad; ++i)
    bad = get_u64(f, &fields[i]);
  if (bad) {
    fclose(f);
    return FAIL(ctx, "cnnrt_fit: '%s' is not a cnnrt_fit checkpoint (bad or truncated "
                "header)", path);
  }
  const cnnrt_fit_options *o = &ctx->options;
  if (fields[0] != checkpoint_version) {
    fclose(f);
    return FAIL(ctx, "cnnrt_fit: checkpoint '%s' is of version %llu, not %d", path,
                (unsigned long long)fields[0], checkpoint_version);
  }
  if (fields[2] != o->seed || fields[3] != (uint64_t)o->batch_size ||
      fields[4] != (uint64_t)ctx->train->count || fields[5] != (uint64_t)(o->shuffle != 0)) {
    fclose(f);
    return FAIL(ctx, "cnnrt_fit: checkpoint '%s' was written with seed %llu, batch size "
                "%llu, %llu samples, shuffle %llu, but this fit has seed %llu, batch size "
                "%lld, %lld samples, shuffle %d: resuming would not continue that run",
                path, (unsigned long long)fields[2], (unsigned long long)fields[3],
                (unsigned long long)fields[4], (unsigned long long)fields[5],
                (unsigned long long)o->seed, (long long)o->batch_size,
                (long long)ctx->train->count, o->shuffle != 0);
  }
  if (fields[1] > (1u << 24)) {
    fclose(f);
    return FAIL(ctx, "cnnrt_fit: checkpoint '%s' claims %llu epochs (corrupt?)", path,
                (unsigned long long)fields[1]);
  }
  if (fields[1] > (uint64_t)ctx->history_capacity) { /* a longer run's checkpoint */
    cnnrt_epoch_metrics *grown = realloc(ctx->history, (size_t)fields[1] * sizeof *grown);
    if (!grown) {
      fclose(f);
      return FAIL(ctx, "cnnrt_fit: out of memory for the checkpoint's history");
    }
    ctx->history = grown;
    ctx->history_capacity = (int)fields[1];
  }
  int done = (int)fields[1];
  for (int e = 0; e < done && !bad; ++e) {
    cnnrt_epoch_metrics *m = &ctx->history[e];
    m->epoch = e + 1;
    bad = get_f64(f, &m->loss) || get_f64(f, &m->accuracy) || get_f64(f, &m->val_loss) ||
          get_f64(f, &m->val_accuracy) || get_f64(f, &m->seconds) ||
          get_f64(f, &m->images_per_second);
  }
  if (bad) {
    fclose(f);
    return FAIL(ctx, "cnnrt_fit: checkpoint '%s' is truncated (in its history)", path);
  }
  int status = cnnrt_model_read_state(ctx->model, f);
  int extra = !status && fgetc(f) != EOF;
  fclose(f);
  if (status)
    return FAIL(ctx, "cnnrt_fit: checkpoint '%s': %s", path, cnnrt_model_error(ctx->model));
  if (extra)
    return FAIL(ctx, "cnnrt_fit: checkpoint '%s' has bytes after the model's state", path);
  ctx->epochs_done = done;
  return 0;
}

/* Reads the checkpoint, if there is one: a missing file leaves everything as
   it was. Data-parallel, rank 0 reads the file and every rank its bytes. */
static int load_checkpoint(fit_context *ctx) {
  const char *path = ctx->options.checkpoint;
  if (!ctx->collective) {
    FILE *f = fopen(path, "rb");
    if (!f)
      return errno == ENOENT ? 0
                             : FAIL(ctx, "cnnrt_fit: cannot open the checkpoint '%s': %s",
                                    path, strerror(errno));
    return read_checkpoint(ctx, f);
  }
  void *data;
  int64_t bytes;
  int missing;
  char message[256];
  if (cnnrt_dp_read_on_rank0(ctx->collective, path, &data, &bytes, &missing, message,
                             sizeof message))
    return FAIL(ctx, "cnnrt_fit: the checkpoint: %s", message);
  if (missing)
    return 0;
  FILE *f = bytes ? fmemopen(data, (size_t)bytes, "rb") : NULL;
  int failed = f ? read_checkpoint(ctx, f)
                 : FAIL(ctx, "cnnrt_fit: checkpoint '%s' is empty", path);
  free(data);
  return failed;
}

/* ---- The history CSV. ---- */

static void csv_field(FILE *f, const char *format, double value) {
  fputc(',', f);
  if (!isnan(value))
    fprintf(f, format, value);
}

static int write_history_row(fit_context *ctx, const cnnrt_epoch_metrics *m) {
  FILE *f = ctx->history_file;
  fprintf(f, "%d", m->epoch);
  csv_field(f, "%.6f", m->loss);
  csv_field(f, "%.6f", m->accuracy);
  csv_field(f, "%.6f", m->val_loss);
  csv_field(f, "%.6f", m->val_accuracy);
  csv_field(f, "%.3f", m->seconds);
  csv_field(f, "%.1f", m->images_per_second);
  fputc('\n', f);
  if (fflush(f) != 0 || ferror(f))
    return FAIL(ctx, "cnnrt_fit: cannot write the history '%s': %s",
                ctx->options.history_csv, strerror(errno));
  return 0;
}

static int open_history(fit_context *ctx) {
  const char *path = ctx->options.history_csv;
  ctx->history_file = fopen(path, "w");
  if (!ctx->history_file)
    return FAIL(ctx, "cnnrt_fit: cannot write the history '%s': %s", path,
                strerror(errno));
  fputs("epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second\n",
        ctx->history_file);
  for (int e = 0; e < ctx->epochs_done; ++e)
    if (write_history_row(ctx, &ctx->history[e]))
      return 1;
  return fflush(ctx->history_file) != 0;
}

/* ---- The epoch. ---- */

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void gather(fit_context *ctx, const int64_t *indices, int64_t n) {
  const cnnrt_dataset *d = ctx->train;
  size_t input_bytes = (size_t)ctx->input_size * sizeof(float);
  size_t label_bytes = (size_t)ctx->label_size * 4;
  for (int64_t k = 0; k < n; ++k) {
    memcpy(ctx->batch_inputs + k * ctx->input_size, d->inputs + indices[k] * ctx->input_size,
           input_bytes);
    memcpy((char *)ctx->batch_labels + (size_t)k * label_bytes,
           (const char *)d->labels + (size_t)indices[k] * label_bytes, label_bytes);
  }
}

/* Runs epoch `epoch` into `m`; returns CNNRT_FIT_FINISHED, _NOT_FINITE or _FAILED. */
static int run_epoch(fit_context *ctx, int epoch, cnnrt_epoch_metrics *m, int64_t *steps) {
  const cnnrt_fit_options *o = &ctx->options;
  cnnrt_model *model = ctx->model;
  int64_t count = ctx->train->count;
  int64_t batches = (count + o->batch_size - 1) / o->batch_size;
  int during = o->train_accuracy == CNNRT_FIT_ACCURACY_DURING_EPOCH;
  shuffle_order(ctx->order, count, o->seed, epoch, o->shuffle);
  cnnrt_progress_epoch_begin(&ctx->progress, epoch, o->epochs, batches);
  double started = now_seconds(), loss_sum = 0, right = 0;
  for (int64_t b = 0; b < batches; ++b) {
    int64_t start = b * o->batch_size;
    int64_t n = count - start < o->batch_size ? count - start : o->batch_size;
    /* Data-parallel, this rank's share of the global batch. */
    int64_t offset = 0, share = n;
    if (ctx->collective)
      cnnrt_dp_share(n, ctx->rank, ctx->collective->size, &offset, &share);
    gather(ctx, ctx->order + start + offset, share);
    float loss = 0, accuracy = 0;
    int failed = share > 0 && during &&
                 evaluate_batch(model, ctx->sparse, ctx->batch_inputs, ctx->batch_labels,
                                share, NULL, &accuracy);
    /* Gradients, then the step only if the loss is finite, so that a diverged
       batch leaves the weights as they were. */
    if (!failed && share > 0)
      failed = ctx->sparse
                   ? cnnrt_model_compute_gradients(model, ctx->batch_inputs,
                                                   ctx->batch_labels, share, &loss, ctx->grads)
                   : cnnrt_model_compute_gradients_float_labels(
                         model, ctx->batch_inputs, ctx->batch_labels, share, &loss,
                         ctx->grads);
    int failed_ranks = failed;
    if (ctx->collective) {
      failed_ranks = cnnrt_dp_average_step(ctx->collective, model, ctx->grads, share, n,
                                           &loss, &accuracy, failed);
      if (failed_ranks < 0)
        ctx->collective->abort(ctx->collective, 1, "cnnrt_fit: the ranks could not "
                               "average a step's gradients");
    }
    if (failed_ranks) {
      cnnrt_progress_abort(&ctx->progress);
      if (!failed)
        return FAIL(ctx, "cnnrt_fit: epoch %d, batch %lld: %d other rank(s) failed (their "
                    "messages say why)", epoch, (long long)(b + 1), failed_ranks),
               CNNRT_FIT_FAILED;
      return FAIL(ctx, "cnnrt_fit: epoch %d, batch %lld: %s", epoch, (long long)(b + 1),
                  cnnrt_model_error(model)), CNNRT_FIT_FAILED;
    }
    if (!isfinite(loss)) {
      cnnrt_progress_abort(&ctx->progress);
      return FAIL(ctx, "cnnrt_fit: the loss is %s at epoch %d, batch %lld of %lld; "
                  "stopping (that step was not applied)", isnan(loss) ? "NaN" : "infinite",
                  epoch, (long long)(b + 1), (long long)batches), CNNRT_FIT_NOT_FINITE;
    }
    if (cnnrt_model_apply_gradients(model, ctx->grads)) {
      cnnrt_progress_abort(&ctx->progress);
      return FAIL(ctx, "cnnrt_fit: epoch %d, batch %lld: %s", epoch, (long long)(b + 1),
                  cnnrt_model_error(model)), CNNRT_FIT_FAILED;
    }
    ++*steps;
    loss_sum += (double)loss * (double)n;
    if (during)
      right += (double)accuracy * (double)n;
    int64_t seen = start + n;
    cnnrt_progress_batch(&ctx->progress, b + 1, seen, loss_sum / (double)seen,
                         during ? right / (double)seen : NAN);
  }
  double seconds = now_seconds() - started;
  m->epoch = epoch;
  m->loss = loss_sum / (double)count;
  m->seconds = seconds;
  m->images_per_second = seconds > 0 ? (double)count / seconds : NAN;
  m->accuracy = during ? right / (double)count : NAN;
  m->val_loss = m->val_accuracy = NAN;
  return CNNRT_FIT_FINISHED;
}

/* After epoch m->epoch's steps: the training accuracy (if measured after the
   epoch) and the validation set's loss and accuracy, into `m`. */
static int evaluate_epoch(fit_context *ctx, cnnrt_epoch_metrics *m) {
  const cnnrt_fit_options *o = &ctx->options;
  cnnrt_model *model = ctx->model;
  int64_t count = ctx->train->count;
  double ignored;
  if (o->train_accuracy == CNNRT_FIT_ACCURACY_AFTER_EPOCH) {
    int64_t samples = count < o->accuracy_samples ? count : o->accuracy_samples;
    if (samples > 0 && evaluate_prefix(model, ctx->train, samples, o->eval_batch_size,
                                       &ignored, &m->accuracy, ctx->err, ctx->err_size)) {
      cnnrt_progress_abort(&ctx->progress);
      return CNNRT_FIT_FAILED;
    }
  }
  if (ctx->validation && ctx->validation->count > 0 &&
      evaluate_prefix(model, ctx->validation, ctx->validation->count, o->eval_batch_size,
                      &m->val_loss, &m->val_accuracy, ctx->err, ctx->err_size)) {
    cnnrt_progress_abort(&ctx->progress);
    return CNNRT_FIT_FAILED;
  }
  cnnrt_progress_epoch_end(&ctx->progress, m);
  return CNNRT_FIT_FINISHED;
}

/* ---- Setup. ---- */

static int check_arguments(fit_context *ctx) {
  const cnnrt_fit_options *o = &ctx->options;
  const cnnrt_dataset *t = ctx->train, *v = ctx->validation;
  if (!ctx->info->gradients || !ctx->info->apply_gradients || !ctx->info->evaluate)
    return FAIL(ctx, "cnnrt_fit: model '%s' was compiled without a loss and an optimizer "
                "(cnnc --loss ... --optimizer ...)", ctx->info->name);
  if (!t || t->count < 1 || !t->inputs || !t->labels)
    return FAIL(ctx, "cnnrt_fit: the training set needs inputs, labels and a count >= 1");
  if (v && (v->count < 0 || (v->count > 0 && (!v->inputs || !v->labels))))
    return FAIL(ctx, "cnnrt_fit: the validation set needs inputs, labels and a count >= 0");
  if (o->epochs < 0)
    return FAIL(ctx, "cnnrt_fit: epochs must be >= 0, got %d", o->epochs);
  if (o->batch_size < 1 || o->eval_batch_size < 1)
    return FAIL(ctx, "cnnrt_fit: batch_size and eval_batch_size must be >= 1, got %lld "
                "and %lld", (long long)o->batch_size, (long long)o->eval_batch_size);
  if (o->accuracy_samples < 0)
    return FAIL(ctx, "cnnrt_fit: accuracy_samples must be >= 0");
  if (o->verbose < CNNRT_FIT_QUIET || o->verbose > CNNRT_FIT_LINES)
    return FAIL(ctx, "cnnrt_fit: verbose must be one of CNNRT_FIT_QUIET, _AUTO, _BAR, "
                "_LINES, got %d", o->verbose);
  if (o->train_accuracy < CNNRT_FIT_ACCURACY_AFTER_EPOCH ||
      o->train_accuracy > CNNRT_FIT_ACCURACY_NONE)
    return FAIL(ctx, "cnnrt_fit: train_accuracy must be one of CNNRT_FIT_ACCURACY_*, "
                "got %d", o->train_accuracy);
  if (o->resume && !o->checkpoint)
    return FAIL(ctx, "cnnrt_fit: resume needs a checkpoint path");
  if (o->collective && o->collective->size > 1 && ctx->info->loss_sums_over_batch)
    return FAIL(ctx, "cnnrt_fit: the loss of model '%s' sums Keras 3 activity penalties over "
                "each batch, which data-parallel training would average over the ranks' shares: "
                "train it in one process", ctx->info->name);
  return 0;
}

static int check_collective(fit_context *ctx) {
  const cnnrt_fit_collective *c = ctx->options.collective;
  if (c && (c->size < 1 || c->rank < 0 || c->rank >= c->size || !c->sum_floats ||
            !c->sum_doubles || !c->broadcast || !c->abort))
    return FAIL(ctx, "cnnrt_fit: the collective is not set up (rank %d of %d; see "
                "cnnrt_fit_mpi_init)", c->rank, c->size);
  return 0;
}

/* Data-parallel: whether every rank is ready to train (`ready` on this one)
   the same thing, before any rank waits for the others in a step. */
static int agree_on_start(fit_context *ctx, int ready) {
  const cnnrt_fit_options *o = &ctx->options;
  double fingerprint[] = {ctx->train ? (double)ctx->train->count : -1,
                          (double)o->batch_size,
                          o->epochs,
                          (double)ctx->info->trainable_count,
                          (double)ctx->info->updated_count,
                          o->resume,
                          ctx->sparse};
  return cnnrt_dp_agree_on_start(ctx->collective, ready, fingerprint,
                                 (int)(sizeof fingerprint / sizeof *fingerprint), ctx->err,
                                 ctx->err_size);
}

static int allocate(fit_context *ctx) {
  int64_t count = ctx->train->count;
  ctx->batch = ctx->options.batch_size < count ? ctx->options.batch_size : count;
  if (count > INT64_MAX / ctx->input_size / (int64_t)sizeof(float) ||
      count > INT64_MAX / ctx->label_size / 4)
    return FAIL(ctx, "cnnrt_fit: %lld samples are too many", (long long)count);
  ctx->batch_inputs = malloc((size_t)(ctx->batch * ctx->input_size) * sizeof(float));
  ctx->batch_labels = malloc((size_t)(ctx->batch * ctx->label_size) * 4);
  int64_t grad_floats = ctx->collective ? cnnrt_dp_buffer_floats(ctx->info)
                                        : ctx->info->trainable_count + 1;
  ctx->grads = malloc((size_t)grad_floats * sizeof(float));
  ctx->order = malloc((size_t)count * sizeof(int64_t));
  ctx->history_capacity = ctx->options.epochs > 0 ? ctx->options.epochs : 1;
  ctx->history = calloc((size_t)ctx->history_capacity, sizeof *ctx->history);
  if (ctx->options.checkpoint)
    ctx->temporary = malloc(strlen(ctx->options.checkpoint) + 8);
  if (!ctx->batch_inputs || !ctx->batch_labels || !ctx->grads || !ctx->order ||
      !ctx->history || (ctx->options.checkpoint && !ctx->temporary))
    return FAIL(ctx, "cnnrt_fit: out of memory for the batch buffers");
  return 0;
}

static void release(fit_context *ctx) {
  free(ctx->batch_inputs);
  free(ctx->batch_labels);
  free(ctx->grads);
  free(ctx->order);
  free(ctx->history);
  free(ctx->temporary);
  if (ctx->history_file)
    fclose(ctx->history_file);
}

/* Rank 0's work after epoch m->epoch's steps: its evaluation, then the weights,
   the checkpoint and the history row. */
static int end_epoch(fit_context *ctx, cnnrt_epoch_metrics *m) {
  if (evaluate_epoch(ctx, m))
    return CNNRT_FIT_FAILED;
  ctx->epochs_done = m->epoch; /* trained: what the checkpoint records */
  int failed = 0;
  if (ctx->options.weights && cnnrt_model_save_weights(ctx->model, ctx->options.weights))
    failed = FAIL(ctx, "cnnrt_fit: %s", cnnrt_model_error(ctx->model));
  else
    failed = (ctx->options.checkpoint && save_checkpoint(ctx)) ||
             (ctx->history_file && write_history_row(ctx, m));
  return failed ? CNNRT_FIT_FAILED : CNNRT_FIT_FINISHED;
}

static void set_nan(cnnrt_epoch_metrics *m) {
  m->epoch = 0;
  m->loss = m->accuracy = m->val_loss = m->val_accuracy = NAN;
  m->seconds = m->images_per_second = NAN;
}

int cnnrt_fit(cnnrt_model *model, const cnnrt_dataset *train,
              const cnnrt_dataset *validation, const cnnrt_fit_options *options,
              cnnrt_fit_result *result, char *err, size_t err_size) {
  if (err && err_size > 0)
    err[0] = '\0';
  cnnrt_fit_result ignored_result;
  if (!result)
    result = &ignored_result;
  memset(result, 0, sizeof *result);
  result->status = CNNRT_FIT_FAILED;
  result->first_epoch = 1;
  set_nan(&result->last);
  if (!model)
    return failf(err, err_size, "cnnrt_fit: model must not be NULL");
  fit_context ctx;
  memset(&ctx, 0, sizeof ctx);
  ctx.model = model;
  ctx.info = cnnrt_model_get_info(model);
  if (options)
    ctx.options = *options;
  else
    cnnrt_fit_options_default(&ctx.options);
  ctx.train = train;
  ctx.validation = validation;
  ctx.err = err;
  ctx.err_size = err_size;
  ctx.sparse = ctx.info->loss == CNNRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  ctx.input_size = cnnrt_model_input_size(model);
  ctx.label_size = label_size_of(ctx.info, cnnrt_model_output_size(model));
  int status = CNNRT_FIT_FAILED;
  int64_t dropout_stream = model->dropout_stream;
  if (check_collective(&ctx))
    goto done;
  ctx.collective = ctx.options.collective;
  if (ctx.collective) {
    /* Each rank draws its own dropout masks; rank 0 alone writes and prints. */
    ctx.rank = ctx.collective->rank;
    model->dropout_stream = (int64_t)ctx.rank << 48;
    if (ctx.rank != 0) {
      ctx.options.verbose = CNNRT_FIT_QUIET;
      ctx.options.history_csv = NULL;
      ctx.options.weights = NULL;
    }
  }
  /* Data-parallel, every rank takes the same path out of here: a rank that
     failed alone would leave the others waiting for it in a collective. */
  int ready = !check_arguments(&ctx) && !allocate(&ctx);
  if (ctx.collective ? agree_on_start(&ctx, ready) : !ready)
    goto done;
  int failed = (ctx.options.resume && load_checkpoint(&ctx)) ||
               (ctx.options.history_csv && open_history(&ctx));
  int failed_anywhere = failed;
  if (ctx.collective && cnnrt_dp_any(ctx.collective, failed, &failed_anywhere))
    ctx.collective->abort(ctx.collective, 1, "cnnrt_fit: the ranks could not agree to start");
  if (failed_anywhere) {
    if (!failed)
      FAIL(&ctx, "cnnrt_fit: another rank could not start (its message says why)");
    goto done;
  }
  result->first_epoch = ctx.epochs_done + 1;
  cnnrt_progress_init(&ctx.progress, &ctx.options, ctx.train->count,
                      validation ? validation->count : 0, ctx.epochs_done);
  status = CNNRT_FIT_FINISHED;
  for (int epoch = ctx.epochs_done + 1; epoch <= ctx.options.epochs; ++epoch) {
    cnnrt_epoch_metrics *m = &ctx.history[epoch - 1];
    /* Its steps fail or succeed on every rank alike. */
    status = run_epoch(&ctx, epoch, m, &result->steps);
    if (status != CNNRT_FIT_FINISHED)
      break;
    if (ctx.rank == 0)
      status = end_epoch(&ctx, m);
    if (ctx.collective) {
      if (cnnrt_dp_agree_on_epoch(ctx.collective, &status, m))
        ctx.collective->abort(ctx.collective, 1, "cnnrt_fit: the ranks could not share "
                              "an epoch's outcome");
      if (status != CNNRT_FIT_FINISHED && ctx.rank != 0)
        FAIL(&ctx, "cnnrt_fit: after epoch %d, rank 0 failed (its message says why)", epoch);
    }
    if (status != CNNRT_FIT_FINISHED)
      break;
    ctx.epochs_done = epoch;
    int stop = ctx.options.on_epoch_end && ctx.options.on_epoch_end(ctx.options.user, model, m);
    if (ctx.collective && cnnrt_dp_any(ctx.collective, stop, &stop))
      ctx.collective->abort(ctx.collective, 1, "cnnrt_fit: the ranks could not agree "
                            "whether to stop");
    if (stop) {
      status = CNNRT_FIT_STOPPED_BY_CALLBACK;
      break;
    }
  }
done:
  model->dropout_stream = dropout_stream;
  result->status = status;
  result->epochs_done = ctx.epochs_done;
  if (ctx.epochs_done > 0 && ctx.history)
    result->last = ctx.history[ctx.epochs_done - 1];
  release(&ctx);
  return status == CNNRT_FIT_FINISHED || status == CNNRT_FIT_STOPPED_BY_CALLBACK ? 0 : 1;
}
