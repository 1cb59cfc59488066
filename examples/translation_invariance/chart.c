/* A line chart written as a PNG, with nothing but zlib: enough to plot a few series without a plotting library. */
#include "chart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum { WIDTH = 720, HEIGHT = 440, LEFT = 90, RIGHT = 250, TOP = 50, BOTTOM = 70, SCALE = 2 };

typedef struct canvas {
  unsigned char pixels[HEIGHT][WIDTH][3];
} canvas;

static void dot(canvas *c, int x, int y, const unsigned char rgb[3]) {
  if (x >= 0 && x < WIDTH && y >= 0 && y < HEIGHT)
    memcpy(c->pixels[y][x], rgb, 3);
}

static void box(canvas *c, int x0, int y0, int x1, int y1, const unsigned char rgb[3]) {
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x)
      dot(c, x, y, rgb);
}

/* A line `thick` pixels wide (Bresenham, stamped with a square). */
static void line(canvas *c, int x0, int y0, int x1, int y1, int thick,
                 const unsigned char rgb[3]) {
  int dx = abs(x1 - x0), dy = -abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  for (int e = dx + dy;;) {
    box(c, x0 - thick / 2, y0 - thick / 2, x0 + thick / 2, y0 + thick / 2, rgb);
    if (x0 == x1 && y0 == y1)
      break;
    int e2 = 2 * e;
    if (e2 >= dy) { e += dy; x0 += sx; }
    if (e2 <= dx) { e += dx; y0 += sy; }
  }
}

/* A 3x5 pixel font: 15 bits per glyph, row by row. */
static const char *glyph(char ch) {
  static const char *const digits[10] = {
      "111101101101111", "010110010010111", "111001111100111", "111001111001111",
      "101101111001001", "111100111001111", "111100111101111", "111001001001001",
      "111101111101111", "111101111001111"};
  static const char *const letters[26] = {
      "010101111101101", "110101110101110", "011100100100011", "110101101101110",
      "111100110100111", "111100110100100", "011100101101011", "101101111101101",
      "111010010010111", "001001001101010", "101101110101101", "100100100100111",
      "101111111101101", "110101101101101", "010101101101010", "110101110100100",
      "010101101110011", "110101110101101", "011100010001110", "111010010010010",
      "101101101101111", "101101101101010", "101101111111101", "101101010101101",
      "101101010010010", "111001010100111"};
  if (ch >= '0' && ch <= '9') return digits[ch - '0'];
  if (ch >= 'A' && ch <= 'Z') return letters[ch - 'A'];
  if (ch >= 'a' && ch <= 'z') return letters[ch - 'a'];
  switch (ch) {
  case '.': return "000000000000010";
  case '(': return "001010010010001";
  case ')': return "100010010010100";
  case '-': return "000000111000000";
  default: return "000000000000000";
  }
}

static int text_width(const char *s) { return (int)strlen(s) * 4 * SCALE; }

static void text(canvas *c, int x, int y, const char *s, const unsigned char rgb[3]) {
  for (; *s; ++s, x += 4 * SCALE) {
    const char *g = glyph(*s);
    for (int i = 0; i < 15; ++i)
      if (g[i] == '1')
        box(c, x + (i % 3) * SCALE, y + (i / 3) * SCALE, x + (i % 3) * SCALE + SCALE - 1,
            y + (i / 3) * SCALE + SCALE - 1, rgb);
  }
}

/* Text read bottom to top, for the y axis label. */
static void text_up(canvas *c, int x, int y, const char *s, const unsigned char rgb[3]) {
  for (; *s; ++s, y -= 4 * SCALE) {
    const char *g = glyph(*s);
    for (int i = 0; i < 15; ++i)
      if (g[i] == '1')
        box(c, x + (i / 3) * SCALE, y - (i % 3) * SCALE - SCALE + 1, x + (i / 3) * SCALE + SCALE - 1,
            y - (i % 3) * SCALE, rgb);
  }
}

static void put32(unsigned char *p, unsigned long v) {
  p[0] = (unsigned char)(v >> 24); p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8); p[3] = (unsigned char)v;
}

static int chunk(FILE *f, const char *type, const unsigned char *data, unsigned long size) {
  unsigned char head[8], tail[4];
  put32(head, size);
  memcpy(head + 4, type, 4);
  unsigned long crc = crc32(crc32(0L, NULL, 0), head + 4, 4);
  crc = crc32(crc, data, (uInt)size);
  put32(tail, crc);
  return fwrite(head, 1, 8, f) != 8 || fwrite(data, 1, size, f) != size || fwrite(tail, 1, 4, f) != 4;
}

