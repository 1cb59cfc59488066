/* How the bench's C and C++ programs time a call: one warm-up call, then calls until a time budget, with the
   median, p99 and page faults per call; results are printed as CSV rows (impl,model,layer,batch,threads,metric,value). */
#ifndef CNNC_BENCH_TIMING_H
#define CNNC_BENCH_TIMING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* How long to measure: at least min_calls timed calls, then stop once budget_s has passed, and never more
   than max_calls. A slow call (today's scalar code at batch 256) is thus timed twice, a fast one hundreds
   of times. */
/* The batch of the input every implementation runs once to compare its outputs with cnnc's. */
#define BENCH_CHECK_BATCH 2

typedef struct bench_budget {
  int min_calls, max_calls;
  double budget_s;
} bench_budget;

typedef struct bench_stats {
  double median_us, p99_us, faults_per_call;
  int calls;
} bench_stats;

/* An integer from the environment, or `otherwise`. */
static inline int bench_env_int(const char *name, int otherwise) {
  const char *v = getenv(name);
  return v && *v ? atoi(v) : otherwise;
}

/* Reads a budget from the environment the driver sets (BENCH_MIN_CALLS, BENCH_MAX_CALLS, BENCH_BUDGET_S). */
static inline bench_budget bench_budget_from_env(void) {
  bench_budget b = {bench_env_int("BENCH_MIN_CALLS", 2), bench_env_int("BENCH_MAX_CALLS", 2000), 1.0};
  const char *v = getenv("BENCH_BUDGET_S");
  if (v && *v)
    b.budget_s = atof(v);
  if (b.min_calls < 1)
    b.min_calls = 1;
  if (b.max_calls < b.min_calls)
    b.max_calls = b.min_calls;
  return b;
}

static inline double bench_now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline long bench_minor_faults(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

/* Peak resident set of this process so far, in KiB (Linux' ru_maxrss unit). */
static inline long bench_peak_rss_kb(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

static inline int bench_compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values. */
static inline double bench_percentile(const double *sorted, int n, double p) {
  int rank = (int)(p / 100.0 * n + 0.999999);
  if (rank < 1)
    rank = 1;
  if (rank > n)
    rank = n;
  return sorted[rank - 1];
}

/* Times fn(ctx) (non-zero return: failure, reported by the caller's fn, and the run stops). */
static inline int bench_run(int (*fn)(void *), void *ctx, bench_budget b, bench_stats *out) {
  if (fn(ctx))
    return 1;
  double *times = (double *)malloc(sizeof(double) * (size_t)b.max_calls);
  if (!times)
    return 1;
  long faults = bench_minor_faults();
  double start = bench_now_s();
  int n = 0;
  while (n < b.max_calls && (n < b.min_calls || bench_now_s() - start < b.budget_s)) {
    double t0 = bench_now_s();
    if (fn(ctx)) {
      free(times);
      return 1;
    }
    times[n++] = (bench_now_s() - t0) * 1e6;
  }
  out->faults_per_call = (double)(bench_minor_faults() - faults) / n;
  qsort(times, (size_t)n, sizeof(double), bench_compare_doubles);
  out->median_us = n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
  out->p99_us = bench_percentile(times, n, 99.0);
  out->calls = n;
  free(times);
  return 0;
}

/* One CSV row of results. */
static inline void bench_row(const char *impl, const char *model, const char *layer, long batch,
                             int threads, const char *metric, double value) {
  printf("%s,%s,%s,%ld,%d,%s,%.10g\n", impl, model, layer, batch, threads, metric, value);
}

/* The rows every timed batch gives. */
static inline void bench_rows(const char *impl, const char *model, const char *layer, long batch,
                              int threads, const bench_stats *s) {
  bench_row(impl, model, layer, batch, threads, "call_us_median", s->median_us);
  bench_row(impl, model, layer, batch, threads, "call_us_p99", s->p99_us);
  bench_row(impl, model, layer, batch, threads, "calls", s->calls);
  bench_row(impl, model, layer, batch, threads, "faults_per_call", s->faults_per_call);
}

/* Reads a whole binary file of float32 into a malloc'ed buffer; *count gets the number of floats. */
static inline float *bench_read_floats(const char *path, size_t *count) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  float *data = (float *)malloc(bytes > 0 ? (size_t)bytes : 1);
  if (data && fread(data, 1, (size_t)bytes, f) != (size_t)bytes) {
    free(data);
    data = NULL;
  }
  fclose(f);
  *count = (size_t)bytes / sizeof(float);
  return data;
}

/* Compares outputs with cnnc's on the same weights and input: prints the largest difference and
   whether every value is within 1e-4 * (1 + |cnnc's|). Returns 0 when they agree. */
static inline int bench_check(const char *impl, const char *model, const char *layer, int threads,
                              const float *got, const char *expected_path, size_t count) {
  size_t n = 0;
  float *want = bench_read_floats(expected_path, &n);
  if (!want || n != count) {
    fprintf(stderr, "%s %s/%s: cannot read %zu floats from %s\n", impl, model, layer, count,
            expected_path);
    free(want);
    return 1;
  }
  double worst = 0;
  int ok = 1;
  for (size_t i = 0; i < n; ++i) {
    double d = got[i] - want[i];
    d = d < 0 ? -d : d;
    if (!(d <= 1e-4 * (1 + (want[i] < 0 ? -want[i] : want[i]))))
      ok = 0; /* also when got[i] is NaN */
    if (d > worst || d != d)
      worst = d;
  }
  free(want);
  bench_row(impl, model, layer, BENCH_CHECK_BATCH, threads, "check_max_abs_diff", worst);
  bench_row(impl, model, layer, BENCH_CHECK_BATCH, threads, "check_ok", ok);
  if (!ok)
    fprintf(stderr, "%s %s/%s: outputs differ from cnnc's by up to %g\n", impl, model, layer, worst);
  return !ok;
}

#endif
