/* cnnrt_fit: Keras-style training of any cnnc-compiled model (shuffled mini-batches, metrics, progress, history, checkpoints). */
#ifndef CNNRT_FIT_H
#define CNNRT_FIT_H

#include "cnnrt/fit_collective.h"
#include "cnnrt/model.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Samples in memory, borrowed (never copied or freed by cnnrt_fit) and only
   read, so one dataset may be shared by fits running in several threads.
   inputs: count x cnnrt_model_input_size() floats.
   labels: count x (output size / classes) int32 class indices for
   sparse_categorical_crossentropy, count x output size floats for the other
   losses (see cnnrt_model_train_step). */
typedef struct cnnrt_dataset {
  const float *inputs;
  const void *labels;
  int64_t count;
} cnnrt_dataset;

/* What cnnrt_fit_options.verbose selects. */
enum {
  CNNRT_FIT_QUIET = 0,
  CNNRT_FIT_AUTO = 1,  /* the bar when `log` is a terminal, lines otherwise */
  CNNRT_FIT_BAR = 2,   /* a progress bar redrawn with \r, at most 10 times a second */
  CNNRT_FIT_LINES = 3  /* one line per epoch */
};

/* How the training accuracy is measured (the model's step computes the loss
   but returns no predictions, so accuracy costs extra forward passes). */
enum {
  /* After each epoch, on the first min(count, accuracy_samples) training
     samples with the epoch's final weights (like an evaluation; the default:
     about accuracy_samples / (3 x count) of an epoch's time). */
  CNNRT_FIT_ACCURACY_AFTER_EPOCH = 0,
  /* Keras' running value: each batch is evaluated just before its step, with
     the weights of that moment. Costs one more forward pass per batch. */
  CNNRT_FIT_ACCURACY_DURING_EPOCH = 1,
  CNNRT_FIT_ACCURACY_NONE = 2 /* not measured: NaN */
};

/* One epoch's numbers. NaN marks what was not measured. */
typedef struct cnnrt_epoch_metrics {
  int epoch;                /* from 1 */
  double loss;              /* the mean of the batches' losses, weighted by their sizes */
  double accuracy;          /* see cnnrt_fit_options.train_accuracy */
  double val_loss;          /* over the whole validation set, after the epoch */
  double val_accuracy;
  double seconds;           /* the epoch's training steps, without the evaluation passes */
  double images_per_second; /* training samples / seconds */
} cnnrt_epoch_metrics;

