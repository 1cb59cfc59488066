/* Data-parallel cnnrt_fit over MPI (library cnnrt_mpi): the collective that cnnrt_fit_options.collective takes. */
#ifndef CNNRT_FIT_MPI_H
#define CNNRT_FIT_MPI_H

#include "cnnrt/fit_collective.h"

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An MPI communicator as a cnnrt_fit collective. */
typedef struct cnnrt_fit_mpi {
  cnnrt_fit_collective collective; /* what cnnrt_fit_options.collective points to */
  MPI_Comm comm;
  int64_t bucket_floats;
} cnnrt_fit_mpi;

/* Sets up `mpi` for the ranks of `comm` (MPI initialised by the app, which
   finalises it after the last fit). The gradients are summed with
   MPI_Allreduce in place, in buckets of at most `bucket_floats` floats (0:
   CNNRT_FIT_MPI_BUCKET_FLOATS). Each rank of `comm` then calls cnnrt_fit with
   options.collective = &mpi->collective, the same dataset (all of it: each
   rank takes its share of every global batch), the same options and its own
   instance of the same compiled model. `mpi` must outlive the fits. Returns
   0, or non-zero if MPI is not initialised or `comm` cannot be queried. */
int cnnrt_fit_mpi_init(cnnrt_fit_mpi *mpi, MPI_Comm comm, int64_t bucket_floats);

/* 1M floats (4 MiB) per MPI_Allreduce. */
#define CNNRT_FIT_MPI_BUCKET_FLOATS (INT64_C(1) << 20)

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_FIT_MPI_H */
