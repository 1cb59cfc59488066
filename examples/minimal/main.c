/* The README's example: classify one 28x28 image with a model compiled by cnnc. */
#include <stdio.h>
#include "mnist.h" /* written by: cnnc model.json -o mnist.o */

int main(void) {
  static float image[MNIST_INPUT_SIZE]; /* 28 x 28 x 1, NHWC, values in [0, 1] */
  float scores[MNIST_OUTPUT_SIZE];
  for (int i = 0; i < MNIST_INPUT_SIZE; ++i)
    image[i] = (i % 28 > 10 && i % 28 < 18) ? 1.0f : 0.0f; /* a vertical bar */
  mnist_model *model = mnist_create();
  if (!model || mnist_predict(model, image, 1, scores) != 0) {
    fprintf(stderr, "predict failed: %s\n", model ? mnist_error(model) : "no memory");
    return 1;
  }
  int best = 0;
  for (int k = 1; k < MNIST_OUTPUT_SIZE; ++k)
    if (scores[k] > scores[best]) best = k;
  printf("class %d (p = %.3f)\n", best, scores[best]);
  mnist_destroy(model);
  return 0;
}
