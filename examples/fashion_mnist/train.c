/* The main job: trains the course notes' MNIST net on Fashion-MNIST from C, through the object cnnc compiled
   (with a loss and an optimizer), and evaluates it on the test set. No Python anywhere. */
#include "cnnrt/idx.h"
#include "fashion.h" /* written by: cnnc model.json -o fashion.o --loss ... --optimizer ... */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct dataset {
  float *images; /* count x FASHION_INPUT_SIZE, in [0, 1] */
  int32_t *labels;
  int64_t count;
} dataset;

static int load(const char *images_path, const char *labels_path, dataset *out) {
  char err[256];
  cnnrt_idx images, labels;
  if (cnnrt_idx_read(images_path, &images, err, sizeof err) ||
      cnnrt_idx_read(labels_path, &labels, err, sizeof err)) {
    fprintf(stderr, "train: %s\n", err);
    return 1;
  }
  if (images.count != labels.dims[0] * FASHION_INPUT_SIZE) {
    fprintf(stderr, "train: %s does not hold one %d-pixel image per label of %s\n",
            images_path, FASHION_INPUT_SIZE, labels_path);
    return 1;
  }
  out->count = labels.dims[0];
  out->images = malloc((size_t)images.count * sizeof(float));
  out->labels = malloc((size_t)out->count * sizeof(int32_t));
  if (!out->images || !out->labels)
    return fprintf(stderr, "train: out of memory\n"), 1;
  for (int64_t i = 0; i < images.count; ++i)
    out->images[i] = images.data[i] / 255.0f;
  for (int64_t i = 0; i < out->count; ++i)
    out->labels[i] = labels.data[i];
  cnnrt_idx_free(&images);
  cnnrt_idx_free(&labels);
  return 0;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

/* xorshift64*: the shuffle is the same for the same seed on every machine. */
static uint64_t next_random(uint64_t *state) {
  *state ^= *state >> 12, *state ^= *state << 25, *state ^= *state >> 27;
  return *state * 2685821657736338717ull;
}

/* Mean loss and accuracy over `data`, in batches of 500 (the last may be smaller). */
static int evaluate(fashion_model *m, const dataset *data, int64_t count, float *loss,
                    float *accuracy) {
  double loss_sum = 0, right = 0;
  for (int64_t start = 0; start < count; start += 500) {
    int64_t n = count - start < 500 ? count - start : 500;
    float l, a;
    if (fashion_evaluate(m, data->images + start * FASHION_INPUT_SIZE,
                         data->labels + start, n, &l, &a))
      return 1;
    loss_sum += (double)l * n, right += (double)a * n;
  }
  *loss = (float)(loss_sum / count), *accuracy = (float)(right / count);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS "
            "[EPOCHS=5] [BATCH=32] [HISTORY.csv] [LIMIT]\n", argv[0]);
    return 2;
  }
  int epochs = argc > 5 ? atoi(argv[5]) : 5;
  int64_t batch = argc > 6 ? atoll(argv[6]) : 32;
  const char *history_path = argc > 7 ? argv[7] : NULL;
  dataset train, test;
  if (load(argv[1], argv[2], &train) || load(argv[3], argv[4], &test))
    return 1;
  if (argc > 8 && atoll(argv[8]) < train.count) /* a quick run on fewer images */
    train.count = atoll(argv[8]);
  fashion_model *m = fashion_create();
  float *images = malloc((size_t)batch * FASHION_INPUT_SIZE * sizeof(float));
  int32_t *labels = malloc((size_t)batch * sizeof(int32_t));
  int64_t *order = malloc((size_t)train.count * sizeof(int64_t));
  FILE *history = history_path ? fopen(history_path, "w") : NULL;
  if (!m || !images || !labels || !order || (history_path && !history))
    return fprintf(stderr, "train: out of memory or cannot write the history\n"), 1;
  if (history)
    fprintf(history, "epoch,loss,accuracy,val_loss,val_accuracy,seconds,images_per_second\n");
  for (int64_t i = 0; i < train.count; ++i)
    order[i] = i;
  uint64_t seed = 0x9E3779B97F4A7C15ull;
  printf("%5s %8s %9s %8s %9s %8s %9s\n", "epoch", "loss", "accuracy", "val_loss",
         "val_acc", "seconds", "images/s");
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    for (int64_t i = train.count - 1; i > 0; --i) {
      int64_t j = (int64_t)(next_random(&seed) % (uint64_t)(i + 1));
      int64_t t = order[i];
      order[i] = order[j], order[j] = t;
    }
    double started = now(), loss_sum = 0;
    for (int64_t start = 0; start < train.count; start += batch) {
      int64_t n = train.count - start < batch ? train.count - start : batch;
      for (int64_t k = 0; k < n; ++k) {
        memcpy(images + k * FASHION_INPUT_SIZE,
               train.images + order[start + k] * FASHION_INPUT_SIZE,
               FASHION_INPUT_SIZE * sizeof(float));
        labels[k] = train.labels[order[start + k]];
      }
      float loss;
      if (fashion_train_step(m, images, labels, n, &loss))
        return fprintf(stderr, "train: %s\n", fashion_error(m)), 1;
      if (loss != loss || loss > 1e30f)
        return fprintf(stderr, "train: the loss is %g at epoch %d, batch %lld; "
                       "stopping\n", loss, epoch, (long long)(start / batch + 1)), 1;
      loss_sum += (double)loss * n;
    }
    double seconds = now() - started;
    float accuracy, val_loss, val_accuracy, ignored;
    /* Training accuracy after the epoch, on its first 10,000 images. */
    if (evaluate(m, &train, train.count < 10000 ? train.count : 10000, &ignored, &accuracy) ||
        evaluate(m, &test, test.count, &val_loss, &val_accuracy))
      return fprintf(stderr, "train: %s\n", fashion_error(m)), 1;
    double loss = loss_sum / train.count, rate = train.count / seconds;
    printf("%5d %8.4f %9.4f %8.4f %9.4f %8.1f %9.0f\n", epoch, loss, accuracy,
           val_loss, val_accuracy, seconds, rate);
    fflush(stdout);
    if (history)
      fprintf(history, "%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.1f\n", epoch, loss, accuracy,
              val_loss, val_accuracy, seconds, rate);
  }
  float test_loss, test_accuracy;
  if (evaluate(m, &test, test.count, &test_loss, &test_accuracy))
    return fprintf(stderr, "train: %s\n", fashion_error(m)), 1;
  printf("test: %lld images, loss %.4f, accuracy %.2f%%\n", (long long)test.count,
         test_loss, 100.0 * test_accuracy);
  if (history)
    fclose(history);
  fashion_destroy(m);
  return 0;
}
