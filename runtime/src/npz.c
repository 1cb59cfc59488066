/* Reading NumPy .npy files and .npz archives (zip, through libzip), and converting arrays to model inputs and labels. */
#define _POSIX_C_SOURCE 200809L
#include "cnnrt/npz.h"
#include "format_error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* Where the bytes come from: a plain file or a zip member. `what` names it in
   messages ("mnist.npz: 'x_train'" or "x.npy"). */
typedef struct source {
  FILE *file;
  zip_file_t *member;
  int64_t size; /* total bytes, -1 if unknown */
  int64_t position;
  const char *what;
  char *err;
  size_t err_size;
} source;

/* Reads up to `n` bytes; returns how many, or -1 (with the message set) on an
   I/O or decompression error. */
static int64_t source_read(source *s, void *buffer, int64_t n) {
  int64_t total = 0;
  char *p = buffer;
  while (total < n) {
    int64_t want = n - total > (1 << 30) ? (1 << 30) : n - total;
    int64_t got;
    if (s->file) {
      got = (int64_t)fread(p + total, 1, (size_t)want, s->file);
      if (got == 0 && ferror(s->file)) {
        failf(s->err, s->err_size, "%s: read error: %s", s->what, strerror(errno));
        return -1;
      }
    } else {
      got = zip_fread(s->member, p + total, (zip_uint64_t)want);
      if (got < 0) {
        failf(s->err, s->err_size, "%s: cannot read from the archive: %s", s->what,
              zip_file_strerror(s->member));
        return -1;
      }
    }
    if (got == 0)
      break;
    total += got;
  }
  s->position += total;
  return total;
}

static int read_exact(source *s, void *buffer, int64_t n, const char *truncated_what) {
  int64_t got = source_read(s, buffer, n);
  if (got < 0)
    return 1;
  if (got < n)
    return failf(s->err, s->err_size, "%s: truncated %s", s->what, truncated_what);
  return 0;
}

static const char *skip_space(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    ++p;
  return p;
}

/* The value after 'key': in the header's dict literal, or NULL. */
static const char *find_value(const char *header, const char *key) {
  char quoted[32];
  for (int q = 0; q < 2; ++q) {
    snprintf(quoted, sizeof quoted, "%c%s%c", q ? '"' : '\'', key, q ? '"' : '\'');
    const char *p = strstr(header, quoted);
    if (p) {
      p = skip_space(p + strlen(quoted));
      if (*p != ':')
        return NULL;
      return skip_space(p + 1);
    }
  }
  return NULL;
}

static int bad_header(source *s, const char *what) {
  return failf(s->err, s->err_size, "%s: bad .npy header: %s", s->what, what);
}

