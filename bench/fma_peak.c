/* The machine's FP32 FMA peak, measured: independent FMA chains (AVX-512 when the CPU has it, else AVX2+FMA)
   on one core, then on every online core at once, each for SECONDS (default 0.5) of ~1 ms bursts.
   Prints CSV rows (see timing.h). Usage: fma_peak [SECONDS] */
#include "timing.h"

#include <immintrin.h>
#include <pthread.h>
#include <unistd.h>

/* 24 accumulators: enough chains to cover FMA latency (4) times pipes (2) with room to spare, few enough
   to stay in registers (32 zmm / 16 ymm: AVX2 gets 12); the inner loops are unrolled so that the
   accumulators live in registers rather than in an array on the stack. Returns a value that depends on every chain, so
   that no chain is dead. */
__attribute__((target("avx512f"))) static float chains_avx512(long iterations) {
  __m512 acc[24];
  const __m512 a = _mm512_set1_ps(0.9999999f), b = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 24; ++i)
    acc[i] = _mm512_set1_ps((float)i);
  for (long n = 0; n < iterations; ++n)
#pragma GCC unroll 24
    for (int i = 0; i < 24; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  for (int i = 1; i < 24; ++i)
    acc[0] = _mm512_add_ps(acc[0], acc[i]);
  return _mm512_reduce_add_ps(acc[0]);
}

__attribute__((target("avx2,fma"))) static float chains_avx2(long iterations) {
  __m256 acc[12];
  const __m256 a = _mm256_set1_ps(0.9999999f), b = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 12; ++i)
    acc[i] = _mm256_set1_ps((float)i);
  for (long n = 0; n < iterations; ++n)
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  for (int i = 1; i < 12; ++i)
    acc[0] = _mm256_add_ps(acc[0], acc[i]);
  float v[8];
  _mm256_storeu_ps(v, acc[0]);
  return v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7];
}

static int use_avx512;

/* FLOPs of one iteration: chains x lanes x 2 (an FMA is a multiply and an add). */
static double flops_per_iteration(void) { return use_avx512 ? 24.0 * 16 * 2 : 12.0 * 8 * 2; }

static float chains(long iterations) {
  return use_avx512 ? chains_avx512(iterations) : chains_avx2(iterations);
}

/* One thread's share: bursts of `iterations` for `seconds`; its best burst in GFLOP/s. On a shared
   machine a long run is cut by other processes; the best of many ~1 ms bursts is what the core can do. */
typedef struct burst_job {
  long iterations;
  double seconds, best_gflops;
  float sink;
} burst_job;

static void *run_bursts(void *arg) {
  burst_job *job = arg;
  double start = bench_now_s();
  while (bench_now_s() - start < job->seconds) {
    double t0 = bench_now_s();
    job->sink += chains(job->iterations);
    double gflops = job->iterations * flops_per_iteration() / (bench_now_s() - t0) / 1e9;
    if (gflops > job->best_gflops)
      job->best_gflops = gflops;
  }
  return NULL;
}

/* GFLOP/s of `threads` threads running bursts at once: the sum of each one's best. */
static double measure(int threads, long iterations, double seconds) {
  pthread_t ids[256];
  burst_job jobs[256];
  double total = 0;
  for (int t = 0; t < threads; ++t) {
    jobs[t] = (burst_job){iterations, seconds, 0, 0};
    pthread_create(&ids[t], NULL, run_bursts, &jobs[t]);
  }
  for (int t = 0; t < threads; ++t) {
    pthread_join(ids[t], NULL);
    total += jobs[t].best_gflops;
  }
  return total;
}

int main(int argc, char **argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 0.5;
  __builtin_cpu_init();
  use_avx512 = __builtin_cpu_supports("avx512f");
  if (!use_avx512 && !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))) {
    fprintf(stderr, "fma_peak: the CPU has neither AVX-512 nor AVX2+FMA\n");
    return 1;
  }
  /* Bursts of about 1 ms (at least 1000 iterations). */
  long iterations = 1000;
  volatile float sink = 0;
  for (;;) {
    double t0 = bench_now_s();
    sink += chains(iterations);
    if (bench_now_s() - t0 > 5e-4 || iterations > (1L << 30))
      break;
    iterations *= 2;
  }
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  cores = cores < 1 ? 1 : cores > 256 ? 256 : cores;
  printf("fma_peak,machine,-,0,0,isa,%s\n", use_avx512 ? "avx512" : "avx2");
  bench_row("fma_peak", "machine", "-", 0, 1, "gflops", measure(1, iterations, seconds));
  bench_row("fma_peak", "machine", "-", 0, (int)cores, "gflops", measure((int)cores, iterations, seconds));
  return 0;
}