static int write_png(const char *path, const canvas *c, char *err, size_t err_size) {
  size_t row = 1 + WIDTH * 3, raw_size = row * HEIGHT;
  unsigned char *raw = malloc(raw_size);
  uLongf packed_size = compressBound((uLong)raw_size);
  unsigned char *packed = malloc(packed_size);
  FILE *f = fopen(path, "wb");
  int status = !raw || !packed || !f;
  if (!status) {
    for (int y = 0; y < HEIGHT; ++y) {
      raw[y * row] = 0; /* no filter */
      memcpy(raw + y * row + 1, c->pixels[y], WIDTH * 3);
    }
    unsigned char header[13] = {0};
    put32(header, WIDTH);
    put32(header + 4, HEIGHT);
    header[8] = 8; /* bits per channel */
    header[9] = 2; /* RGB */
    status = compress2(packed, &packed_size, raw, (uLong)raw_size, 9) != Z_OK ||
             fwrite("\x89PNG\r\n\x1a\n", 1, 8, f) != 8 || chunk(f, "IHDR", header, 13) ||
             chunk(f, "IDAT", packed, packed_size) || chunk(f, "IEND", NULL, 0);
  }
  if (f && fclose(f))
    status = 1;
  if (status)
    snprintf(err, err_size, "cannot write %s", path);
  free(raw);
  free(packed);
  return status;
}

int chart_write_png(const char *path, const char *title, const char *x_label,
                    const char *y_label, const double *x, int points,
                    const chart_series *series, int count, char *err, size_t err_size) {
  static const unsigned char black[3] = {0, 0, 0},
                             grey[3] = {220, 220, 220};
  canvas *c = malloc(sizeof *c);
  if (!c) {
    snprintf(err, err_size, "out of memory");
    return 1;
  }
  memset(c, 255, sizeof *c);
  double top = 0;
  for (int s = 0; s < count; ++s)
    for (int i = 0; i < points; ++i)
      top = fmax(top, series[s].y[i]);
  top = top > 0 ? ceil(top * 10) / 10 : 1; /* round up to a tenth */
  int x0 = LEFT, x1 = WIDTH - RIGHT, y0 = HEIGHT - BOTTOM, y1 = TOP;
  char label[32];
  for (int t = 0; t <= 5; ++t) { /* y grid and ticks */
    int y = y0 - (y0 - y1) * t / 5;
    line(c, x0, y, x1, y, 1, grey);
    snprintf(label, sizeof label, "%.2f", top * t / 5);
    text(c, x0 - text_width(label) - 8, y - 5, label, black);
  }
  double xmin = x[0], xmax = x[points - 1] > x[0] ? x[points - 1] : x[0] + 1;
#define PX(v) (x0 + (int)((v - xmin) / (xmax - xmin) * (x1 - x0)))
#define PY(v) (y0 - (int)((v) / top * (y0 - y1)))
  for (int i = 0; i < points; ++i) {
    snprintf(label, sizeof label, "%g", x[i]);
    text(c, PX(x[i]) - text_width(label) / 2, y0 + 10, label, black);
  }
  line(c, x0, y0, x1, y0, 2, black);
  line(c, x0, y0, x0, y1, 2, black);
  for (int s = 0; s < count; ++s) {
    for (int i = 0; i + 1 < points; ++i)
      line(c, PX(x[i]), PY(series[s].y[i]), PX(x[i + 1]), PY(series[s].y[i + 1]), 3, series[s].rgb);
    for (int i = 0; i < points; ++i)
      box(c, PX(x[i]) - 4, PY(series[s].y[i]) - 4, PX(x[i]) + 4, PY(series[s].y[i]) + 4, series[s].rgb);
    int ly = TOP + 20 + s * 30;
    box(c, x1 + 20, ly, x1 + 40, ly + 10, series[s].rgb);
    text(c, x1 + 48, ly, series[s].label, black);
  }
#undef PX
#undef PY
  text(c, (WIDTH - text_width(title)) / 2, 15, title, black);
  text(c, (x0 + x1 - text_width(x_label)) / 2, y0 + 35, x_label, black);
  text_up(c, 15, (y0 + y1 + text_width(y_label)) / 2, y_label, black);
  int status = write_png(path, c, err, err_size);
  free(c);
  return status;
}
