/*
 * The convolutions of conv.h: im2col into a scratch buffer a chunk of rows at a time (the threads split
 * the chunk's rows), then gemm on it (which splits its own work); col2im as a gather over ∂L/∂x rows.
 */
#include "conv.h"
#include "gemm.h"
#include "pool.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Floats of column matrix per chunk: 1 MB, so that a chunk stays in a core's L2 cache between its
 * packing and its product. A multiple of CHUNK_ROW_MULTIPLE rows (every gemm level's tile height
 * divides it), so that chunks cut no tile; both depend on the shapes only, never on the threads. */
#define CHUNK_FLOATS (1 << 18)
#define CHUNK_ROW_MULTIPLE 48
/* Row tasks per thread for the packing steps (any split gives the same bits). */
#define TASKS_PER_THREAD 4

const char* conv_shape_check(const conv_shape* s) {
  if (s->n < 0 || s->h < 1 || s->w < 1 || s->c < 1 || s->kh < 1 || s->kw < 1 || s->o < 1 || s->sh < 1 || s->sw < 1 || s->oh < 1 || s->ow < 1)
    return "tsgan native: convolution sizes must be ≥ 1 (the batch ≥ 0)";
  if (s->top < 0 || s->left < 0) return "tsgan native: convolution paddings must be ≥ 0";
  const int64_t lim = INT32_MAX;
  const int64_t taps = (int64_t)s->kh * s->kw * s->c;
  if (taps > lim || (int64_t)s->n * s->h * s->w * s->c > lim || (int64_t)s->n * s->oh * s->ow * s->o > lim || taps * s->o > lim ||
      (int64_t)s->n * s->oh * s->ow > lim)
    return "tsgan native: a convolution tensor has more than 2^31 - 1 values";
  return 0;
}

/* ---------- scratch memory (the kernels run from one thread at a time, as pool_run requires) ---------- */

static float* cols_buffer;
static size_t cols_size;
static float* partial_buffer;
static size_t partial_size;

/* A 64-byte aligned buffer of at least `want` floats in *p (grown, contents lost); aborts without memory. */
static float* grow(float** p, size_t* have, size_t want) {
  if (*have >= want) return *p;
  free(*p);
  void* q = 0;
  if (posix_memalign(&q, 64, want * sizeof(float)) != 0) abort();
  *p = (float*)q;
  *have = want;
  return *p;
}

/* Rows of the column matrix (width `width` floats) per chunk: see CHUNK_FLOATS. */
static int chunk_rows(int width) {
  int r = CHUNK_FLOATS / width;
  r -= r % CHUNK_ROW_MULTIPLE;
  return r < CHUNK_ROW_MULTIPLE ? CHUNK_ROW_MULTIPLE : r;
}

/* How many tasks to cut `units` independent pieces of work into. */
static int task_count(int units) {
  int t = TASKS_PER_THREAD * pool_threads();
  if (pool_threads() <= 1) t = 1;
  return units < t ? units : t;
}

/* True when the column matrix of x is x itself (1×1 filter, stride 1, no padding). */
static int is_pointwise(const conv_shape* s) {
  return s->kh == 1 && s->kw == 1 && s->sh == 1 && s->sw == 1 && s->top == 0 && s->left == 0 && s->oh == s->h && s->ow == s->w;
}

/* ---------- im2col: rows [r0, r0 + rows) of the column matrix ---------- */

typedef struct {
  const conv_shape* s;
  const float* x;
  float* cols;
  int r0, rows, tasks;
} im2col_job;

/* Column-matrix row r (output pixel (n, i, j)): the window's kh·kw·c values, zeros outside x. */
static void im2col_row(const conv_shape* s, const float* x, int r, float* dst) {
  const int per_image = s->oh * s->ow;
  const int n = r / per_image, i = (r % per_image) / s->ow, j = r % s->ow;
  const int c = s->c, kw = s->kw;
  const int x0 = j * s->sw - s->left; /* input column of tap b = 0 */
  int b0 = -x0, b1 = s->w - x0;       /* taps [b0, b1) fall inside the row */
  if (b0 < 0) b0 = 0;
  if (b1 > kw) b1 = kw;
  for (int a = 0; a < s->kh; a++, dst += (size_t)kw * c) {
    const int y = i * s->sh + a - s->top;
    if (y < 0 || y >= s->h || b0 >= b1) {
      memset(dst, 0, (size_t)kw * c * sizeof(float));
      continue;
    }
    if (b0 > 0) memset(dst, 0, (size_t)b0 * c * sizeof(float));
    memcpy(dst + (size_t)b0 * c, x + (((size_t)n * s->h + y) * s->w + (x0 + b0)) * c, (size_t)(b1 - b0) * c * sizeof(float));
    if (b1 < kw) memset(dst + (size_t)b1 * c, 0, (size_t)(kw - b1) * c * sizeof(float));
  }
}

