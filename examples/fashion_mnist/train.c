/* The main job: trains the course notes' MNIST net on Fashion-MNIST from C, through the object cnnc compiled
   with a loss and an optimizer, and the runtime's generic fit. No Python anywhere.
   Usage: train TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS OUT_DIR [EPOCHS=5] [BATCH=32] [LIMIT]
                [SEED=1] (the shuffle's; the initial weights' seed is cnnc's --seed) */
#include "cnnrt/fit.h"
#include "cnnrt/idx.h"
#include "fashion.h" /* written by: cnnc model.json -o fashion.o --loss ... --optimizer ... */

#include <stdio.h>
#include <stdlib.h>

/* Images as floats in [0, 1] and labels as int32, from a pair of IDX files. */
static int load(const char *images_path, const char *labels_path, float **images,
                int32_t **labels, int64_t *count) {
  char err[256];
  cnnrt_idx x, y;
  if (cnnrt_idx_read(images_path, &x, err, sizeof err) ||
      cnnrt_idx_read(labels_path, &y, err, sizeof err))
    return fprintf(stderr, "train: %s\n", err), 1;
  if (x.count != y.dims[0] * FASHION_INPUT_SIZE)
    return fprintf(stderr, "train: %s does not hold one %d-pixel image per label of %s\n",
                   images_path, FASHION_INPUT_SIZE, labels_path), 1;
  *count = y.dims[0];
  *images = malloc((size_t)x.count * sizeof(float));
  *labels = malloc((size_t)*count * sizeof(int32_t));
  if (!*images || !*labels)
    return fprintf(stderr, "train: out of memory\n"), 1;
  for (int64_t i = 0; i < x.count; ++i)
    (*images)[i] = x.data[i] / 255.0f;
  for (int64_t i = 0; i < *count; ++i)
    (*labels)[i] = y.data[i];
  cnnrt_idx_free(&x);
  cnnrt_idx_free(&y);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 6) {
    fprintf(stderr, "usage: %s TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS OUT_DIR "
            "[EPOCHS=5] [BATCH=32] [LIMIT] [SEED=1]\n", argv[0]);
    return 2;
  }
  float *train_x, *test_x;
  int32_t *train_y, *test_y;
  int64_t train_count, test_count;
  if (load(argv[1], argv[2], &train_x, &train_y, &train_count) ||
      load(argv[3], argv[4], &test_x, &test_y, &test_count))
    return 1;
  if (argc > 8 && atoll(argv[8]) > 0 && atoll(argv[8]) < train_count)
    train_count = atoll(argv[8]); /* a quick run on the first LIMIT images */
  char history[4096], weights[4096];
  snprintf(history, sizeof history, "%s/history.csv", argv[5]);
  snprintf(weights, sizeof weights, "%s/weights.bin", argv[5]);

  cnnrt_fit_options options;
  cnnrt_fit_options_default(&options);
  options.epochs = argc > 6 ? atoi(argv[6]) : 5;
  options.batch_size = argc > 7 ? atoll(argv[7]) : 32;
  if (argc > 9)
    options.seed = strtoull(argv[9], NULL, 10);
  options.history_csv = history;
  options.weights = weights;
  cnnrt_dataset train = {train_x, train_y, train_count};
  cnnrt_dataset test = {test_x, test_y, test_count};
  fashion_model *model = fashion_create();
  if (!model)
    return fprintf(stderr, "train: out of memory\n"), 1;
  char err[512];
  cnnrt_fit_result result;
  /* The generated model handle is the runtime's model. */
  if (cnnrt_fit((cnnrt_model *)model, &train, &test, &options, &result, err, sizeof err))
    return fprintf(stderr, "train: %s\n", err), 1;
  /* fit evaluated the test set after the last epoch. */
  printf("test: %lld images, loss %.4f, accuracy %.2f%% after %d epochs; weights in %s\n",
         (long long)test_count, result.last.val_loss, 100.0 * result.last.val_accuracy,
         result.epochs_done, weights);
  fashion_destroy(model);
  return 0;
}
