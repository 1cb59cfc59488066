/* Reading NumPy .npy files and .npz archives (np.savez, np.savez_compressed), and turning bytes into model inputs. */
#ifndef CNNRT_NPZ_H
#define CNNRT_NPZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CNNRT_ARRAY_MAX_RANK 8

/* The dtypes read: '|u1', '<f4', '<i4', '<i8' (C order only). */
typedef enum cnnrt_dtype {
  CNNRT_DTYPE_UINT8 = 0,
  CNNRT_DTYPE_FLOAT32 = 1,
  CNNRT_DTYPE_INT32 = 2,
  CNNRT_DTYPE_INT64 = 3
} cnnrt_dtype;

/* An array read from a file; owns `data` (count elements, row-major, in the
   host's byte order) until cnnrt_array_free. */
typedef struct cnnrt_array {
  cnnrt_dtype dtype;
  int rank;                          /* 0 for a scalar */
  int64_t dims[CNNRT_ARRAY_MAX_RANK];
  int64_t count;                     /* the product of dims (1 for a scalar) */
  void *data;
} cnnrt_array;

/* Every call below returns 0 on success; otherwise non-zero, with a message
   naming the file (and the array) in `err` if err_size > 0, and `out` zeroed.
   No global state: calls on separate arrays may run in separate threads. */

/* Reads the .npy file `path`. */
int cnnrt_npy_read(const char *path, cnnrt_array *out, char *err, size_t err_size);

/* Reads array `key` ("x_train", the name given to np.savez, without ".npy")
   of the .npz archive `path`. */
int cnnrt_npz_read(const char *path, const char *key, cnnrt_array *out, char *err,
                   size_t err_size);

/* Frees what a read allocated; `array` may be zeroed or already freed. */
void cnnrt_array_free(cnnrt_array *array);

/* The size in bytes of one element of `dtype`. */
size_t cnnrt_dtype_size(cnnrt_dtype dtype);

/* Pixels to model inputs: out[i] = in[i] / 255, in [0, 1]. */
void cnnrt_u8_to_unit_float(const uint8_t *in, int64_t count, float *out);

/* Any array to floats: out[i] = (float)element i * scale (scale 1/255.f for
   uint8 images). `out` holds array->count floats. */
void cnnrt_array_to_float(const cnnrt_array *array, float scale, float *out);

/* Integer labels (uint8, int32 or int64 in range) to int32 class indices;
   `out` holds array->count int32s. Fails on floats or out-of-range values. */
int cnnrt_array_to_int32(const cnnrt_array *array, int32_t *out, char *err,
                         size_t err_size);

#ifdef __cplusplus
}
#endif

#endif /* CNNRT_NPZ_H */