static void im2col_task(void* ctx, int task, int slot) {
  (void)slot;
  const im2col_job* j = (const im2col_job*)ctx;
  const int width = j->s->kh * j->s->kw * j->s->c;
  const int from = (int)((int64_t)j->rows * task / j->tasks), to = (int)((int64_t)j->rows * (task + 1) / j->tasks);
  for (int r = from; r < to; r++) im2col_row(j->s, j->x, j->r0 + r, j->cols + (size_t)r * width);
}

/* Fills `cols` with rows [r0, r0 + rows) of x's column matrix. */
static void im2col(const conv_shape* s, const float* x, float* cols, int r0, int rows) {
  im2col_job j = {s, x, cols, r0, rows, task_count(rows)};
  pool_run(j.tasks, im2col_task, &j);
}

/* ---------- forward ---------- */

void conv_forward(const conv_shape* s, const float* x, const float* filter, float* y, const float* bias, int biasKind, int activation, float alpha) {
  const int width = s->kh * s->kw * s->c, rows = s->n * s->oh * s->ow;
  if (rows == 0) return;
  if (is_pointwise(s)) {
    gemm_args g = {rows, s->o, width, x, 0, filter, 0, y, bias, biasKind, activation, alpha};
    gemm(&g);
    return;
  }
  const int chunk = chunk_rows(width);
  float* cols = grow(&cols_buffer, &cols_size, (size_t)(chunk < rows ? chunk : rows) * width);
  for (int r0 = 0; r0 < rows; r0 += chunk) {
    const int rr = rows - r0 < chunk ? rows - r0 : chunk;
    im2col(s, x, cols, r0, rr);
    gemm_args g = {rr, s->o, width, cols, 0, filter, 0, y + (size_t)r0 * s->o, bias, biasKind, activation, alpha};
    gemm(&g);
  }
}

/* ---------- filter gradient ---------- */

void conv_filter_grad(const conv_shape* s, const float* x, const float* dy, float* dw) {
  const int width = s->kh * s->kw * s->c, rows = s->n * s->oh * s->ow;
  const size_t size = (size_t)width * s->o;
  if (rows == 0) {
    memset(dw, 0, size * sizeof(float));
    return;
  }
  if (is_pointwise(s)) {
    gemm_args g = {width, s->o, rows, x, 1, dy, 0, dw, 0, BIAS_NONE, ACT_LINEAR, 0.0f};
    gemm(&g);
    return;
  }
  /* One product per chunk of rows (the k of the product); the chunks' products are added to dw in
   * chunk order, each in a fixed element order. */
  const int chunk = chunk_rows(width);
  float* cols = grow(&cols_buffer, &cols_size, (size_t)(chunk < rows ? chunk : rows) * width);
  float* partial = rows > chunk ? grow(&partial_buffer, &partial_size, size) : 0;
  for (int r0 = 0; r0 < rows; r0 += chunk) {
    const int rr = rows - r0 < chunk ? rows - r0 : chunk;
    im2col(s, x, cols, r0, rr);
    gemm_args g = {width, s->o, rr, cols, 1, dy + (size_t)r0 * s->o, 0, r0 == 0 ? dw : partial, 0, BIAS_NONE, ACT_LINEAR, 0.0f};
    gemm(&g);
    if (r0 > 0)
      for (size_t e = 0; e < size; e++) dw[e] = dw[e] + partial[e];
  }
}

/* ---------- input gradient ---------- */

/* A tap of one axis that reaches a given input row (or column): filter offset and output index. */
typedef struct {
  int tap, out;
} axis_hit;

typedef struct {
  const conv_shape* s;
  const float* cols; /* column matrix' rows of images [n0, n0 + images) */
  float* dx;
  int n0, images, tasks;
  /* hits of input column q: col_hits[q·kw ...], col_count[q] of them (taps ascending) */
  const axis_hit* col_hits;
  const int* col_count;
} col2im_job;

