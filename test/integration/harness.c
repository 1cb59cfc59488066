/* Test harness: runs a model compiled with --name net on raw float32 input, writing raw float32 output.
   Usage: harness INPUT.bin OUTPUT.bin. The batch is split into calls of 1 and of the rest, so that
   two batch sizes and two instances are exercised. */
#include "net.h"

#include <stdio.h>
#include <stdlib.h>

static float *read_floats(const char *path, long *count) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  float *data = malloc(bytes > 0 ? (size_t)bytes : 1);
  if (data && fread(data, 1, (size_t)bytes, f) != (size_t)bytes) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *count = bytes / (long)sizeof(float);
  return data;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s INPUT.bin OUTPUT.bin\n", argv[0]);
    return 2;
  }
  long count;
  float *input = read_floats(argv[1], &count);
  if (!input || count % NET_INPUT_SIZE != 0) {
    fprintf(stderr, "cannot read whole samples from %s\n", argv[1]);
    return 1;
  }
  int64_t batch = count / NET_INPUT_SIZE;
  float *output = calloc((size_t)(batch * NET_OUTPUT_SIZE), sizeof(float));
  net_model *first = net_create(), *rest = net_create();
  if (!output || !first || !rest)
    return 1;
  if (net_predict(first, input, 1, output) ||
      (batch > 1 && net_predict(rest, input + NET_INPUT_SIZE, batch - 1,
                                output + NET_OUTPUT_SIZE))) {
    fprintf(stderr, "predict failed: %s%s\n", net_error(first), net_error(rest));
    return 1;
  }
  FILE *out = fopen(argv[2], "wb");
  if (!out || fwrite(output, sizeof(float), (size_t)(batch * NET_OUTPUT_SIZE), out) !=
                  (size_t)(batch * NET_OUTPUT_SIZE))
    return 1;
  fclose(out);
  net_destroy(first);
  net_destroy(rest);
  free(input);
  free(output);
  printf("%lld samples\n", (long long)batch);
  return 0;
}
