/* fit.test's app: trains a cnnc-compiled model (tiny.h, 3 classes) with cnnrt_fit on synthetic data.
   Arguments are key=value: epochs, batch, lr, seed, samples, checkpoint, history, weights (per epoch),
   save (final weights), resume, stop_after (the epoch after which the callback stops, as if
   interrupted), verbose, accuracy (after, during or none). */
#include "cnnrt/fit.h"
#include "tiny.h" /* cnnc ... --name tiny */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int stop_after_epoch;

static int on_epoch_end(void *user, cnnrt_model *model, const cnnrt_epoch_metrics *m) {
  (void)model;
  double *first_loss = user;
  if (m->epoch == 1 || *first_loss != *first_loss)
    *first_loss = m->loss;
  return stop_after_epoch && m->epoch >= stop_after_epoch;
}

static const char *arg(int argc, char **argv, const char *key, const char *fallback) {
  size_t n = strlen(key);
  for (int i = 1; i < argc; ++i)
    if (!strncmp(argv[i], key, n) && argv[i][n] == '=')
      return argv[i] + n + 1;
  return fallback;
}

int main(int argc, char **argv) {
  int64_t count = atoll(arg(argc, argv, "samples", "300"));
  int64_t val_count = 64;
  float *x = malloc((size_t)(count + val_count) * TINY_INPUT_SIZE * sizeof(float));
  int32_t *y = malloc((size_t)(count + val_count) * sizeof(int32_t));
  /* A learnable rule: the class is which third of [0, 1) the mean of the features falls in. */
  uint64_t state = 12345;
  for (int64_t i = 0; i < count + val_count; ++i) {
    float sum = 0;
    for (int k = 0; k < TINY_INPUT_SIZE; ++k) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      float v = (float)(state >> 40) / (float)(1 << 24);
      x[i * TINY_INPUT_SIZE + k] = v;
      sum += v;
    }
    float mean = sum / TINY_INPUT_SIZE;
    y[i] = mean < 0.45f ? 0 : mean < 0.55f ? 1 : 2;
  }
  tiny_model *tiny = tiny_create();
  if (!tiny)
    return fprintf(stderr, "cannot create the model\n"), 1;
  cnnrt_model *model = (cnnrt_model *)tiny; /* the thunks' handle is the runtime's */
  if (arg(argc, argv, "lr", NULL))
    cnnrt_model_set_learning_rate(model, (float)atof(arg(argc, argv, "lr", NULL)));

  /* Other losses than sparse_categorical_crossentropy take one-hot float labels. */
  const void *labels = y;
  float *one_hot = NULL;
  if (cnnrt_model_get_info(model)->loss != CNNRT_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY) {
    one_hot = calloc((size_t)(count + val_count) * TINY_OUTPUT_SIZE, sizeof(float));
    for (int64_t i = 0; i < count + val_count; ++i)
      one_hot[i * TINY_OUTPUT_SIZE + y[i]] = 1;
    labels = one_hot;
  }
  int64_t label_size = one_hot ? TINY_OUTPUT_SIZE : 1;
  cnnrt_dataset train = {x, labels, count};
  cnnrt_dataset validation = {x + count * TINY_INPUT_SIZE,
                              (const char *)labels + count * label_size * 4, val_count};
  cnnrt_fit_options options;
  cnnrt_fit_options_default(&options);
  options.epochs = atoi(arg(argc, argv, "epochs", "3"));
  options.batch_size = atoll(arg(argc, argv, "batch", "32"));
  options.seed = strtoull(arg(argc, argv, "seed", "7"), NULL, 10);
  options.checkpoint = arg(argc, argv, "checkpoint", NULL);
  options.history_csv = arg(argc, argv, "history", NULL);
  options.weights = arg(argc, argv, "weights", NULL);
  options.resume = atoi(arg(argc, argv, "resume", "0"));
  options.verbose = atoi(arg(argc, argv, "verbose", "1"));
  const char *accuracy = arg(argc, argv, "accuracy", "after");
  options.train_accuracy = !strcmp(accuracy, "during") ? CNNRT_FIT_ACCURACY_DURING_EPOCH
                           : !strcmp(accuracy, "none") ? CNNRT_FIT_ACCURACY_NONE
                                                       : CNNRT_FIT_ACCURACY_AFTER_EPOCH;
  stop_after_epoch = atoi(arg(argc, argv, "stop_after", "0"));
  double first_loss = 0.0 / 0.0;
  options.on_epoch_end = on_epoch_end;
  options.user = &first_loss;

  cnnrt_fit_result result;
  char err[512];
  int rc = cnnrt_fit(model, &train, &validation, &options, &result, err, sizeof err);
  printf("fit: rc=%d status=%d first_epoch=%d epochs_done=%d steps=%lld\n", rc,
         result.status, result.first_epoch, result.epochs_done, (long long)result.steps);
  if (rc)
    printf("fit error: %s\n", err);
  if (result.epochs_done > 0)
    printf("loss: first %.4f last %.4f -> %s\n", first_loss, result.last.loss,
           result.last.loss < first_loss ? "decreased" : "did not decrease");
  const char *save = arg(argc, argv, "save", NULL);
  if (save && cnnrt_model_save_weights(model, save))
    return printf("save: %s\n", cnnrt_model_error(model)), 1;
  tiny_destroy(tiny);
  free(x), free(y), free(one_hot);
  return rc;
}
