/* Reads the net description keras_model.py writes (model.net: one layer a line) and the weights cnnc saved
   (a TF.js shard: float32 in Keras' order, kernel then bias per layer), for the C and C++ peers. */
#ifndef CNNC_BENCH_NET_DESC_H
#define CNNC_BENCH_NET_DESC_H

#include <stdio.h>
#include <string.h>

enum { NET_MAX_LAYERS = 64 };

typedef enum layer_kind { LAYER_CONV, LAYER_MAXPOOL, LAYER_FLATTEN, LAYER_DENSE } layer_kind;
typedef enum activation { ACT_LINEAR, ACT_RELU, ACT_SOFTMAX } activation;

/* One layer with its per-sample input and output shapes (h, w, c; a flat layer has h = w = 1). For a
   conv: kernel kh x kw, strides sh, sw, padding top/left/bottom/right; a pool uses kh, kw, sh, sw. */
typedef struct net_layer {
  layer_kind kind;
  activation act;
  int kh, kw, sh, sw, pt, pl, pb, pr;
  int in_h, in_w, in_c, out_h, out_w, out_c;
  const float *kernel, *bias; /* into the weights, Keras' layout: HWIO or [in, out] */
} net_layer;

typedef struct net_desc {
  int in_h, in_w, in_c, count;
  net_layer layers[NET_MAX_LAYERS];
} net_desc;

static inline int net_parse_activation(const char *name, activation *act) {
  if (!strcmp(name, "linear"))
    *act = ACT_LINEAR;
  else if (!strcmp(name, "relu"))
    *act = ACT_RELU;
  else if (!strcmp(name, "softmax"))
    *act = ACT_SOFTMAX;
  else
    return 1;
  return 0;
}

/* Parses one line into l, given its input shape; returns non-zero if it is not understood. */
static inline int net_parse_layer(const char *line, net_layer *l) {
  char act[32] = "linear";
  int cin, cout;
  if (sscanf(line, "conv %d %d %d %d %d %d %d %d %d %d %31s", &l->kh, &l->kw, &l->sh, &l->sw, &l->pt,
             &l->pl, &l->pb, &l->pr, &cin, &cout, act) == 11) {
    l->kind = LAYER_CONV;
    l->out_h = (l->in_h + l->pt + l->pb - l->kh) / l->sh + 1;
    l->out_w = (l->in_w + l->pl + l->pr - l->kw) / l->sw + 1;
    l->out_c = cout;
    return cin != l->in_c || net_parse_activation(act, &l->act);
  }
  if (sscanf(line, "maxpool %d %d %d %d", &l->kh, &l->kw, &l->sh, &l->sw) == 4) {
    l->kind = LAYER_MAXPOOL;
    l->out_h = (l->in_h - l->kh) / l->sh + 1;
    l->out_w = (l->in_w - l->kw) / l->sw + 1;
    l->out_c = l->in_c;
    return 0;
  }
  if (!strncmp(line, "flatten", 7)) {
    l->kind = LAYER_FLATTEN;
    l->out_h = l->out_w = 1;
    l->out_c = l->in_h * l->in_w * l->in_c;
    return 0;
  }
  if (sscanf(line, "dense %d %d %31s", &cin, &cout, act) == 3) {
    l->kind = LAYER_DENSE;
    l->out_h = l->out_w = 1;
    l->out_c = cout;
    return cin != l->in_h * l->in_w * l->in_c || net_parse_activation(act, &l->act);
  }
  return 1;
}

/* Reads path into d; prints why and returns non-zero on failure. */
static inline int net_read(const char *path, net_desc *d) {
  FILE *f = fopen(path, "r");
  char line[256];
  memset(d, 0, sizeof *d);
  if (!f || !fgets(line, sizeof line, f)) {
    fprintf(stderr, "%s: cannot read\n", path);
    if (f)
      fclose(f);
    return 1;
  }
  d->in_h = d->in_w = 1;
  int n = sscanf(line, "input %d %d %d", &d->in_h, &d->in_w, &d->in_c);
  if (n == 1) /* a flat input: its size was read into in_h */
    d->in_c = d->in_h, d->in_h = 1;
  else if (n != 3) {
    fprintf(stderr, "%s: expected `input H W C` or `input N`\n", path);
    fclose(f);
    return 1;
  }
  int h = d->in_h, w = d->in_w, c = d->in_c;
  while (fgets(line, sizeof line, f)) {
    net_layer *l = &d->layers[d->count];
    if (d->count == NET_MAX_LAYERS) {
      fprintf(stderr, "%s: more than %d layers\n", path, NET_MAX_LAYERS);
      fclose(f);
      return 1;
    }
    l->in_h = h, l->in_w = w, l->in_c = c;
    if (net_parse_layer(line, l)) {
      fprintf(stderr, "%s: cannot read layer %d: %s", path, d->count + 1, line);
      fclose(f);
      return 1;
    }
    h = l->out_h, w = l->out_w, c = l->out_c;
    ++d->count;
  }
  fclose(f);
  return 0;
}

/* Floats of the kernel of a conv or dense layer (0 for the others). */
static inline size_t net_kernel_size(const net_layer *l) {
  if (l->kind == LAYER_CONV)
    return (size_t)l->kh * l->kw * l->in_c * l->out_c;
  if (l->kind == LAYER_DENSE)
    return (size_t)l->in_h * l->in_w * l->in_c * l->out_c;
  return 0;
}

/* Points each conv and dense layer at its kernel and bias in weights (count floats). */
static inline int net_bind_weights(net_desc *d, const float *weights, size_t count) {
  size_t need = 0;
  for (int i = 0; i < d->count; ++i)
    if (net_kernel_size(&d->layers[i]))
      need += net_kernel_size(&d->layers[i]) + d->layers[i].out_c;
  if (need != count) {
    fprintf(stderr, "the weights hold %zu floats, the layers need %zu\n", count, need);
    return 1;
  }
  size_t at = 0;
  for (int i = 0; i < d->count; ++i) {
    net_layer *l = &d->layers[i];
    size_t k = net_kernel_size(l);
    if (!k)
      continue;
    l->kernel = weights + at;
    l->bias = weights + at + k;
    at += k + l->out_c;
  }
  return 0;
}

static inline size_t net_input_size(const net_desc *d) { return (size_t)d->in_h * d->in_w * d->in_c; }

static inline size_t net_output_size(const net_desc *d) {
  const net_layer *l = &d->layers[d->count - 1];
  return (size_t)l->out_h * l->out_w * l->out_c;
}

#endif
