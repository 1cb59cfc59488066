/* The net (or one layer) on XNNPACK's operator API with cnnc's weights, on THREADS threads (1: no
   threadpool; more: a pthreadpool of that many, the calling thread among them): checks its outputs against
   cnnc's, then times a forward pass at each batch size. Intermediate activations go to two ping-pong
   buffers (what a memory planner gives; their bytes are the workspace).
   Usage: xnnpack_net MODEL PART DIR THREADS BATCH...  (DIR: model.net, weights.bin, check_in.bin,
   check_out.bin from cnnc_bench; prints CSV rows, see timing.h) */
#include "net_desc.h"
#include "timing.h"

#include <math.h>
#include <pthreadpool.h>
#include <xnnpack.h>

typedef struct xnn_net {
  net_desc desc;
  xnn_operator_t op[NET_MAX_LAYERS], softmax[NET_MAX_LAYERS];
  float *ping[2];
  size_t ping_floats; /* allocated */
  size_t batch_floats; /* used by the batch set up last */
  pthreadpool_t pool;  /* the threads the operators are set up for and run on; NULL: the calling thread */
} xnn_net;

/* Keras' HWIO kernel as XNNPACK's OHWI. */
static float *ohwi_from_hwio(const net_layer *l) {
  size_t taps = (size_t)l->kh * l->kw;
  float *out = malloc(sizeof(float) * taps * l->in_c * l->out_c);
  if (out)
    for (size_t t = 0; t < taps; ++t)
      for (int i = 0; i < l->in_c; ++i)
        for (int o = 0; o < l->out_c; ++o)
          out[((size_t)o * taps + t) * l->in_c + i] = l->kernel[(t * l->in_c + i) * l->out_c + o];
  return out;
}

static enum xnn_status create_layer(const net_layer *l, xnn_operator_t *op, xnn_operator_t *softmax) {
  float lo = l->act == ACT_RELU ? 0.0f : -INFINITY;
  enum xnn_status s = xnn_status_success;
  if (l->kind == LAYER_CONV) {
    float *kernel = ohwi_from_hwio(l);
    if (!kernel)
      return xnn_status_out_of_memory;
    s = xnn_create_convolution2d_nhwc_f32(l->pt, l->pr, l->pb, l->pl, l->kh, l->kw, l->sh, l->sw, 1, 1,
                                          1, l->in_c, l->out_c, l->in_c, l->out_c, kernel, l->bias, lo,
                                          INFINITY, 0, op);
    free(kernel);
  } else if (l->kind == LAYER_MAXPOOL) {
    s = xnn_create_max_pooling2d_nhwc_f32(0, 0, 0, 0, l->kh, l->kw, l->sh, l->sw, 1, 1, l->in_c,
                                          l->in_c, l->in_c, -INFINITY, INFINITY, 0, op);
  } else if (l->kind == LAYER_DENSE) {
    size_t in = (size_t)l->in_h * l->in_w * l->in_c;
    s = xnn_create_fully_connected_nc_f32(in, l->out_c, in, l->out_c, l->kernel, l->bias, lo, INFINITY,
                                          XNN_FLAG_TRANSPOSE_WEIGHTS, op);
  }
  if (s == xnn_status_success && l->act == ACT_SOFTMAX)
    s = xnn_create_softmax_nc_f32(l->out_c, l->out_c, l->out_c, 0, softmax);
  return s;
}

static int create_net(xnn_net *n) {
  for (int i = 0; i < n->desc.count; ++i)
    if (create_layer(&n->desc.layers[i], &n->op[i], &n->softmax[i]) != xnn_status_success) {
      fprintf(stderr, "xnnpack_net: cannot create the operator of layer %d\n", i + 1);
      return 1;
    }
  return 0;
}

/* The pool is given at setup too: XNNPACK splits an operator's work into tiles for that many threads. */
static enum xnn_status setup_layer(const net_layer *l, xnn_operator_t op, size_t batch, const float *x,
                                   float *y, pthreadpool_t pool) {
  if (l->kind == LAYER_CONV)
    return xnn_setup_convolution2d_nhwc_f32(op, batch, l->in_h, l->in_w, x, y, pool);
  if (l->kind == LAYER_MAXPOOL)
    return xnn_setup_max_pooling2d_nhwc_f32(op, batch, l->in_h, l->in_w, x, y, pool);
  return xnn_setup_fully_connected_nc_f32(op, batch, x, y, pool);
}

