/* The runtime's "write a message into the caller's buffer and fail" helper, shared by its libraries. */
#ifndef CNNRT_FORMAT_ERROR_H
#define CNNRT_FORMAT_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Formats the message into err (if err_size > 0) and returns 1. */
static inline int failf(char *err, size_t err_size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static inline int failf(char *err, size_t err_size, const char *format, ...) {
  if (err && err_size > 0) {
    va_list args;
    va_start(args, format);
    vsnprintf(err, err_size, format, args);
    va_end(args);
  }
  return 1;
}

#endif
