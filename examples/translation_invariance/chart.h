/* A line chart written as a PNG, with nothing but zlib: enough to plot a few series without a plotting library. */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>

typedef struct chart_series {
  const char *label;       /* upper-case letters, digits, spaces and ().-x */
  const double *y;         /* one value per x */
  unsigned char rgb[3];
} chart_series;

/* Plots the series over x[0..points) with y from 0 to the largest value.
   Returns 0, or non-zero with a message in err. */
int chart_write_png(const char *path, const char *title, const char *x_label,
                    const char *y_label, const double *x, int points,
                    const chart_series *series, int count, char *err,
                    size_t err_size);

#endif
