/* Trains a compiled model (--name net, 12x12x1 inputs, 4 classes) with cnnrt_fit on 96 synthetic
   samples, alone or as one rank of an MPI job (cnnrt_fit_mpi). Arguments, key=value:
     mode=single|mpi  epochs=N  batch=N  save=PATH (the weights after fit; in mpi mode each rank
     writes PATH.rank<r>)  checkpoint=PATH  resume=1  stop_after=N (epochs, through the callback)
     bad_label=I (sample I gets a label out of range)  crash_rank=R (rank R aborts after epoch 1)
     history=PATH (the history CSV)  rank1_batch=N (rank 1's batch size differs from the others') */
#include "net.h"

#include "cnnrt/fit.h"
#include "cnnrt/fit_mpi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { samples = 96, classes = 4 };

static const char *arg(int argc, char **argv, const char *key, const char *fallback) {
  size_t n = strlen(key);
  for (int i = 1; i < argc; ++i)
    if (strncmp(argv[i], key, n) == 0 && argv[i][n] == '=')
      return argv[i] + n + 1;
  return fallback;
}

typedef struct run {
  int stop_after, crash_rank, rank;
} run;

static int on_epoch_end(void *user, cnnrt_model *model, const cnnrt_epoch_metrics *m) {
  (void)model;
  const run *r = user;
  if (r->crash_rank == r->rank && m->epoch == 1) {
    fprintf(stderr, "rank %d: crashing on purpose\n", r->rank);
    abort();
  }
  return r->stop_after > 0 && m->epoch >= r->stop_after;
}

int main(int argc, char **argv) {
  int mpi = strcmp(arg(argc, argv, "mode", "single"), "mpi") == 0;
  cnnrt_fit_mpi collective;
  run r = {atoi(arg(argc, argv, "stop_after", "0")), atoi(arg(argc, argv, "crash_rank", "-1")), 0};
  if (mpi) {
    MPI_Init(&argc, &argv);
    if (cnnrt_fit_mpi_init(&collective, MPI_COMM_WORLD, 0)) {
      fprintf(stderr, "cnnrt_fit_mpi_init failed\n");
      MPI_Abort(MPI_COMM_WORLD, 1);
    }
    r.rank = collective.collective.rank;
  }
  /* The data: a bright quadrant says the class. */
  static float inputs[samples * NET_INPUT_SIZE];
  static int32_t labels[samples];
  unsigned state = 12345;
  for (int s = 0; s < samples; ++s) {
    labels[s] = s % classes;
    for (int i = 0; i < NET_INPUT_SIZE; ++i) {
      state = state * 1103515245u + 12345u;
      int quadrant = (i / 12 >= 6) * 2 + (i % 12 >= 6);
      inputs[s * NET_INPUT_SIZE + i] =
          (float)((state >> 9) & 0xff) / 512.0f + (quadrant == labels[s] ? 0.5f : 0.0f);
    }
  }
  int bad = atoi(arg(argc, argv, "bad_label", "-1"));
  if (bad >= 0 && bad < samples)
    labels[bad] = 99;
  cnnrt_dataset train = {inputs, labels, samples};

  net_model *model = net_create();
  cnnrt_fit_options options;
  cnnrt_fit_options_default(&options);
  options.epochs = atoi(arg(argc, argv, "epochs", "2"));
  options.batch_size = atoi(arg(argc, argv, "batch", "16"));
  options.verbose = CNNRT_FIT_LINES;
  options.checkpoint = arg(argc, argv, "checkpoint", NULL);
  options.resume = atoi(arg(argc, argv, "resume", "0"));
  options.on_epoch_end = on_epoch_end;
  options.user = &r;
  options.accuracy_samples = samples;
  options.history_csv = arg(argc, argv, "history", NULL);
  if (mpi)
    options.collective = &collective.collective;
  if (r.rank == 1)
    options.batch_size = atoi(arg(argc, argv, "rank1_batch", arg(argc, argv, "batch", "16")));
  cnnrt_fit_result result;
  char err[512];
  int rc = cnnrt_fit((cnnrt_model *)model, &train, NULL, &options, &result, err, sizeof err);
  printf("rank %d: fit rc=%d status=%d first_epoch=%d epochs_done=%d steps=%lld loss=%.6f%s%s\n",
         r.rank, rc, result.status, result.first_epoch, result.epochs_done,
         (long long)result.steps, result.last.loss, rc ? " error: " : "", rc ? err : "");
  const char *save = arg(argc, argv, "save", NULL);
  if (save) {
    char path[4096];
    if (mpi)
      snprintf(path, sizeof path, "%s.rank%d", save, r.rank);
    else
      snprintf(path, sizeof path, "%s", save);
    if (net_save_weights(model, path))
      fprintf(stderr, "%s\n", net_error(model));
  }
  net_destroy(model);
  if (mpi)
    MPI_Finalize();
  return rc;
}
