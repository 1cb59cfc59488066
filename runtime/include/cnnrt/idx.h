/* Reading IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed. */
#ifndef CNNRT_IDX_H
#define CNNRT_IDX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNNRT_IDX_MAX_RANK 4

/* An IDX file of unsigned bytes (type 0x08): dims[0] is the item count. */
typedef struct cnnrt_idx {
  int rank;
  int64_t dims[CNNRT_IDX_MAX_RANK];
  int64_t count; /* product of dims */
  uint8_t *data;
} cnnrt_idx;

/* Reads `path` into `out` (zeroed first). Returns 0 on success; otherwise
   non-zero with a message naming the file in `err` (if err_size > 0). */
int cnnrt_idx_read(const char *path, cnnrt_idx *out, char *err, size_t err_size);

/* Frees what cnnrt_idx_read allocated; `idx` may be zeroed or already freed. */
void cnnrt_idx_free(cnnrt_idx *idx);

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_IDX_H */
