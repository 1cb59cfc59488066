/* Times a cnnc-compiled model's predict (compiled with --name net; net.h on the include path) at each batch
   size: per-call median and p99, page faults per call, the bytes its buffers hold (workspace) and peak RSS.
   Saves the weights, a check input and cnnc's outputs for it, which the peers compare with.
   Usage: [CNNC_THREADS=N] cnnc_bench MODEL PART CHECKDIR BATCH... (prints CSV rows, see timing.h; the model
   instance runs its calls on N threads, net_set_num_threads, default 1)
   Linked with -Wl,--wrap=cnnrt_compiled_alloc,--wrap=cnnrt_compiled_free to see the generated code's
   buffers. */
#include "net.h"
#include "timing.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>

/* ---- The generated code's buffers, seen through the linker's --wrap during one untimed call, under a lock:
   with several threads, each runs the generated code on its chunk of the batch, and the figures are those
   of all threads together (the most bytes live at once, and every allocation). ---- */
void *__real_cnnrt_compiled_alloc(uint64_t bytes);
void __real_cnnrt_compiled_free(void *block);

enum { MAX_LIVE = 4096 };
static pthread_mutex_t tracker_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
  int on, overflowed;
  void *pointer[MAX_LIVE];
  uint64_t size[MAX_LIVE];
  int live;
  uint64_t bytes, peak, allocations;
} tracker;

void *__wrap_cnnrt_compiled_alloc(uint64_t bytes) {
  void *p = __real_cnnrt_compiled_alloc(bytes);
  if (tracker.on) {
    pthread_mutex_lock(&tracker_lock);
    ++tracker.allocations;
    if (tracker.live == MAX_LIVE) {
      tracker.overflowed = 1;
    } else {
      tracker.pointer[tracker.live] = p;
      tracker.size[tracker.live++] = bytes;
      tracker.bytes += bytes;
      if (tracker.bytes > tracker.peak)
        tracker.peak = tracker.bytes;
    }
    pthread_mutex_unlock(&tracker_lock);
  }
  return p;
}

void __wrap_cnnrt_compiled_free(void *block) {
  if (tracker.on) {
    pthread_mutex_lock(&tracker_lock);
    for (int i = tracker.live - 1; i >= 0; --i)
      if (tracker.pointer[i] == block) {
        tracker.bytes -= tracker.size[i];
        tracker.pointer[i] = tracker.pointer[--tracker.live];
        tracker.size[i] = tracker.size[tracker.live];
        break;
      }
    pthread_mutex_unlock(&tracker_lock);
  }
  __real_cnnrt_compiled_free(block);
}

/* ---- Predict calls ---- */
typedef struct predict_call {
  net_model *model;
  const float *input;
  float *output;
  int64_t batch;
} predict_call;

static int predict(void *ctx) {
  predict_call *c = ctx;
  if (net_predict(c->model, c->input, c->batch, c->output)) {
    fprintf(stderr, "cnnc_bench: %s\n", net_error(c->model));
    return 1;
  }
  return 0;
}

/* Uniform in [0, 1), the same stream in every run. */
static void fill_input(float *x, size_t n, uint64_t seed) {
  for (size_t i = 0; i < n; ++i) {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    x[i] = (float)(seed >> 40) / (float)(1 << 24);
  }
}

static int write_floats(const char *dir, const char *name, const float *x, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  int ok = f && fwrite(x, sizeof *x, n, f) == n;
  if (f && fclose(f))
    ok = 0;
  if (!ok)
    fprintf(stderr, "cnnc_bench: cannot write %s\n", path);
  return !ok;
}

/* Runs the check input, saves it with the outputs and the weights for the peers, and checks that the
   outputs are finite (report.py checks that a softmax's rows sum to 1). */
static int save_check(net_model *m, const char *dir) {
  enum { B = BENCH_CHECK_BATCH };
  static float input[B * NET_INPUT_SIZE], output[B * NET_OUTPUT_SIZE];
  fill_input(input, B * NET_INPUT_SIZE, 12345);
  predict_call call = {m, input, output, B};
  char path[4096];
  snprintf(path, sizeof path, "%s/weights.bin", dir);
  if (predict(&call) || write_floats(dir, "check_in.bin", input, B * NET_INPUT_SIZE) ||
      write_floats(dir, "check_out.bin", output, B * NET_OUTPUT_SIZE))
    return 1;
  if (net_save_weights(m, path)) {
    fprintf(stderr, "cnnc_bench: %s\n", net_error(m));
    return 1;
  }
  for (int i = 0; i < B * NET_OUTPUT_SIZE; ++i)
    if (!isfinite(output[i])) {
      fprintf(stderr, "cnnc_bench: output %d is not finite\n", i);
      return 1;
    }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s MODEL PART CHECKDIR BATCH...\n", argv[0]);
    return 2;
  }
  const char *model = argv[1], *part = argv[2];
  int threads = bench_env_int("CNNC_THREADS", 1);
  net_model *m = net_create();
  if (!m)
    return 1;
  if (net_set_num_threads(m, threads)) {
    fprintf(stderr, "cnnc_bench: %s\n", net_error(m));
    return 1;
  }
  if (save_check(m, argv[3]))
    return 1;
  bench_budget budget = bench_budget_from_env();
  for (int a = 4; a < argc; ++a) {
    int64_t batch = atoll(argv[a]);
    float *input = malloc(sizeof(float) * NET_INPUT_SIZE * batch);
    float *output = malloc(sizeof(float) * NET_OUTPUT_SIZE * batch);
    if (!input || !output)
      return 1;
    fill_input(input, (size_t)NET_INPUT_SIZE * batch, 1 + batch);
    predict_call call = {m, input, output, batch};
    memset(&tracker, 0, sizeof tracker);
    tracker.on = 1;
    int failed = predict(&call);
    tracker.on = 0;
    bench_stats s;
    if (failed || bench_run(predict, &call, budget, &s))
      return 1;
    bench_rows("cnnc", model, part, batch, threads, &s);
    if (!tracker.overflowed) {
      bench_row("cnnc", model, part, batch, threads, "workspace_bytes", (double)tracker.peak);
      bench_row("cnnc", model, part, batch, threads, "allocs_per_call", (double)tracker.allocations);
    }
    free(input);
    free(output);
  }
  bench_row("cnnc", model, part, 0, threads, "peak_rss_kb", (double)bench_peak_rss_kb());
  net_destroy(m);
  return 0;
}
