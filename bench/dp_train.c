/* Data-parallel training throughput (issue 10): one epoch of cnnrt_fit on SAMPLES Fashion-MNIST images with
   global batch BATCH, on this process alone or as one rank of an MPI job, the time spent summing gradients
   over the ranks measured around the collective's sum. Prints one CSV row (rank 0):
     ranks,threads_per_rank,batch,steps,seconds,images_per_second,wait_seconds,allreduce_seconds,
     allreduce_share,gradient_bytes_per_step,loss
   (wait: for the slowest rank before each sum; allreduce_share: the allreduce's share of the epoch)
   Usage: dp_train single|mpi THREADS SAMPLES BATCH IMAGES.idx.gz LABELS.idx.gz */
#include "net.h"

#include "cnnrt/fit.h"
#include "cnnrt/fit_mpi.h"
#include "cnnrt/idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* The MPI collective, with its float sums timed: first the wait for the slowest rank (a barrier), then
   the allreduce itself, so that the transfer is told apart from the ranks' imbalance. */
static cnnrt_fit_collective timed;
static const cnnrt_fit_collective *inner;
static double wait_seconds, sum_seconds;

static int timed_sum(const cnnrt_fit_collective *self, float *values, int64_t count) {
  (void)self;
  double t0 = now();
  MPI_Barrier(MPI_COMM_WORLD);
  double t1 = now();
  int status = inner->sum_floats(inner, values, count);
  wait_seconds += t1 - t0;
  sum_seconds += now() - t1;
  return status;
}

int main(int argc, char **argv) {
  if (argc != 7)
    return fprintf(stderr, "usage: dp_train single|mpi THREADS SAMPLES BATCH IMAGES LABELS\n"), 2;
  int mpi = strcmp(argv[1], "mpi") == 0, ranks = 1, rank = 0;
  cnnrt_fit_mpi collective;
  if (mpi) {
    MPI_Init(&argc, &argv);
    if (cnnrt_fit_mpi_init(&collective, MPI_COMM_WORLD, 0))
      MPI_Abort(MPI_COMM_WORLD, 1);
    inner = &collective.collective;
    timed = *inner;
    timed.sum_floats = timed_sum;
    ranks = inner->size, rank = inner->rank;
  }
  char err[256];
  cnnrt_idx x, y;
  if (cnnrt_idx_read(argv[5], &x, err, sizeof err) || cnnrt_idx_read(argv[6], &y, err, sizeof err))
    return fprintf(stderr, "dp_train: %s\n", err), 1;
  int64_t samples = atoll(argv[3]);
  if (samples > y.dims[0])
    samples = y.dims[0];
  float *images = malloc((size_t)(samples * NET_INPUT_SIZE) * sizeof(float));
  int32_t *labels = malloc((size_t)samples * sizeof(int32_t));
  for (int64_t i = 0; i < samples * NET_INPUT_SIZE; ++i)
    images[i] = x.data[i] / 255.0f;
  for (int64_t i = 0; i < samples; ++i)
    labels[i] = y.data[i];
  net_model *model = net_create();
  net_set_num_threads(model, atoi(argv[2]));
  cnnrt_fit_options options;
  cnnrt_fit_options_default(&options);
  options.batch_size = atoll(argv[4]);
  options.verbose = CNNRT_FIT_QUIET;
  options.train_accuracy = CNNRT_FIT_ACCURACY_NONE;
  if (mpi)
    options.collective = &timed;
  cnnrt_dataset train = {images, labels, samples};
  cnnrt_fit_result result;
  /* A warm-up epoch on a few batches (first-touch of buffers, thread start), then the measured one. */
  cnnrt_dataset warm = {images, labels, options.batch_size * 4 < samples ? options.batch_size * 4 : samples};
  if (cnnrt_fit((cnnrt_model *)model, &warm, NULL, &options, &result, err, sizeof err))
    return fprintf(stderr, "dp_train: %s\n", err), 1;
  wait_seconds = sum_seconds = 0;
  if (cnnrt_fit((cnnrt_model *)model, &train, NULL, &options, &result, err, sizeof err))
    return fprintf(stderr, "dp_train: %s\n", err), 1;
  if (rank == 0)
    printf("%d,%d,%lld,%lld,%.4f,%.1f,%.4f,%.4f,%.4f,%lld,%.4f\n", ranks, atoi(argv[2]),
           (long long)options.batch_size, (long long)result.steps, result.last.seconds,
           result.last.images_per_second, wait_seconds, sum_seconds, sum_seconds / result.last.seconds,
           (long long)NET_TRAINABLE_COUNT * 4, result.last.loss);
  net_destroy(model);
  free(images);
  free(labels);
  cnnrt_idx_free(&x);
  cnnrt_idx_free(&y);
  if (mpi)
    MPI_Finalize();
  return 0;
}
