/* Data-parallel steps of cnnrt_fit: each rank's share of a global batch, and what the ranks average or agree on. */
#ifndef CNNRT_FIT_DATA_PARALLEL_H
#define CNNRT_FIT_DATA_PARALLEL_H

#include "cnnrt/fit.h"
#include "cnnrt/fit_collective.h"

#include <stdint.h>

/* The samples [*offset, *offset + *count) of a global batch of `n` that
   rank `rank` of `size` takes: consecutive shares whose sizes differ by at
   most one (some empty when n < size). */
void cnnrt_dp_share(int64_t n, int rank, int size, int64_t *offset, int64_t *count);

/* The floats of the buffer cnnrt_dp_average_step sums: the gradients, the
   moving statistics, the loss, the accuracy and the failed ranks. */
int64_t cnnrt_dp_buffer_floats(const cnnrt_model_info *info);

/* Makes one step the same on every rank: `buffer` starts with this rank's
   gradients (the mean over its `share` samples of the global batch of `n`;
   anything when `share` is 0 or the rank `failed`, which add zeros),
   and `*loss`, `*accuracy` are its means; the model's moving statistics are
   its own. Each is weighted by share / n and summed over the ranks, in place,
   so every rank then holds the global batch's mean gradient, loss and
   accuracy, and the same moving statistics. Returns the number of ranks that
   `failed` (this one's 0 or 1), or -1 if the transport failed. */
int cnnrt_dp_average_step(const cnnrt_fit_collective *c, cnnrt_model *model, float *buffer,
                          int64_t share, int64_t n, float *loss, float *accuracy, int failed);

/* Before the first step: whether every rank is `ready` (its arguments are
   good and its buffers allocated) and trains the same thing as rank 0 (the
   same `fingerprint` of `count` doubles: dataset size, batch, epochs, model).
   0 when all agree; otherwise non-zero on every rank, with why in `err`
   (left as it is on a rank that was not ready: it says why already). */
int cnnrt_dp_agree_on_start(const cnnrt_fit_collective *c, int ready, double *fingerprint,
                            int count, char *err, size_t err_size);

/* Rank 0's epoch outcome (`*status`, `*metrics`) to every rank. 0, or
   non-zero if the transport failed. */
int cnnrt_dp_agree_on_epoch(const cnnrt_fit_collective *c, int *status,
                            cnnrt_epoch_metrics *metrics);

/* Whether `flag` is set on any rank, in `*any`. 0, or non-zero if the
   transport failed. */
int cnnrt_dp_any(const cnnrt_fit_collective *c, int flag, int *any);

/* Reads `path` on rank 0 and gives its bytes to every rank: *data (malloc'd,
   the caller frees) and *bytes; *missing is set when the file does not
   exist. On a read error every rank gets 1 and `err` rank 0's message. */
int cnnrt_dp_read_on_rank0(const cnnrt_fit_collective *c, const char *path, void **data,
                           int64_t *bytes, int *missing, char *err, size_t err_size);

#endif
