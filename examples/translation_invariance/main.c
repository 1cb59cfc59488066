/* Translation invariance, measured: how much the features of three nets change when the image moves.
   The nets share their (seeded) convolution weights: no pooling, 2x2 max pooling twice, and global max
   pooling. Usage: translation_invariance IMAGES.idx[.gz] COUNT OUT.png */
#include "global_pool.h"
#include "max_pool.h"
#include "no_pool.h"

#include <cnnrt/idx.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SIDE = 28, MAX_SHIFT = 4, NETS = 3 };

/* One net behind a common signature (the generated functions take their own handle types). */
typedef struct net {
  const char *label;
  int64_t features;
  int (*predict)(void *model, const float *in, int64_t batch, float *out);
  void *model;
} net;

static int no_pool_run(void *m, const float *in, int64_t n, float *out) { return no_pool_predict(m, in, n, out); }
static int max_pool_run(void *m, const float *in, int64_t n, float *out) { return max_pool_predict(m, in, n, out); }
static int global_pool_run(void *m, const float *in, int64_t n, float *out) { return global_pool_predict(m, in, n, out); }

/* Moves every image `shift` pixels to the right, filling with zeros. */
static void shift_right(const float *in, float *out, int64_t count, int shift) {
  for (int64_t i = 0; i < count; ++i)
    for (int y = 0; y < SIDE; ++y)
      for (int x = 0; x < SIDE; ++x)
        out[(i * SIDE + y) * SIDE + x] = x >= shift ? in[(i * SIDE + y) * SIDE + x - shift] : 0.0f;
}

/* The mean over images of |f(shifted) - f(original)| / |f(original)|. */
static double relative_change(const float *base, const float *moved, int64_t count, int64_t size) {
  double total = 0;
  int64_t used = 0;
  for (int64_t i = 0; i < count; ++i) {
    double diff = 0, norm = 0;
    for (int64_t k = 0; k < size; ++k) {
      double b = base[i * size + k], d = moved[i * size + k] - b;
      diff += d * d;
      norm += b * b;
    }
    if (norm > 0) {
      total += sqrt(diff / norm);
      ++used;
    }
  }
  return used ? total / used : 0;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s IMAGES.idx[.gz] COUNT OUT.tsv\n", argv[0]);
    return 2;
  }
  char err[256];
  cnnrt_idx images;
  if (cnnrt_idx_read(argv[1], &images, err, sizeof err)) {
    fprintf(stderr, "error: %s\n", err);
    return 1;
  }
  int64_t count = atoll(argv[2]);
  if (count < 1 || count > images.dims[0] || images.count != images.dims[0] * SIDE * SIDE) {
    fprintf(stderr, "error: expected 1 to %lld images of 28x28\n", (long long)images.dims[0]);
    return 1;
  }
  net nets[NETS] = {
      {"NO POOLING", NO_POOL_OUTPUT_SIZE, no_pool_run, no_pool_create()},
      {"MAX POOL 2X2 TWICE", MAX_POOL_OUTPUT_SIZE, max_pool_run, max_pool_create()},
      {"GLOBAL MAX POOL", GLOBAL_POOL_OUTPUT_SIZE, global_pool_run, global_pool_create()}};
  float *original = malloc(sizeof(float) * count * SIDE * SIDE);
  float *shifted = malloc(sizeof(float) * count * SIDE * SIDE);
  float *base = malloc(sizeof(float) * count * NO_POOL_OUTPUT_SIZE);
  float *moved = malloc(sizeof(float) * count * NO_POOL_OUTPUT_SIZE);
  if (!original || !shifted || !base || !moved || !nets[0].model || !nets[1].model || !nets[2].model) {
    fprintf(stderr, "error: out of memory\n");
    return 1;
  }
  for (int64_t i = 0; i < count * SIDE * SIDE; ++i)
    original[i] = images.data[i] / 255.0f;

  double change[NETS][MAX_SHIFT + 1];
  printf("mean relative change of the features over %lld Fashion-MNIST images\n", (long long)count);
  printf("shift (px)  %-20s %-20s %-20s\n", nets[0].label, nets[1].label, nets[2].label);
  for (int s = 0; s <= MAX_SHIFT; ++s) {
    shift_right(original, shifted, count, s);
    printf("%10d", s);
    for (int n = 0; n < NETS; ++n) {
      if (nets[n].predict(nets[n].model, original, count, base) ||
          nets[n].predict(nets[n].model, shifted, count, moved)) {
        fprintf(stderr, "error: predict failed\n");
        return 1;
      }
      change[n][s] = relative_change(base, moved, count, nets[n].features);
      printf("  %-20.4f", change[n][s]);
    }
    printf("\n");
  }
  /* The table for gnuplot (run.sh draws the chart from it): a shift per row, a net per column. */
  FILE *table = fopen(argv[3], "w");
  if (!table) {
    fprintf(stderr, "error: cannot write %s\n", argv[3]);
    return 1;
  }
  fprintf(table, "shift\t\"%s\"\t\"%s\"\t\"%s\"\n", nets[0].label, nets[1].label,
          nets[2].label);
  for (int s = 0; s <= MAX_SHIFT; ++s)
    fprintf(table, "%d\t%.6f\t%.6f\t%.6f\n", s, change[0][s], change[1][s], change[2][s]);
  fclose(table);
  printf("table: %s\n", argv[3]);
  no_pool_destroy(nets[0].model);
  max_pool_destroy(nets[1].model);
  global_pool_destroy(nets[2].model);
  free(original); free(shifted); free(base); free(moved);
  cnnrt_idx_free(&images);
  return 0;
}