/* Parses the dict literal {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }. */
static int parse_header(source *s, const char *header, cnnrt_array *out) {
  const char *p = find_value(header, "descr");
  if (!p)
    return bad_header(s, "no 'descr'");
  if (*p == '[')
    return failf(s->err, s->err_size, "%s: unsupported dtype: a structured array "
                 "(cnnrt reads |u1, <f4, <i4 and <i8)", s->what);
  if (*p != '\'' && *p != '"')
    return bad_header(s, "'descr' is not a string");
  char quote = *p++;
  const char *end = strchr(p, quote);
  if (!end || end - p > 16)
    return bad_header(s, "'descr' is not a short string");
  char descr[17];
  memcpy(descr, p, (size_t)(end - p));
  descr[end - p] = '\0';
  if (!strcmp(descr, "|u1") || !strcmp(descr, "<u1") || !strcmp(descr, "u1"))
    out->dtype = CNNRT_DTYPE_UINT8;
  else if (!strcmp(descr, "<f4"))
    out->dtype = CNNRT_DTYPE_FLOAT32;
  else if (!strcmp(descr, "<i4"))
    out->dtype = CNNRT_DTYPE_INT32;
  else if (!strcmp(descr, "<i8"))
    out->dtype = CNNRT_DTYPE_INT64;
  else
    return failf(s->err, s->err_size, "%s: unsupported dtype '%s' (cnnrt reads |u1, "
                 "<f4, <i4 and <i8)", s->what, descr);

  p = find_value(header, "fortran_order");
  if (!p)
    return bad_header(s, "no 'fortran_order'");
  if (!strncmp(p, "True", 4))
    return failf(s->err, s->err_size, "%s: Fortran order is not supported (save a C-order "
                 "array: np.ascontiguousarray)", s->what);
  if (strncmp(p, "False", 5))
    return bad_header(s, "'fortran_order' is neither True nor False");

  p = find_value(header, "shape");
  if (!p)
    return bad_header(s, "no 'shape'");
  if (*p != '(')
    return bad_header(s, "'shape' is not a tuple");
  p = skip_space(p + 1);
  out->rank = 0;
  out->count = 1;
  while (*p != ')') {
    if (out->rank == CNNRT_ARRAY_MAX_RANK)
      return failf(s->err, s->err_size, "%s: more than %d dimensions", s->what,
                   CNNRT_ARRAY_MAX_RANK);
    if (*p < '0' || *p > '9')
      return bad_header(s, "'shape' holds something other than sizes");
    errno = 0;
    char *after;
    long long d = strtoll(p, &after, 10);
    if (errno || d < 0)
      return bad_header(s, "a size in 'shape' is out of range");
    if (d > 0 && out->count > INT64_MAX / 8 / d)
      return bad_header(s, "'shape' is too large");
    out->dims[out->rank++] = d;
    out->count *= d;
    p = skip_space(after);
    if (*p == ',')
      p = skip_space(p + 1);
    else if (*p != ')')
      return bad_header(s, "'shape' is not a tuple of sizes");
  }
  return 0;
}

static int host_is_little_endian(void) {
  const uint16_t one = 1;
  return *(const uint8_t *)&one == 1;
}

static void swap_elements(void *data, int64_t count, size_t width) {
  uint8_t *b = data;
  for (int64_t i = 0; i < count; ++i, b += width)
    for (size_t lo = 0, hi = width - 1; lo < hi; ++lo, --hi) {
      uint8_t t = b[lo];
      b[lo] = b[hi], b[hi] = t;
    }
}

/* Reads a whole .npy from `s` into `out`. */
static int read_npy(source *s, cnnrt_array *out) {
  unsigned char prefix[10];
  int64_t got = source_read(s, prefix, 10);
  if (got < 0)
    return 1;
  if (got < 8 || memcmp(prefix, "\x93NUMPY", 6) != 0)
    return failf(s->err, s->err_size, "%s: not a .npy file (bad magic; %s)", s->what,
                 got < 8 ? "too short" : "it does not start with \\x93NUMPY");
  int major = prefix[6], minor = prefix[7];
  if (major < 1 || major > 3)
    return failf(s->err, s->err_size, "%s: unsupported .npy version %d.%d", s->what,
                 major, minor);
  int64_t header_length;
  if (major == 1) {
    if (got < 10)
      return failf(s->err, s->err_size, "%s: truncated .npy header", s->what);
    header_length = prefix[8] | (prefix[9] << 8);
  } else {
    unsigned char more[2];
    if (got < 10 || read_exact(s, more, 2, ".npy header"))
      return got < 10 ? failf(s->err, s->err_size, "%s: truncated .npy header", s->what)
                      : 1;
    header_length = (int64_t)prefix[8] | ((int64_t)prefix[9] << 8) |
                    ((int64_t)more[0] << 16) | ((int64_t)more[1] << 24);
  }
  if (header_length > (1 << 20))
    return bad_header(s, "longer than 1 MiB");
  char *header = malloc((size_t)header_length + 1);
  if (!header)
    return failf(s->err, s->err_size, "%s: out of memory", s->what);
  if (read_exact(s, header, header_length, ".npy header")) {
    free(header);
    return 1;
  }
  header[header_length] = '\0';
  int status = parse_header(s, header, out);
  free(header);
  if (status)
    return 1;
  int64_t bytes = out->count * (int64_t)cnnrt_dtype_size(out->dtype);
  if (s->size >= 0 && s->size - s->position < bytes)
    return failf(s->err, s->err_size, "%s: truncated data: the shape needs %lld bytes, "
                 "%lld are left", s->what, (long long)bytes,
                 (long long)(s->size - s->position));
  out->data = malloc(bytes > 0 ? (size_t)bytes : 1);
  if (!out->data)
    return failf(s->err, s->err_size, "%s: out of memory for %lld bytes", s->what,
                 (long long)bytes);
  got = source_read(s, out->data, bytes);
  if (got < 0)
    return 1;
  if (got < bytes)
    return failf(s->err, s->err_size, "%s: truncated data: the shape needs %lld bytes, "
                 "the file holds %lld", s->what, (long long)bytes, (long long)got);
  char extra;
  got = source_read(s, &extra, 1);
  if (got < 0)
    return 1;
  if (got > 0)
    return failf(s->err, s->err_size, "%s: bytes after the array's data (a shape of "
                 "%lld elements)", s->what, (long long)out->count);
  if (!host_is_little_endian() && cnnrt_dtype_size(out->dtype) > 1)
    swap_elements(out->data, out->count, cnnrt_dtype_size(out->dtype));
  return 0;
}