typedef struct cnnrt_fit_options {
  int epochs;               /* the epoch to stop after (counting a resumed checkpoint's); default 1 */
  int64_t batch_size;       /* default 32; the last batch of an epoch may be smaller */
  /* The shuffle: epoch e (from 1) visits the samples in the order Fisher-Yates
     gives from the identity, drawing j = r mod (i + 1) for i = count-1 .. 1
     with r from xorshift64* (Vigna's, multiplier 0x2545F4914F6CDD1D) seeded
     with splitmix64(seed + e). Integer arithmetic only: the same order on
     every machine, and an epoch's order does not depend on earlier epochs. */
  uint64_t seed;            /* default 1 */
  int shuffle;              /* default 1; 0 visits the samples in order */
  /* The CSV history "epoch,loss,accuracy,val_loss,val_accuracy,seconds,
     images_per_second", rewritten at the start (with a resumed checkpoint's
     rows) and appended and flushed after each epoch. NULL: none. */
  const char *history_csv;
  /* Written after each epoch, atomically (a temporary file beside it, then
     renamed): the epoch, the shuffle settings, the history so far and the
     model's full training state (cnnrt_model_write_state). NULL: none. */
  const char *checkpoint;
  /* Also written after each epoch, with cnnrt_model_save_weights (atomic):
     the weights alone, for cnnrt_model_load_weights in a predict-only app.
     NULL: none. */
  const char *weights;
  /* With a checkpoint path: continue after the checkpoint's epoch, giving the
     same weights as an uninterrupted run. A missing checkpoint file starts
     from epoch 1; one of other settings (batch size, seed, shuffle, sample
     count) or another model is an error. */
  int resume;
  int verbose;              /* CNNRT_FIT_*: default CNNRT_FIT_AUTO */
  FILE *log;                /* where progress goes; NULL: stdout */
  int train_accuracy;       /* CNNRT_FIT_ACCURACY_*: default AFTER_EPOCH */
  int64_t accuracy_samples; /* for ACCURACY_AFTER_EPOCH; default 10000 */
  int64_t eval_batch_size;  /* batches of the evaluation passes; default 256 */
  /* Called after each epoch (after its checkpoint and history row); a
     non-zero return stops training (cnnrt_fit then returns 0). It may change
     the learning rate (cnnrt_model_set_learning_rate) for the next epoch. */
  int (*on_epoch_end)(void *user, cnnrt_model *model,
                      const cnnrt_epoch_metrics *metrics);
  void *user;
  /* Data-parallel training over a group of processes (NULL: this one alone;
     cnnrt/fit_mpi.h makes one over MPI). Every rank calls cnnrt_fit with the
     same dataset and options and its own instance of the same compiled model.
     Each step, every rank takes its share of the global batch of batch_size
     samples (consecutive in the shuffled order; sizes differ by at most one),
     computes its gradients, and the ranks sum them weighted by their shares:
     every rank applies the global batch's mean gradient, so all hold the same
     weights, which are those of one process training on the global batch, up
     to the order of float sums. BatchNormalization normalises each share by
     its own statistics (as Keras' MirroredStrategy does by default), and the
     moving statistics are averaged over the ranks after each step. Each rank
     draws its own dropout masks. Rank 0 alone prints, measures the accuracy,
     validates and writes the history, weights and checkpoint; every rank
     gets its metrics and calls on_epoch_end with them, and training stops when
     a callback on any rank asks. resume: rank 0 reads the checkpoint and
     every rank continues from it, on any number of ranks. A step that fails on
     one rank, or a file rank 0 cannot write, makes cnnrt_fit return the
     failure on every rank. */
  const struct cnnrt_fit_collective *collective;
} cnnrt_fit_options;

/* Why cnnrt_fit returned. */
enum {
  CNNRT_FIT_FINISHED = 0,        /* every epoch ran (or the checkpoint had them all) */
  CNNRT_FIT_STOPPED_BY_CALLBACK = 1,
  CNNRT_FIT_NOT_FINITE = 2,      /* a batch's loss was NaN or infinite */
  CNNRT_FIT_FAILED = 3           /* bad arguments, a model call or file I/O failed */
};

typedef struct cnnrt_fit_result {
  int status;               /* CNNRT_FIT_FINISHED, ... */
  int first_epoch;          /* 1, or the resumed checkpoint's epoch + 1 */
  int epochs_done;          /* the last completed epoch (0 if none) */
  int64_t steps;            /* optimizer steps taken by this call */
  cnnrt_epoch_metrics last; /* epoch epochs_done's (from the checkpoint if this call ran none); NaNs if none */
} cnnrt_fit_result;

/* The defaults above. Always start from these, so that fields added later get
   their defaults. */
void cnnrt_fit_options_default(cnnrt_fit_options *options);

/* Trains `model` (compiled with a loss and an optimizer) on `train`,
   evaluating on `validation` (may be NULL or empty) after each epoch.
   Returns 0 when the epochs ran or the callback stopped them; otherwise
   non-zero with a message in `err` (if err_size > 0): a NaN or infinite loss
   names the epoch and batch (that batch's step is not applied, so the weights
   are the previous step's). `options` NULL means the defaults; `result` may be
   NULL. Everything is allocated once at the start (the batch buffers, the
   shuffled order) and freed before returning: none per batch.
   Thread-compatibility: uses `model` exclusively for the whole call; separate
   models may be fitted in separate threads (with separate log/history/
   checkpoint files). No global state. */
int cnnrt_fit(cnnrt_model *model, const cnnrt_dataset *train,
              const cnnrt_dataset *validation, const cnnrt_fit_options *options,
              cnnrt_fit_result *result, char *err, size_t err_size);

/* Mean loss and accuracy over `data` (in batches of `batch_size`, sample
   weighted), as the validation pass of cnnrt_fit computes them. */
int cnnrt_fit_evaluate(cnnrt_model *model, const cnnrt_dataset *data,
                       int64_t batch_size, double *loss, double *accuracy,
                       char *err, size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_FIT_H */
