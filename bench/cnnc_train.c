/* Times a cnnc-compiled training step (compiled with --name net, --loss sparse_categorical_crossentropy
   --optimizer adam; net.h on the include path) on random images and labels at one batch size.
   Usage: [CNNC_THREADS=N] cnnc_train MODEL BATCH (prints CSV rows, see timing.h; the model instance splits
   each step over N threads, net_set_num_threads, default 1) */
#include "net.h"
#include "timing.h"

#include <math.h>
#include <stdint.h>

typedef struct train_call {
  net_model *model;
  const float *input;
  const int32_t *labels;
  int64_t batch;
  float loss;
} train_call;

static int train_step(void *ctx) {
  train_call *c = ctx;
  if (net_train_step(c->model, c->input, c->labels, c->batch, &c->loss)) {
    fprintf(stderr, "cnnc_train: %s\n", net_error(c->model));
    return 1;
  }
  if (!isfinite(c->loss)) {
    fprintf(stderr, "cnnc_train: the loss is not finite\n");
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s MODEL BATCH\n", argv[0]);
    return 2;
  }
  int64_t batch = atoll(argv[2]);
  int threads = bench_env_int("CNNC_THREADS", 1);
  net_model *m = net_create();
  float *input = malloc(sizeof(float) * NET_INPUT_SIZE * batch);
  int32_t *labels = malloc(sizeof(int32_t) * batch);
  if (!m || !input || !labels)
    return 1;
  if (net_set_num_threads(m, threads)) {
    fprintf(stderr, "cnnc_train: %s\n", net_error(m));
    return 1;
  }
  uint64_t seed = 7;
  for (int64_t i = 0; i < NET_INPUT_SIZE * batch; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    input[i] = (float)(seed >> 40) / (float)(1 << 24);
  }
  for (int64_t i = 0; i < batch; ++i)
    labels[i] = (int32_t)(i % NET_CLASSES);
  train_call call = {m, input, labels, batch, 0};
  bench_stats s;
  if (bench_run(train_step, &call, bench_budget_from_env(), &s))
    return 1;
  bench_row("cnnc", argv[1], "net", batch, threads, "train_step_us_median", s.median_us);
  bench_row("cnnc", argv[1], "net", batch, threads, "train_calls", s.calls);
  bench_row("cnnc", argv[1], "net", batch, threads, "train_faults_per_call", s.faults_per_call);
  net_destroy(m);
  free(input);
  free(labels);
  return 0;
}
