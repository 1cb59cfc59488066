/* Creates the model "tiny" on the heap and in caller memory, and predicts once with each; prints what
   create said. With a weights file as argument (an object compiled with --weights=external), through
   create_from_file and create_in_from_file instead. Exits 1 if either create gave NULL. */
#include "tiny.h"

#include <stdio.h>
#include <stdlib.h>

/* Predicts once with `m` (NULL: create failed) and reports as `call`; 1 on failure. */
static int report(tiny_model *m, const char *call) {
  float input[TINY_INPUT_SIZE] = {0}, output[TINY_OUTPUT_SIZE];
  int failed = !m || tiny_predict(m, input, 1, output) != 0;
  if (failed)
    printf("%s: NULL: %s\n", call, tiny_create_error());
  else
    printf("%s: ok\n", call);
  tiny_destroy(m);
  return failed;
}

int main(int argc, char **argv) {
  const char *weights = argc > 1 ? argv[1] : NULL;
  int failed = weights ? report(tiny_create_from_file(weights), "create_from_file")
                       : report(tiny_create(), "create");
  size_t bytes = (size_t)tiny_memory_bytes(1);
  void *memory = malloc(bytes);
  failed |= weights ? report(tiny_create_in_from_file(memory, bytes, weights), "create_in_from_file")
                    : report(tiny_create_in(memory, bytes), "create_in");
  free(memory);
  return failed;
}
