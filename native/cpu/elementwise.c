/* See elementwise.h. Plain C loops that GCC vectorizes; the wide variants are compiled for AVX-512 and
 * AVX2 with target attributes and chosen by the kernel level (cpu-level.h). Element-wise results do not
 * depend on the vector width. */
#include "elementwise.h"
#include "cpu-level.h"
#include "pool.h"
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

/* Values per task when an array is split over threads (a multiple of 64). */
#define BLOCK 16384
/* Arrays shorter than this run on the calling thread. */
#define PARALLEL_MIN 65536

/* Runs f(job, s, e) over [0, n) in fixed blocks of `block` values, split over threads when n ≥ `min`
 * (each block is one task: values and partial results do not depend on the thread count). */
typedef void (*range_fn)(const void* job, long s, long e);
typedef struct {
  range_fn f;
  const void* job;
  long n, block;
} blocked_job;

static void blocked_task(void* ctx, int task, int slot) {
  (void)slot;
  const blocked_job* b = (const blocked_job*)ctx;
  const long s = (long)task * b->block, e = s + b->block < b->n ? s + b->block : b->n;
  b->f(b->job, s, e);
}

static void run_blocked(range_fn f, const void* job, long n, long block, long min) {
  if (n < min || pool_threads() == 1) {
    f(job, 0, n);
    return;
  }
  blocked_job b = {f, job, n, block};
  pool_run((int)((n + block - 1) / block), blocked_task, &b);
}

#define ADAM_BODY                                                           \
  for (long i = 0; i < n; i++) {                                            \
    const float gi = g[i];                                                  \
    const float mi = m[i] * beta1 + gi * oneMinusBeta1;                     \
    const float vi = v[i] * beta2 + (gi * gi) * oneMinusBeta2;              \
    const float den = sqrtf(vi) / s + eps;                                  \
    m1[i] = mi;                                                             \
    v1[i] = vi;                                                             \
    p1[i] = p[i] - (mi / den) * step;                                       \
  }

#define ADAM_ARGS const float* restrict p, const float* restrict m, const float* restrict v, const float* restrict g, float* restrict p1, \
  float* restrict m1, float* restrict v1, long n, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float s, float eps, float step
static void adam_portable(ADAM_ARGS) { ADAM_BODY }
#if defined(__x86_64__)
__attribute__((target("avx2"))) static void adam_avx2(ADAM_ARGS) { ADAM_BODY }
__attribute__((target("avx512f"))) static void adam_avx512(ADAM_ARGS) { ADAM_BODY }
#endif

typedef struct {
  const float *p, *m, *v, *g;
  float *p1, *m1, *v1;
  long n;
  float beta1, oneMinusBeta1, beta2, oneMinusBeta2, s, eps, step;
} adam_job;

static void adam_range(const void* job, long a, long b) {
  const adam_job* j = (const adam_job*)job;
  const long k = b - a;
  void (*f)(ADAM_ARGS) = adam_portable;
#if defined(__x86_64__)
  if (cpu_level_current() == LEVEL_AVX512) f = adam_avx512;
  else if (cpu_level_current() == LEVEL_AVX2) f = adam_avx2;
#endif
  f(j->p + a, j->m + a, j->v + a, j->g + a, j->p1 + a, j->m1 + a, j->v1 + a, k, j->beta1, j->oneMinusBeta1, j->beta2, j->oneMinusBeta2, j->s, j->eps, j->step);
}

void ew_adam(const float* p, const float* m, const float* v, const float* g, float* p1, float* m1, float* v1, long n,
             float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float s, float eps, float step) {
  adam_job j = {p, m, v, g, p1, m1, v1, n, beta1, oneMinusBeta1, beta2, oneMinusBeta2, s, eps, step};
  run_blocked(adam_range, &j, n, BLOCK, PARALLEL_MIN);
}

/* ---- Σ x² ---- */
#define SQ_BLOCK 4096

static double sum_squares_block(const float* x, long n) {
  double acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  long i = 0;
  for (; i + 8 <= n; i += 8)
    for (int l = 0; l < 8; l++) acc[l] += (double)x[i + l] * (double)x[i + l];
  double total = 0;
  for (int l = 0; l < 8; l++) total += acc[l];
  for (; i < n; i++) total += (double)x[i] * (double)x[i];
  return total;
}

typedef struct {
  const float* x;
  long n;
  double* sums;
} sq_job;