/* The taps a (ascending) of an axis with kernel k, stride st, padding pad and output size out that read
 * input index p, with their output index: p = out·st + a − pad. Returns how many (≤ k). */
static int axis_hits(int p, int k, int st, int pad, int out, axis_hit* hits) {
  int count = 0;
  for (int a = 0; a < k; a++) {
    const int t = p + pad - a;
    if (t < 0) break;
    if (t % st != 0 || t / st >= out) continue;
    hits[count++] = (axis_hit){a, t / st};
  }
  return count;
}

static void col2im_task(void* ctx, int task, int slot) {
  (void)slot;
  const col2im_job* j = (const col2im_job*)ctx;
  const conv_shape* s = j->s;
  const int c = s->c, kw = s->kw, width = s->kh * kw * c;
  const int units = j->images * s->h;
  const int from = (int)((int64_t)units * task / j->tasks), to = (int)((int64_t)units * (task + 1) / j->tasks);
  axis_hit row_hits[64];
  axis_hit* rh = s->kh <= 64 ? row_hits : (axis_hit*)malloc(sizeof(axis_hit) * s->kh);
  if (!rh) abort();
  for (int u = from; u < to; u++) {
    const int m = u / s->h, p = u % s->h; /* image n0 + m, input row p */
    const int nr = axis_hits(p, s->kh, s->sh, s->top, s->oh, rh);
    const float* image_cols = j->cols + (size_t)m * s->oh * s->ow * width;
    float* dst = j->dx + (((size_t)(j->n0 + m) * s->h + p) * s->w) * c;
    for (int q = 0; q < s->w; q++, dst += c) {
      const axis_hit* ch = j->col_hits + (size_t)q * kw;
      const int nc = j->col_count[q];
      int first = 1;
      for (int ra = 0; ra < nr; ra++) {
        const float* row = image_cols + (size_t)rh[ra].out * s->ow * width + (size_t)rh[ra].tap * kw * c;
        for (int cb = 0; cb < nc; cb++) {
          const float* src = row + (size_t)ch[cb].out * width + (size_t)ch[cb].tap * c;
          if (first) memcpy(dst, src, (size_t)c * sizeof(float));
          else
            for (int e = 0; e < c; e++) dst[e] = dst[e] + src[e];
          first = 0;
        }
      }
      if (first) memset(dst, 0, (size_t)c * sizeof(float));
    }
  }
  if (rh != row_hits) free(rh);
}

void conv_input_grad(const conv_shape* s, const float* dy, const float* filter, float* dx) {
  const int width = s->kh * s->kw * s->c, per_image = s->oh * s->ow;
  if (s->n == 0) return;
  if (is_pointwise(s)) {
    gemm_args g = {s->n * per_image, s->c, s->o, dy, 0, filter, 1, dx, 0, BIAS_NONE, ACT_LINEAR, 0.0f};
    gemm(&g);
    return;
  }
  /* Column hits of every input column, once per call. */
  axis_hit* col_hits = (axis_hit*)malloc(sizeof(axis_hit) * (size_t)s->w * s->kw);
  int* col_count = (int*)malloc(sizeof(int) * (size_t)s->w);
  if (!col_hits || !col_count) abort();
  for (int q = 0; q < s->w; q++) col_count[q] = axis_hits(q, s->kw, s->sw, s->left, s->ow, col_hits + (size_t)q * s->kw);
  int images = CHUNK_FLOATS / ((int64_t)per_image * width > CHUNK_FLOATS ? CHUNK_FLOATS : per_image * width);
  if (images < 1) images = 1;
  float* cols = grow(&cols_buffer, &cols_size, (size_t)(images < s->n ? images : s->n) * per_image * width);
  for (int n0 = 0; n0 < s->n; n0 += images) {
    const int nn = s->n - n0 < images ? s->n - n0 : images;
    /* cols' = dy·Wᵀ for these images: W is [width, o] row-major, i.e. Wᵀ as an N×K matrix. */
    gemm_args g = {nn * per_image, width, s->o, dy + (size_t)n0 * per_image * s->o, 0, filter, 1, cols, 0, BIAS_NONE, ACT_LINEAR, 0.0f};
    gemm(&g);
    col2im_job j = {s, cols, dx, n0, nn, task_count(nn * s->h), col_hits, col_count};
    pool_run(j.tasks, col2im_task, &j);
  }
  free(col_hits);
  free(col_count);
}
