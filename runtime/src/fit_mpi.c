/* Data-parallel cnnrt_fit over MPI: the sums are MPI_Allreduce in place, in buckets; abort is MPI_Abort. */
#include "cnnrt/fit_mpi.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* collective.transport is the cnnrt_fit_mpi that holds it. */
static const cnnrt_fit_mpi *mpi_of(const cnnrt_fit_collective *self) {
  return (const cnnrt_fit_mpi *)self->transport;
}

static MPI_Comm comm_of(const cnnrt_fit_collective *self) { return mpi_of(self)->comm; }

static int sum_in_buckets(const cnnrt_fit_collective *self, void *values, int64_t count,
                          MPI_Datatype type, size_t element_bytes) {
  int64_t bucket = mpi_of(self)->bucket_floats;
  for (int64_t done = 0; done < count; done += bucket) {
    int n = (int)(count - done < bucket ? count - done : bucket);
    if (MPI_Allreduce(MPI_IN_PLACE, (char *)values + (size_t)done * element_bytes, n, type,
                      MPI_SUM, comm_of(self)) != MPI_SUCCESS)
      return 1;
  }
  return 0;
}

static int sum_floats(const cnnrt_fit_collective *self, float *values, int64_t count) {
  return sum_in_buckets(self, values, count, MPI_FLOAT, sizeof(float));
}

static int sum_doubles(const cnnrt_fit_collective *self, double *values, int64_t count) {
  return sum_in_buckets(self, values, count, MPI_DOUBLE, sizeof(double));
}

static int broadcast(const cnnrt_fit_collective *self, void **data, int64_t *bytes) {
  MPI_Comm comm = comm_of(self);
  long long size = self->rank == 0 ? (long long)*bytes : 0;
  if (MPI_Bcast(&size, 1, MPI_LONG_LONG, 0, comm) != MPI_SUCCESS || size < 0)
    return 1;
  if (self->rank != 0) {
    *bytes = size;
    *data = size ? malloc((size_t)size) : NULL;
  }
  /* Every rank takes part in the next call, even one whose malloc failed,
     so that none waits for it; it reports the failure afterwards. */
  int have = size == 0 || *data != NULL, all = 0;
  if (MPI_Allreduce(&have, &all, 1, MPI_INT, MPI_MIN, comm) != MPI_SUCCESS || !all)
    return 1;
  for (long long done = 0; done < size; done += INT32_MAX) {
    int n = (int)(size - done < INT32_MAX ? size - done : INT32_MAX);
    if (MPI_Bcast((char *)*data + done, n, MPI_BYTE, 0, comm) != MPI_SUCCESS)
      return 1;
  }
  return 0;
}

static void stop_all(const cnnrt_fit_collective *self, int code, const char *message) {
  fprintf(stderr, "cnnrt_fit (rank %d of %d): %s\n", self->rank, self->size, message);
  fflush(stderr);
  MPI_Abort(comm_of(self), code);
}

int cnnrt_fit_mpi_init(cnnrt_fit_mpi *mpi, MPI_Comm comm, int64_t bucket_floats) {
  int initialized = 0;
  if (!mpi || MPI_Initialized(&initialized) != MPI_SUCCESS || !initialized)
    return 1;
  cnnrt_fit_collective *c = &mpi->collective;
  mpi->comm = comm;
  mpi->bucket_floats = bucket_floats > 0 && bucket_floats <= INT32_MAX
                           ? bucket_floats
                           : CNNRT_FIT_MPI_BUCKET_FLOATS;
  if (MPI_Comm_rank(comm, &c->rank) != MPI_SUCCESS ||
      MPI_Comm_size(comm, &c->size) != MPI_SUCCESS)
    return 1;
  c->sum_floats = sum_floats;
  c->sum_doubles = sum_doubles;
  c->broadcast = broadcast;
  c->abort = stop_all;
  c->transport = mpi;
  return 0;
}
