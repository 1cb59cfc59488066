/* cnnrt_fit's output: a progress bar on a terminal, one line per epoch otherwise. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <math.h>
#include <time.h>
#include <unistd.h>

enum { bar_width = 24 };

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void print_duration(FILE *f, double seconds) {
  long s = seconds > 0 && seconds < 1e9 ? (long)(seconds + 0.5) : 0;
  if (s >= 3600)
    fprintf(f, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    fprintf(f, "%ld:%02ld", s / 60, s % 60);
}

void cnnrt_progress_init(cnnrt_progress *p, const cnnrt_fit_options *options,
                         int64_t train_count, int64_t validation_count, int resumed_epochs) {
  p->log = options->log ? options->log : stdout;
  p->mode = options->verbose;
  if (p->mode == CNNRT_FIT_AUTO)
    p->mode = isatty(fileno(p->log)) ? CNNRT_FIT_BAR : CNNRT_FIT_LINES;
  p->drawn = 0;
  if (p->mode == CNNRT_FIT_QUIET)
    return;
  int64_t batches = (train_count + options->batch_size - 1) / options->batch_size;
  fprintf(p->log, "cnnrt_fit: %lld training samples (%lld batches of %lld), %lld "
          "validation samples", (long long)train_count, (long long)batches,
          (long long)options->batch_size, (long long)validation_count);
  if (options->train_accuracy == CNNRT_FIT_ACCURACY_AFTER_EPOCH) {
    int64_t n = train_count < options->accuracy_samples ? train_count
                                                        : options->accuracy_samples;
    fprintf(p->log, "; accuracy is measured after each epoch on the first %lld "
            "training samples", (long long)n);
  } else if (options->train_accuracy == CNNRT_FIT_ACCURACY_DURING_EPOCH) {
    fprintf(p->log, "; accuracy is the running value over the epoch's batches");
  }
  fputc('\n', p->log);
  if (resumed_epochs > 0)
    fprintf(p->log, "cnnrt_fit: resuming after epoch %d from '%s'\n", resumed_epochs,
            options->checkpoint);
  else if (options->resume)
    fprintf(p->log, "cnnrt_fit: no checkpoint '%s' yet: starting at epoch 1\n",
            options->checkpoint);
  fflush(p->log);
}

void cnnrt_progress_epoch_begin(cnnrt_progress *p, int epoch, int epochs, int64_t batches) {
  p->epoch = epoch, p->epochs = epochs, p->batches = batches;
  p->started = now_seconds();
  p->last_draw = p->started;
  if (p->mode == CNNRT_FIT_BAR) {
    fprintf(p->log, "Epoch %d/%d\n", epoch, epochs);
    fflush(p->log);
  }
}

static void draw_bar(cnnrt_progress *p, int64_t done) {
  int filled = (int)(done * bar_width / p->batches);
  int width = snprintf(NULL, 0, "%lld", (long long)p->batches);
  fprintf(p->log, "\r%*lld/%lld [", width, (long long)done, (long long)p->batches);
  for (int i = 0; i < bar_width; ++i)
    fputc(i < filled ? '=' : i == filled && done < p->batches ? '>' : '.', p->log);
  fputc(']', p->log);
}

void cnnrt_progress_batch(cnnrt_progress *p, int64_t done, int64_t seen, double loss,
                          double accuracy) {
  if (p->mode != CNNRT_FIT_BAR)
    return;
  double now = now_seconds();
  if (now - p->last_draw < 0.1 && done < p->batches)
    return;
  p->last_draw = now;
  double elapsed = now - p->started;
  draw_bar(p, done);
  fprintf(p->log, " - loss: %.4f", loss);
  if (!isnan(accuracy))
    fprintf(p->log, " - accuracy: %.4f", accuracy);
  if (elapsed > 0)
    fprintf(p->log, " - %.0f img/s", (double)seen / elapsed);
  if (done < p->batches) {
    fputs(" - ETA ", p->log);
    print_duration(p->log, elapsed / (double)done * (double)(p->batches - done));
  }
  fputs("\033[K", p->log); /* clears what a longer previous line left */
  fflush(p->log);
  p->drawn = 1;
}

static void print_metrics(FILE *f, const cnnrt_epoch_metrics *m) {
  fprintf(f, " - %.1fs - %.0f img/s - loss: %.4f", m->seconds, m->images_per_second,
          m->loss);
  if (!isnan(m->accuracy))
    fprintf(f, " - accuracy: %.4f", m->accuracy);
  if (!isnan(m->val_loss))
    fprintf(f, " - val_loss: %.4f - val_accuracy: %.4f", m->val_loss, m->val_accuracy);
}

void cnnrt_progress_epoch_end(cnnrt_progress *p, const cnnrt_epoch_metrics *m) {
  if (p->mode == CNNRT_FIT_QUIET)
    return;
  if (p->mode == CNNRT_FIT_BAR) {
    draw_bar(p, p->batches);
    print_metrics(p->log, m);
    fputs("\033[K\n", p->log);
  } else {
    fprintf(p->log, "Epoch %d/%d", m->epoch, p->epochs);
    print_metrics(p->log, m);
    fputc('\n', p->log);
  }
  p->drawn = 0;
  fflush(p->log);
}

void cnnrt_progress_abort(cnnrt_progress *p) {
  if (p->drawn) {
    fputc('\n', p->log);
    fflush(p->log);
  }
  p->drawn = 0;
}
