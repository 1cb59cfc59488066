/* Creates the model "tiny" on the heap and in caller memory, and predicts once with each; prints what
   create said. Exits 1 if either create gave NULL. */
#include "tiny.h"

#include <stdio.h>
#include <stdlib.h>

int main(void) {
  float input[TINY_INPUT_SIZE] = {0}, output[TINY_OUTPUT_SIZE];
  int failed = 0;
  tiny_model *m = tiny_create();
  if (m && tiny_predict(m, input, 1, output) == 0)
    printf("create: ok\n");
  else
    printf("create: NULL: %s\n", tiny_create_error()), failed = 1;
  tiny_destroy(m);
  size_t bytes = (size_t)tiny_memory_bytes(1);
  void *memory = malloc(bytes);
  tiny_model *placed = tiny_create_in(memory, bytes);
  if (placed && tiny_predict(placed, input, 1, output) == 0)
    printf("create_in: ok\n");
  else
    printf("create_in: NULL: %s\n", tiny_create_error()), failed = 1;
  tiny_destroy(placed);
  free(memory);
  return failed;
}
