/* cnnrt_fit's output: a progress bar on a terminal, one line per epoch otherwise. Internal to cnnrt_train. */
#ifndef CNNRT_PROGRESS_H
#define CNNRT_PROGRESS_H

#include "cnnrt/fit.h"

typedef struct cnnrt_progress {
  FILE *log;
  int mode; /* CNNRT_FIT_QUIET, _BAR or _LINES (AUTO resolved) */
  int epochs, epoch;
  int64_t batches;
  double started, last_draw;
  int drawn; /* a bar line is on the screen, unterminated */
} cnnrt_progress;

/* Resolves the mode and prints what the run will do (and what accuracy means). */
void cnnrt_progress_init(cnnrt_progress *p, const cnnrt_fit_options *options,
                         int64_t train_count, int64_t validation_count, int resumed_epochs);
void cnnrt_progress_epoch_begin(cnnrt_progress *p, int epoch, int epochs, int64_t batches);
/* After batch `done` (from 1), `seen` samples in: redraws at most 10 times a
   second, and always after the last batch. accuracy is NaN when unknown. */
void cnnrt_progress_batch(cnnrt_progress *p, int64_t done, int64_t seen, double loss,
                          double accuracy);
void cnnrt_progress_epoch_end(cnnrt_progress *p, const cnnrt_epoch_metrics *m);
/* Ends a bar line left open, before an error is reported. */
void cnnrt_progress_abort(cnnrt_progress *p);

#endif
