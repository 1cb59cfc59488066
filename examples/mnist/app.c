/* Runs the compiled MNIST-style net on Fashion-MNIST test images: predictions, accuracy and speed,
   with the compiled weights or with weights saved by a training run (a predict-only app). */
#include "mnist.h"

#include <cnnrt/idx.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char *const class_names[10] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int argmax(const float *v, int n) {
  int best = 0;
  for (int i = 1; i < n; ++i)
    if (v[i] > v[best])
      best = i;
  return best;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s IMAGES.idx[.gz] LABELS.idx[.gz] [BATCH] [WEIGHTS]\n", argv[0]);
    return 2;
  }
  int64_t batch = argc > 3 ? atoll(argv[3]) : 100;
  char err[256];
  cnnrt_idx images, labels;
  if (cnnrt_idx_read(argv[1], &images, err, sizeof err) ||
      cnnrt_idx_read(argv[2], &labels, err, sizeof err)) {
    fprintf(stderr, "error: %s\n", err);
    return 1;
  }
  int64_t count = images.dims[0];
  if (images.count != count * MNIST_INPUT_SIZE || labels.dims[0] != count) {
    fprintf(stderr, "error: expected N x 28 x 28 images and N labels\n");
    return 1;
  }
  if (batch < 1 || batch > count)
    batch = count;

  float *input = malloc(sizeof(float) * batch * MNIST_INPUT_SIZE);
  float *output = malloc(sizeof(float) * batch * MNIST_OUTPUT_SIZE);
  mnist_model *model = mnist_create();
  if (!input || !output || !model) {
    fprintf(stderr, "error: out of memory\n");
    return 1;
  }
  if (argc > 4) {
    if (mnist_load_weights(model, argv[4])) {
      fprintf(stderr, "error: %s\n", mnist_error(model));
      return 1;
    }
    printf("weights: %s\n", argv[4]);
  }
  int64_t correct = 0, done = 0;
  double compute = 0;
  for (int64_t start = 0; start + batch <= count; start += batch) {
    for (int64_t i = 0; i < batch * MNIST_INPUT_SIZE; ++i)
      input[i] = images.data[start * MNIST_INPUT_SIZE + i] / 255.0f;
    double t0 = seconds();
    if (mnist_predict(model, input, batch, output)) {
      fprintf(stderr, "error: %s\n", mnist_error(model));
      return 1;
    }
    compute += seconds() - t0;
    for (int64_t i = 0; i < batch; ++i) {
      int predicted = argmax(output + i * MNIST_OUTPUT_SIZE, MNIST_OUTPUT_SIZE);
      int label = labels.data[start + i];
      correct += predicted == label;
      if (start + i < 5)
        printf("image %lld: predicted %-11s (p=%.3f), label %s\n",
               (long long)(start + i), class_names[predicted],
               output[i * MNIST_OUTPUT_SIZE + predicted], class_names[label]);
    }
    done += batch;
  }
  printf("%lld images, batch %lld: accuracy %.2f%%\n", (long long)done,
         (long long)batch, 100.0 * correct / done);
  printf("inference: %.3f s in all, %.1f us/image, %.0f images/s\n", compute,
         1e6 * compute / done, done / compute);
  mnist_destroy(model);
  free(input);
  free(output);
  cnnrt_idx_free(&images);
  cnnrt_idx_free(&labels);
  return 0;
}
