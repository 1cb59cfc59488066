/* The main job: trains the course notes' MNIST net on Fashion-MNIST from C, through the object cnnc compiled
   with a loss and an optimizer, and the runtime's generic fit. No Python anywhere.
   Usage: train TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS OUT_DIR [EPOCHS=5] [BATCH=32] [LIMIT]
                [SEED=1] (the shuffle's; the initial weights' seed is cnnc's --seed)
   Built with -DTRAIN_WITH_MPI (and cnnrt_mpi, MPI), it trains data-parallel as one rank of
   `mpirun -np N train ...`: BATCH is the global batch, which the ranks share; rank 0 prints and writes.
   PROGRESS=bar|lines in the environment picks the output (default: the bar on a terminal; under mpirun a
   rank's stdout is a pseudo-terminal even when mpirun's is a file). */
#include "cnnrt/fit.h"
#include "cnnrt/idx.h"
#include "fashion.h" /* written by: cnnc model.json -o fashion.o --loss ... --optimizer ... */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef TRAIN_WITH_MPI
#include "cnnrt/fit_mpi.h"
#endif

/* Images as floats in [0, 1] and labels as int32, from a pair of IDX files. */
static int load(const char *images_path, const char *labels_path, float **images,
                int32_t **labels, int64_t *count) {
  char err[256];
  cnnrt_idx x, y;
  if (cnnrt_idx_read(images_path, &x, err, sizeof err) ||
      cnnrt_idx_read(labels_path, &y, err, sizeof err))
    return fprintf(stderr, "train: %s\n", err), 1;
  if (x.count != y.dims[0] * FASHION_INPUT_SIZE)
    return fprintf(stderr, "train: %s does not hold one %d-pixel image per label of %s\n",
                   images_path, FASHION_INPUT_SIZE, labels_path), 1;
  *count = y.dims[0];
  *images = malloc((size_t)x.count * sizeof(float));
  *labels = malloc((size_t)*count * sizeof(int32_t));
  if (!*images || !*labels)
    return fprintf(stderr, "train: out of memory\n"), 1;
  for (int64_t i = 0; i < x.count; ++i)
    (*images)[i] = x.data[i] / 255.0f;
  for (int64_t i = 0; i < *count; ++i)
    (*labels)[i] = y.data[i];
  cnnrt_idx_free(&x);
  cnnrt_idx_free(&y);
  return 0;
}

int main(int argc, char **argv) {
  int rank = 0, threads = 0;
#ifdef TRAIN_WITH_MPI
  MPI_Init(&argc, &argv);
  cnnrt_fit_mpi mpi;
  if (cnnrt_fit_mpi_init(&mpi, MPI_COMM_WORLD, 0)) {
    fprintf(stderr, "train: cannot set up MPI\n");
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  rank = mpi.collective.rank;
  /* The ranks on this host share its CPUs. */
  MPI_Comm host;
  int ranks_here = 1;
  if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &host) ==
      MPI_SUCCESS) {
    MPI_Comm_size(host, &ranks_here);
    MPI_Comm_free(&host);
  }
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  threads = cpus / ranks_here > 1 ? (int)(cpus / ranks_here) : 1;
#endif
  if (argc < 6) {
    fprintf(stderr, "usage: %s TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS OUT_DIR "
            "[EPOCHS=5] [BATCH=32] [LIMIT] [SEED=1]\n", argv[0]);
    return 2;
  }
  float *train_x, *test_x;
  int32_t *train_y, *test_y;
  int64_t train_count, test_count;
  if (load(argv[1], argv[2], &train_x, &train_y, &train_count) ||
      load(argv[3], argv[4], &test_x, &test_y, &test_count))
    return 1;
  if (argc > 8 && atoll(argv[8]) > 0 && atoll(argv[8]) < train_count)
    train_count = atoll(argv[8]); /* a quick run on the first LIMIT images */
  char history[4096], weights[4096];
  snprintf(history, sizeof history, "%s/history.csv", argv[5]);
  snprintf(weights, sizeof weights, "%s/weights.bin", argv[5]);

  cnnrt_fit_options options;
  cnnrt_fit_options_default(&options);
  options.epochs = argc > 6 ? atoi(argv[6]) : 5;
  options.batch_size = argc > 7 ? atoll(argv[7]) : 32;
  if (argc > 9)
    options.seed = strtoull(argv[9], NULL, 10);
  options.history_csv = history;
  options.weights = weights;
  const char *progress = getenv("PROGRESS");
  if (progress && strcmp(progress, "lines") == 0)
    options.verbose = CNNRT_FIT_LINES;
  else if (progress && strcmp(progress, "bar") == 0)
    options.verbose = CNNRT_FIT_BAR;
#ifdef TRAIN_WITH_MPI
  options.collective = &mpi.collective;
#endif
  cnnrt_dataset train = {train_x, train_y, train_count};
  cnnrt_dataset test = {test_x, test_y, test_count};
  fashion_model *model = fashion_create();
  if (!model)
    return fprintf(stderr, "train: %s\n", fashion_create_error()), 1;
  if (threads)
    fashion_set_num_threads(model, threads);
  char err[512];
  cnnrt_fit_result result;
  /* The generated model handle is the runtime's model. */
  int failed = cnnrt_fit((cnnrt_model *)model, &train, &test, &options, &result, err,
                         sizeof err);
  if (failed)
    fprintf(stderr, "train: %s\n", err);
  else if (rank == 0) /* fit evaluated the test set after the last epoch. */
    printf("test: %lld images, loss %.4f, accuracy %.2f%% after %d epochs; weights in %s\n",
           (long long)test_count, result.last.val_loss, 100.0 * result.last.val_accuracy,
           result.epochs_done, weights);
  fashion_destroy(model);
#ifdef TRAIN_WITH_MPI
  MPI_Finalize();
#endif
  return failed;
}