static void sq_task(void* ctx, int task, int slot) {
  (void)slot;
  const sq_job* j = (const sq_job*)ctx;
  const long a = (long)task * SQ_BLOCK, b = a + SQ_BLOCK < j->n ? a + SQ_BLOCK : j->n;
  j->sums[task] = sum_squares_block(j->x + a, b - a);
}

double ew_sum_squares(const float* x, long n) {
  const long blocks = (n + SQ_BLOCK - 1) / SQ_BLOCK;
  double total = 0;
  if (n < PARALLEL_MIN || pool_threads() == 1) {
    for (long b = 0; b < blocks; b++) {
      const long a = b * SQ_BLOCK;
      total += sum_squares_block(x + a, (a + SQ_BLOCK < n ? a + SQ_BLOCK : n) - a);
    }
    return total;
  }
  double stack[256];
  double* sums = stack;
  double* heap = 0;
  if (blocks > 256) {
    heap = (double*)malloc(sizeof(double) * (size_t)blocks);
    if (!heap) abort();
    sums = heap;
  }
  sq_job j = {x, n, sums};
  pool_run((int)blocks, sq_task, &j);
  for (long b = 0; b < blocks; b++) total += sums[b];
  free(heap);
  return total;
}

/* ---- transpose, 32 × 32 tiles ---- */
void ew_transpose(const float* x, float* out, int rows, int cols) {
  const int T = 32;
  for (int r0 = 0; r0 < rows; r0 += T) {
    const int r1 = r0 + T < rows ? r0 + T : rows;
    for (int c0 = 0; c0 < cols; c0 += T) {
      const int c1 = c0 + T < cols ? c0 + T : cols;
      for (int r = r0; r < r1; r++)
        for (int c = c0; c < c1; c++) out[(size_t)c * rows + r] = x[(size_t)r * cols + c];
    }
  }
}

/* ---- dense layers ---- */
void ew_bias_act(const float* z, const float* b, float* y, int units, int n, int act, float alpha) {
  for (int u = 0; u < units; u++) {
    const float* zu = z + (size_t)u * n;
    float* yu = y + (size_t)u * n;
    const float bu = b[u];
    if (act == 0)
      for (int j = 0; j < n; j++) { const float x = zu[j] + bu; yu[j] = x < 0 ? 0.0f : x; }
    else if (act == 1)
      for (int j = 0; j < n; j++) { const float x = zu[j] + bu; yu[j] = x < 0 ? x * alpha : x; }
    else
      for (int j = 0; j < n; j++) yu[j] = zu[j] + bu;
  }
}

static inline __attribute__((always_inline)) float derivative(float y, int act, float alpha) {
  switch (act) {
    case 0: return y > 0 ? 1.0f : 0.0f;
    case 1: return y > 0 ? 1.0f : alpha;
    case 2: return 1.0f - y * y;
    default: return y * (1.0f - y);
  }
}

#define DENSE_ARGS const float* restrict dy, const float* restrict y, float* restrict delta, float* restrict bias, int rows, int cols, int act, float alpha

/* Feature-major: rows = units, cols = samples; bias[u] = Σ_j delta[u, j], j = 0, 1, … */
#define DENSE_FM_BODY                                                                          \
  for (int u = 0; u < rows; u++) {                                                             \
    const float* restrict dyu = dy + (size_t)u * cols;                                         \
    const float* restrict yu = y + (size_t)u * cols;                                           \
    float* restrict du = delta + (size_t)u * cols;                                             \
    if (act == 4)                                                                              \
      for (int j = 0; j < cols; j++) du[j] = dyu[j];                                           \
    else if (act == 0)                                                                         \
      for (int j = 0; j < cols; j++) du[j] = dyu[j] * (yu[j] > 0 ? 1.0f : 0.0f);               \
    else                                                                                       \
      for (int j = 0; j < cols; j++) du[j] = dyu[j] * derivative(yu[j], act, alpha);          \
    float sum = 0.0f;                                                                          \
    for (int j = 0; j < cols; j++) sum += du[j];                                               \
    bias[u] = sum;                                                                             \
  }

/* Batch-major: rows = samples, cols = units; bias[u] = Σ_r delta[r, u], r = 0, 1, … */
#define DENSE_BM_BODY                                                                          \
  for (int u = 0; u < cols; u++) bias[u] = 0.0f;                                               \
  for (int r = 0; r < rows; r++) {                                                             \
    const float* restrict dyr = dy + (size_t)r * cols;                                         \
    const float* restrict yr = y + (size_t)r * cols;                                           \
    float* restrict dr = delta + (size_t)r * cols;                                             \
    if (act == 4)                                                                              \
      for (int u = 0; u < cols; u++) dr[u] = dyr[u];                                           \
    else if (act == 0)                                                                         \
      for (int u = 0; u < cols; u++) dr[u] = dyr[u] * (yr[u] > 0 ? 1.0f : 0.0f);               \
    else                                                                                       \
      for (int u = 0; u < cols; u++) dr[u] = dyr[u] * derivative(yr[u], act, alpha);          \
    for (int u = 0; u < cols; u++) bias[u] += dr[u];                                           \
  }

