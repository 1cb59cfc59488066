/* Reading IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed. */
#include "cnnrt/idx.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static int fail(char *err, size_t err_size, const char *path, const char *what) {
  if (err && err_size > 0)
    snprintf(err, err_size, "%s: %s", path, what);
  return 1;
}

/* Reads exactly `size` bytes; gzread also passes uncompressed files through. */
static int read_all(gzFile file, void *buffer, size_t size) {
  char *p = buffer;
  while (size > 0) {
    unsigned chunk = size > (1u << 30) ? (1u << 30) : (unsigned)size;
    int got = gzread(file, p, chunk);
    if (got <= 0)
      return 1;
    p += got;
    size -= (size_t)got;
  }
  return 0;
}

static int read_body(gzFile file, cnnrt_idx *out, char *err, size_t err_size,
                     const char *path) {
  unsigned char magic[4];
  if (read_all(file, magic, 4))
    return fail(err, err_size, path, "too short for an IDX header");
  if (magic[0] != 0 || magic[1] != 0)
    return fail(err, err_size, path, "not an IDX file (bad magic number)");
  if (magic[2] != 0x08)
    return fail(err, err_size, path,
                "unsupported IDX element type: only unsigned bytes (0x08)");
  if (magic[3] < 1 || magic[3] > CNNRT_IDX_MAX_RANK)
    return fail(err, err_size, path, "unsupported IDX rank (1 to 4)");
  out->rank = magic[3];
  out->count = 1;
  for (int i = 0; i < out->rank; ++i) {
    unsigned char d[4];
    if (read_all(file, d, 4))
      return fail(err, err_size, path, "truncated IDX header");
    out->dims[i] = ((int64_t)d[0] << 24) | (d[1] << 16) | (d[2] << 8) | d[3];
    if (out->dims[i] > 0 && out->count > INT64_MAX / out->dims[i])
      return fail(err, err_size, path, "IDX dimensions overflow");
    out->count *= out->dims[i];
  }
  /* The buffer grows as the data arrives (from 1 MiB, doubling), so that a short file whose header
     claims gigabytes is refused as truncated instead of allocating what it claims. */
  size_t total = (size_t)out->count, have = 0;
  do {
    size_t capacity = have == 0 ? (total < (1u << 20) ? total : (1u << 20))
                                : (have > total / 2 ? total : 2 * have);
    uint8_t *grown = realloc(out->data, capacity > 0 ? capacity : 1);
    if (!grown)
      return fail(err, err_size, path, "out of memory");
    out->data = grown;
    if (read_all(file, out->data + have, capacity - have))
      return fail(err, err_size, path, "truncated IDX data");
    have = capacity;
  } while (have < total);
  return 0;
}

int cnnrt_idx_read(const char *path, cnnrt_idx *out, char *err, size_t err_size) {
  memset(out, 0, sizeof *out);
  gzFile file = gzopen(path, "rb");
  if (!file)
    return fail(err, err_size, path, errno ? strerror(errno) : "cannot open");
  int status = read_body(file, out, err, err_size, path);
  gzclose(file);
  if (status)
    cnnrt_idx_free(out);
  return status;
}

void cnnrt_idx_free(cnnrt_idx *idx) {
  free(idx->data);
  idx->data = NULL;
}
