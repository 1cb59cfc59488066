/* The CMake consumer example: predicts one sample (three numbers from the command line) with the model
   that cnnc_add_model compiled, and prints its two outputs. */
#include <stdio.h>
#include <stdlib.h>
#include "tiny.h" /* written by cnnc_add_model(... NAME tiny) */

int main(int argc, char **argv) {
  if (argc != 1 + TINY_INPUT_SIZE) {
    fprintf(stderr, "usage: %s X0 X1 X2\n", argv[0]);
    return 2;
  }
  float input[TINY_INPUT_SIZE], output[TINY_OUTPUT_SIZE];
  for (int i = 0; i < TINY_INPUT_SIZE; ++i)
    input[i] = strtof(argv[1 + i], NULL);
  tiny_model *model = tiny_create();
  if (!model || tiny_predict(model, input, 1, output) != 0) {
    fprintf(stderr, "predict failed: %s\n", model ? tiny_error(model) : "no memory");
    return 1;
  }
  printf("output:");
  for (int k = 0; k < TINY_OUTPUT_SIZE; ++k)
    printf(" %.6f", output[k]);
  printf("\n");
  tiny_destroy(model);
  return 0;
}