static void dense_fm_portable(DENSE_ARGS) { DENSE_FM_BODY }
static void dense_bm_portable(DENSE_ARGS) { DENSE_BM_BODY }
#if defined(__x86_64__)
__attribute__((target("avx2"))) static void dense_fm_avx2(DENSE_ARGS) { DENSE_FM_BODY }
__attribute__((target("avx2"))) static void dense_bm_avx2(DENSE_ARGS) { DENSE_BM_BODY }
__attribute__((target("avx512f"))) static void dense_fm_avx512(DENSE_ARGS) { DENSE_FM_BODY }
__attribute__((target("avx512f"))) static void dense_bm_avx512(DENSE_ARGS) { DENSE_BM_BODY }
#endif

void ew_dense_delta_fm(const float* dy, const float* y, float* delta, float* bias, int units, int n, int act, float alpha) {
#if defined(__x86_64__)
  if (cpu_level_current() == LEVEL_AVX512) { dense_fm_avx512(dy, y, delta, bias, units, n, act, alpha); return; }
  if (cpu_level_current() == LEVEL_AVX2) { dense_fm_avx2(dy, y, delta, bias, units, n, act, alpha); return; }
#endif
  dense_fm_portable(dy, y, delta, bias, units, n, act, alpha);
}

void ew_dense_delta_bm(const float* dy, const float* y, float* delta, float* bias, int n, int units, int act, float alpha) {
#if defined(__x86_64__)
  if (cpu_level_current() == LEVEL_AVX512) { dense_bm_avx512(dy, y, delta, bias, n, units, act, alpha); return; }
  if (cpu_level_current() == LEVEL_AVX2) { dense_bm_avx2(dy, y, delta, bias, n, units, act, alpha); return; }
#endif
  dense_bm_portable(dy, y, delta, bias, n, units, act, alpha);
}

/* ---- the averaged generator's update, and tanh: element-wise, split in fixed blocks over threads ---- */
#define AVERAGE_BODY for (long i = 0; i < n; i++) out[i] = a[i] * d + l[i] * o;
#define AVERAGE_ARGS const float* restrict a, const float* restrict l, float* restrict out, long n, float d, float o
static void average_portable(AVERAGE_ARGS) { AVERAGE_BODY }
#if defined(__x86_64__)
__attribute__((target("avx2"))) static void average_avx2(AVERAGE_ARGS) { AVERAGE_BODY }
__attribute__((target("avx512f"))) static void average_avx512(AVERAGE_ARGS) { AVERAGE_BODY }
#endif

typedef struct {
  const float *a, *l;
  float* out;
  long n;
  float d, o;
} unary_job;

static void average_range(const void* job, long s, long e) {
  const unary_job* j = (const unary_job*)job;
  void (*f)(AVERAGE_ARGS) = average_portable;
#if defined(__x86_64__)
  if (cpu_level_current() == LEVEL_AVX512) f = average_avx512;
  else if (cpu_level_current() == LEVEL_AVX2) f = average_avx2;
#endif
  f(j->a + s, j->l + s, j->out + s, e - s, j->d, j->o);
}

/* tanh in float64, rounded once to float32 (glibc's tanhf is off by up to ~4 ulp). Not vectorized: GCC
 * would call libmvec's vector tanh, with other bits in the loop's tail than in its body. */
__attribute__((optimize("no-tree-vectorize"))) static void tanh_range(const void* job, long s, long e) {
  const unary_job* j = (const unary_job*)job;
  for (long i = s; i < e; i++) j->out[i] = (float)tanh((double)j->a[i]);
}

void ew_average(const float* a, const float* l, float* out, long n, float d, float o) {
  unary_job j = {a, l, out, n, d, o};
  run_blocked(average_range, &j, n, BLOCK, PARALLEL_MIN);
}

void ew_tanh(const float* x, float* out, long n) {
  unary_job j = {x, 0, out, n, 0, 0};
  /* tanhf costs ~10 ns a value: worth a second thread from a few thousand values on. */
  run_blocked(tanh_range, &j, n, 4096, 8192);
}