int cnnrt_npy_read(const char *path, cnnrt_array *out, char *err, size_t err_size) {
  memset(out, 0, sizeof *out);
  if (!path)
    return failf(err, err_size, "cnnrt_npy_read: path must not be NULL");
  FILE *file = fopen(path, "rb");
  if (!file)
    return failf(err, err_size, "%s: %s", path, strerror(errno));
  source s = {file, NULL, -1, 0, path, err, err_size};
  if (fseek(file, 0, SEEK_END) == 0) {
    long size = ftell(file);
    s.size = size >= 0 ? size : -1;
    rewind(file);
  }
  int status = read_npy(&s, out);
  fclose(file);
  if (status)
    cnnrt_array_free(out);
  return status;
}

/* "x_test, x_train, ..." of the archive, for a missing key's message. */
static void list_keys(zip_t *zip, char *list, size_t size) {
  list[0] = '\0';
  zip_int64_t n = zip_get_num_entries(zip, 0);
  size_t used = 0;
  for (zip_int64_t i = 0; i < n && used + 1 < size; ++i) {
    const char *name = zip_get_name(zip, (zip_uint64_t)i, 0);
    if (!name)
      continue;
    size_t length = strlen(name);
    if (length > 4 && !strcmp(name + length - 4, ".npy"))
      length -= 4;
    int written = snprintf(list + used, size - used, "%s%.*s", used ? ", " : "",
                           (int)length, name);
    if (written < 0)
      break;
    used += (size_t)written;
  }
}

