/* What a data-parallel cnnrt_fit needs from a transport: a rank, a sum over ranks, a broadcast and a way to stop them all. */
#ifndef CNNRT_FIT_COLLECTIVE_H
#define CNNRT_FIT_COLLECTIVE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One rank's view of a group of processes that train one model together
   (cnnrt_fit_options.collective). cnnrt/fit_mpi.h makes one over an MPI
   communicator; cnnrt_fit itself knows no transport. Every function is
   collective: each rank calls it in the same order, and it returns the same
   result everywhere. Each returns 0 on success. */
typedef struct cnnrt_fit_collective {
  int rank; /* 0 .. size - 1; rank 0 prints, validates and writes files */
  int size;
  /* Sums `count` floats over the ranks, in place. */
  int (*sum_floats)(const struct cnnrt_fit_collective *self, float *values, int64_t count);
  /* Sums `count` doubles over the ranks, in place. */
  int (*sum_doubles)(const struct cnnrt_fit_collective *self, double *values, int64_t count);
  /* Rank 0's `*bytes` bytes at `*data` to every rank: elsewhere *bytes is
     set and *data becomes a malloc'd copy (NULL when *bytes is 0), which the
     caller frees. */
  int (*broadcast)(const struct cnnrt_fit_collective *self, void **data, int64_t *bytes);
  /* Ends every rank's process with `code`, after printing `message` (a rank
     that failed alone cannot let the others wait in a collective forever). */
  void (*abort)(const struct cnnrt_fit_collective *self, int code, const char *message);
  void *transport; /* the transport's own (fit_mpi: the communicator) */
} cnnrt_fit_collective;

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_FIT_COLLECTIVE_H */