/* Points the operators at input, the ping-pong buffers and output for a batch. */
static int setup_net(xnn_net *n, size_t batch, const float *input, float *output) {
  size_t most = 0; /* the largest intermediate: a layer's output but the last's (unless a softmax follows) */
  for (int i = 0; i < n->desc.count; ++i) {
    const net_layer *l = &n->desc.layers[i];
    size_t floats = (size_t)l->out_h * l->out_w * l->out_c * batch;
    if ((i < n->desc.count - 1 || n->softmax[i]) && floats > most)
      most = floats;
  }
  if (most > n->ping_floats) {
    for (int b = 0; b < 2; ++b) {
      free(n->ping[b]);
      if (!(n->ping[b] = malloc(sizeof(float) * most)))
        return 1;
    }
    n->ping_floats = most;
  }
  n->batch_floats = most;
  const float *x = input;
  int turn = 0;
  for (int i = 0; i < n->desc.count; ++i) {
    const net_layer *l = &n->desc.layers[i];
    int last = i == n->desc.count - 1;
    if (l->kind == LAYER_FLATTEN) /* NHWC is already row-major over (h, w, c), Keras' order */
      continue;
    float *y = last && !n->softmax[i] ? output : n->ping[turn ^= 1];
    if (setup_layer(l, n->op[i], batch, x, y, n->pool) != xnn_status_success)
      return 1;
    if (n->softmax[i]) {
      float *z = last ? output : n->ping[turn ^= 1];
      if (xnn_setup_softmax_nc_f32(n->softmax[i], batch, y, z, n->pool) != xnn_status_success)
        return 1;
      y = z;
    }
    x = y;
  }
  return 0;
}

static int run_net(void *ctx) {
  xnn_net *n = ctx;
  for (int i = 0; i < n->desc.count; ++i) {
    if (n->op[i] && xnn_run_operator(n->op[i], n->pool) != xnn_status_success)
      return 1;
    if (n->softmax[i] && xnn_run_operator(n->softmax[i], n->pool) != xnn_status_success)
      return 1;
  }
  return 0;
}

/* Reads DIR/name. */
static float *read_in(const char *dir, const char *name, size_t *count) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  float *data = bench_read_floats(path, count);
  if (!data)
    fprintf(stderr, "xnnpack_net: cannot read %s\n", path);
  return data;
}

int main(int argc, char **argv) {
  if (argc < 6 || atoi(argv[4]) < 1) {
    fprintf(stderr, "usage: %s MODEL PART DIR THREADS BATCH...\n", argv[0]);
    return 2;
  }
  const char *model = argv[1], *part = argv[2], *dir = argv[3];
  int threads = atoi(argv[4]);
  static xnn_net n;
  if (threads > 1 && !(n.pool = pthreadpool_create((size_t)threads))) {
    fprintf(stderr, "xnnpack_net: cannot create a pool of %d threads\n", threads);
    return 1;
  }
  char path[4096];
  size_t nweights, ncheck;
  snprintf(path, sizeof path, "%s/model.net", dir);
  float *weights = read_in(dir, "weights.bin", &nweights);
  float *check_in = read_in(dir, "check_in.bin", &ncheck);
  if (!weights || !check_in || net_read(path, &n.desc) ||
      net_bind_weights(&n.desc, weights, nweights) || xnn_initialize(NULL) != xnn_status_success)
    return 1;
  double t0 = bench_now_s();
  if (create_net(&n))
    return 1;
  bench_row("xnnpack", model, part, 0, threads, "setup_s", bench_now_s() - t0);

  size_t in_size = net_input_size(&n.desc), out_size = net_output_size(&n.desc);
  float *check_out = malloc(sizeof(float) * out_size * BENCH_CHECK_BATCH);
  snprintf(path, sizeof path, "%s/check_out.bin", dir);
  if (ncheck != in_size * BENCH_CHECK_BATCH || !check_out ||
      setup_net(&n, BENCH_CHECK_BATCH, check_in, check_out) || run_net(&n) ||
      bench_check("xnnpack", model, part, threads, check_out, path, out_size * BENCH_CHECK_BATCH))
    return 1;

  bench_budget budget = bench_budget_from_env();
  for (int a = 5; a < argc; ++a) {
    size_t batch = (size_t)atoll(argv[a]);
    float *input = malloc(sizeof(float) * in_size * batch);
    float *output = malloc(sizeof(float) * out_size * batch);
    bench_stats s;
    if (!input || !output)
      return 1;
    for (size_t i = 0; i < in_size * batch; ++i)
      input[i] = (float)(i % 251) / 251.0f;
    if (setup_net(&n, batch, input, output) || bench_run(run_net, &n, budget, &s)) {
      fprintf(stderr, "xnnpack_net: batch %zu failed\n", batch);
      return 1;
    }
    bench_rows("xnnpack", model, part, (long)batch, threads, &s);
    bench_row("xnnpack", model, part, (long)batch, threads, "workspace_bytes",
              2.0 * sizeof(float) * (double)n.batch_floats);
    free(input);
    free(output);
  }
  bench_row("xnnpack", model, part, 0, threads, "peak_rss_kb", (double)bench_peak_rss_kb());
  if (n.pool)
    pthreadpool_destroy(n.pool);
  return 0;
}