int cnnrt_npz_read(const char *path, const char *key, cnnrt_array *out, char *err,
                   size_t err_size) {
  memset(out, 0, sizeof *out);
  if (!path || !key)
    return failf(err, err_size, "cnnrt_npz_read: path and key must not be NULL");
  int code = 0;
  zip_t *zip = zip_open(path, ZIP_RDONLY, &code);
  if (!zip) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    if (code == ZIP_ER_OPEN || code == ZIP_ER_NOENT)
      failf(err, err_size, "%s: %s", path, zip_error_strerror(&error));
    else
      failf(err, err_size, "%s: not a readable .npz (zip) archive: %s", path,
            zip_error_strerror(&error));
    zip_error_fini(&error);
    return 1;
  }
  char member[512], what[1024];
  size_t key_length = strlen(key);
  int has_suffix = key_length > 4 && !strcmp(key + key_length - 4, ".npy");
  snprintf(member, sizeof member, "%s%s", key, has_suffix ? "" : ".npy");
  snprintf(what, sizeof what, "%s: array '%.*s'", path,
           (int)(has_suffix ? key_length - 4 : key_length), key);
  zip_int64_t index = zip_name_locate(zip, member, 0);
  int status = 1;
  if (index < 0) {
    char keys[400];
    list_keys(zip, keys, sizeof keys);
    failf(err, err_size, "%s: no array '%s' (the archive holds: %s)", path, key,
          keys[0] ? keys : "nothing");
    zip_discard(zip);
    return 1;
  }
  zip_stat_t stat;
  zip_stat_init(&stat);
  zip_file_t *file = NULL;
  if (zip_stat_index(zip, (zip_uint64_t)index, 0, &stat) != 0 ||
      !(file = zip_fopen_index(zip, (zip_uint64_t)index, 0))) {
    failf(err, err_size, "%s: cannot open it in the archive: %s", what,
          zip_strerror(zip));
  } else {
    source s = {NULL, file, (stat.valid & ZIP_STAT_SIZE) ? (int64_t)stat.size : -1, 0,
                what, err, err_size};
    status = read_npy(&s, out);
    zip_fclose(file);
  }
  zip_discard(zip);
  if (status)
    cnnrt_array_free(out);
  return status;
}

void cnnrt_array_free(cnnrt_array *array) {
  if (!array)
    return;
  free(array->data);
  memset(array, 0, sizeof *array);
}

size_t cnnrt_dtype_size(cnnrt_dtype dtype) {
  switch (dtype) {
  case CNNRT_DTYPE_UINT8:
    return 1;
  case CNNRT_DTYPE_FLOAT32:
  case CNNRT_DTYPE_INT32:
    return 4;
  case CNNRT_DTYPE_INT64:
    return 8;
  }
  return 0;
}

void cnnrt_u8_to_unit_float(const uint8_t *in, int64_t count, float *out) {
  for (int64_t i = 0; i < count; ++i)
    out[i] = (float)in[i] / 255.0f;
}

void cnnrt_array_to_float(const cnnrt_array *a, float scale, float *out) {
  for (int64_t i = 0; i < a->count; ++i) {
    float v = 0;
    switch (a->dtype) {
    case CNNRT_DTYPE_UINT8: v = (float)((const uint8_t *)a->data)[i]; break;
    case CNNRT_DTYPE_FLOAT32: v = ((const float *)a->data)[i]; break;
    case CNNRT_DTYPE_INT32: v = (float)((const int32_t *)a->data)[i]; break;
    case CNNRT_DTYPE_INT64: v = (float)((const int64_t *)a->data)[i]; break;
    }
    out[i] = v * scale;
  }
}

int cnnrt_array_to_int32(const cnnrt_array *a, int32_t *out, char *err, size_t err_size) {
  if (a->dtype == CNNRT_DTYPE_FLOAT32)
    return failf(err, err_size, "cnnrt_array_to_int32: the array holds floats, not "
                 "integer labels");
  for (int64_t i = 0; i < a->count; ++i) {
    int64_t v = 0;
    switch (a->dtype) {
    case CNNRT_DTYPE_UINT8: v = ((const uint8_t *)a->data)[i]; break;
    case CNNRT_DTYPE_INT32: v = ((const int32_t *)a->data)[i]; break;
    case CNNRT_DTYPE_INT64: v = ((const int64_t *)a->data)[i]; break;
    case CNNRT_DTYPE_FLOAT32: break;
    }
    if (v < INT32_MIN || v > INT32_MAX)
      return failf(err, err_size, "cnnrt_array_to_int32: element %lld is %lld, outside "
                   "int32", (long long)i, (long long)v);
    out[i] = (int32_t)v;
  }
  return 0;
}
