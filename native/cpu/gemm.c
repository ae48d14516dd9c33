/*
 * The matrix product of gemm.h, BLIS-style: op(B) is packed in panels NR columns wide and op(A) in panels
 * MR rows tall (zero-padded at the edges), and a register-blocked micro-kernel computes one MR×NR tile of
 * C over KC values of k at a time, keeping the tile in registers. Tiles at the edges are computed in a
 * scratch tile and their valid part copied. The work is split over threads by column ranges of C (or row
 * ranges when C is narrow); every value's sum runs in the fixed order of gemm.h whatever the split.
 * Products with at most NARROW_MAX columns or rows of C go to gemm-narrow.c instead (same bits).
 */
#include "gemm.h"
#include "gemm-narrow.h"
#include "cpu-level.h"
#include "pool.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define KC 256
#define MAX_MR 8
#define MAX_NR 32

/* One MR×NR tile: c[i·ldc + j] (+)= Σ_p a[i·rs + p·ks] · b[p·NR + j] for p < kc. `a` is either packed
 * (rs = 1, ks = MR) or op(A) read in place (rs, ks its row and k strides). */
typedef void (*micro_kernel)(int kc, const float* a, int rs, int ks, const float* b, float* c, int ldc, int accumulate);

/* ---------- portable: 4 × 16, multiply then add (the compiler vectorizes with the baseline SIMD) ---------- */
static void kernel_portable(int kc, const float* a, int rs, int ks, const float* b, float* c, int ldc, int accumulate) {
  float acc[4][16];
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 16; j++) acc[i][j] = accumulate ? c[i * ldc + j] : 0.0f;
  for (int p = 0; p < kc; p++) {
    for (int i = 0; i < 4; i++) {
      const float ai = a[i * rs];
      for (int j = 0; j < 16; j++) acc[i][j] = acc[i][j] + ai * b[j];
    }
    a += ks;
    b += 16;
  }
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 16; j++) c[i * ldc + j] = acc[i][j];
}

#if defined(__x86_64__)
/* ---------- AVX2 + FMA: 6 × 16 (12 ymm accumulators) ---------- */
__attribute__((target("avx2,fma"))) static void kernel_avx2(int kc, const float* a, int rs, int ks, const float* b, float* c, int ldc, int accumulate) {
  __m256 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
  if (accumulate) {
    c00 = _mm256_loadu_ps(c + 0 * ldc), c01 = _mm256_loadu_ps(c + 0 * ldc + 8);
    c10 = _mm256_loadu_ps(c + 1 * ldc), c11 = _mm256_loadu_ps(c + 1 * ldc + 8);
    c20 = _mm256_loadu_ps(c + 2 * ldc), c21 = _mm256_loadu_ps(c + 2 * ldc + 8);
    c30 = _mm256_loadu_ps(c + 3 * ldc), c31 = _mm256_loadu_ps(c + 3 * ldc + 8);
    c40 = _mm256_loadu_ps(c + 4 * ldc), c41 = _mm256_loadu_ps(c + 4 * ldc + 8);
    c50 = _mm256_loadu_ps(c + 5 * ldc), c51 = _mm256_loadu_ps(c + 5 * ldc + 8);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = _mm256_setzero_ps();
  }
  for (int p = 0; p < kc; p++) {
    const __m256 b0 = _mm256_load_ps(b), b1 = _mm256_load_ps(b + 8);
    __m256 ai;
    ai = _mm256_broadcast_ss(a + 0 * rs); c00 = _mm256_fmadd_ps(ai, b0, c00); c01 = _mm256_fmadd_ps(ai, b1, c01);
    ai = _mm256_broadcast_ss(a + 1 * rs); c10 = _mm256_fmadd_ps(ai, b0, c10); c11 = _mm256_fmadd_ps(ai, b1, c11);
    ai = _mm256_broadcast_ss(a + 2 * rs); c20 = _mm256_fmadd_ps(ai, b0, c20); c21 = _mm256_fmadd_ps(ai, b1, c21);
    ai = _mm256_broadcast_ss(a + 3 * rs); c30 = _mm256_fmadd_ps(ai, b0, c30); c31 = _mm256_fmadd_ps(ai, b1, c31);
    ai = _mm256_broadcast_ss(a + 4 * rs); c40 = _mm256_fmadd_ps(ai, b0, c40); c41 = _mm256_fmadd_ps(ai, b1, c41);
    ai = _mm256_broadcast_ss(a + 5 * rs); c50 = _mm256_fmadd_ps(ai, b0, c50); c51 = _mm256_fmadd_ps(ai, b1, c51);
    a += ks;
    b += 16;
  }
  _mm256_storeu_ps(c + 0 * ldc, c00), _mm256_storeu_ps(c + 0 * ldc + 8, c01);
  _mm256_storeu_ps(c + 1 * ldc, c10), _mm256_storeu_ps(c + 1 * ldc + 8, c11);
  _mm256_storeu_ps(c + 2 * ldc, c20), _mm256_storeu_ps(c + 2 * ldc + 8, c21);
  _mm256_storeu_ps(c + 3 * ldc, c30), _mm256_storeu_ps(c + 3 * ldc + 8, c31);
  _mm256_storeu_ps(c + 4 * ldc, c40), _mm256_storeu_ps(c + 4 * ldc + 8, c41);
  _mm256_storeu_ps(c + 5 * ldc, c50), _mm256_storeu_ps(c + 5 * ldc + 8, c51);
}

/* ---------- AVX-512: 8 × 32 (16 zmm accumulators) ---------- */
__attribute__((target("avx512f"))) static void kernel_avx512(int kc, const float* a, int rs, int ks, const float* b, float* c, int ldc, int accumulate) {
  __m512 c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
  if (accumulate) {
    c00 = _mm512_loadu_ps(c + 0 * ldc), c01 = _mm512_loadu_ps(c + 0 * ldc + 16);
    c10 = _mm512_loadu_ps(c + 1 * ldc), c11 = _mm512_loadu_ps(c + 1 * ldc + 16);
    c20 = _mm512_loadu_ps(c + 2 * ldc), c21 = _mm512_loadu_ps(c + 2 * ldc + 16);
    c30 = _mm512_loadu_ps(c + 3 * ldc), c31 = _mm512_loadu_ps(c + 3 * ldc + 16);
    c40 = _mm512_loadu_ps(c + 4 * ldc), c41 = _mm512_loadu_ps(c + 4 * ldc + 16);
    c50 = _mm512_loadu_ps(c + 5 * ldc), c51 = _mm512_loadu_ps(c + 5 * ldc + 16);
    c60 = _mm512_loadu_ps(c + 6 * ldc), c61 = _mm512_loadu_ps(c + 6 * ldc + 16);
    c70 = _mm512_loadu_ps(c + 7 * ldc), c71 = _mm512_loadu_ps(c + 7 * ldc + 16);
  } else {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = _mm512_setzero_ps();
  }
  for (int p = 0; p < kc; p++) {
    const __m512 b0 = _mm512_load_ps(b), b1 = _mm512_load_ps(b + 16);
    __m512 ai;
    ai = _mm512_set1_ps(a[0 * rs]); c00 = _mm512_fmadd_ps(ai, b0, c00); c01 = _mm512_fmadd_ps(ai, b1, c01);
    ai = _mm512_set1_ps(a[1 * rs]); c10 = _mm512_fmadd_ps(ai, b0, c10); c11 = _mm512_fmadd_ps(ai, b1, c11);
    ai = _mm512_set1_ps(a[2 * rs]); c20 = _mm512_fmadd_ps(ai, b0, c20); c21 = _mm512_fmadd_ps(ai, b1, c21);
    ai = _mm512_set1_ps(a[3 * rs]); c30 = _mm512_fmadd_ps(ai, b0, c30); c31 = _mm512_fmadd_ps(ai, b1, c31);
    ai = _mm512_set1_ps(a[4 * rs]); c40 = _mm512_fmadd_ps(ai, b0, c40); c41 = _mm512_fmadd_ps(ai, b1, c41);
    ai = _mm512_set1_ps(a[5 * rs]); c50 = _mm512_fmadd_ps(ai, b0, c50); c51 = _mm512_fmadd_ps(ai, b1, c51);
    ai = _mm512_set1_ps(a[6 * rs]); c60 = _mm512_fmadd_ps(ai, b0, c60); c61 = _mm512_fmadd_ps(ai, b1, c61);
    ai = _mm512_set1_ps(a[7 * rs]); c70 = _mm512_fmadd_ps(ai, b0, c70); c71 = _mm512_fmadd_ps(ai, b1, c71);
    a += ks;
    b += 32;
  }
  _mm512_storeu_ps(c + 0 * ldc, c00), _mm512_storeu_ps(c + 0 * ldc + 16, c01);
  _mm512_storeu_ps(c + 1 * ldc, c10), _mm512_storeu_ps(c + 1 * ldc + 16, c11);
  _mm512_storeu_ps(c + 2 * ldc, c20), _mm512_storeu_ps(c + 2 * ldc + 16, c21);
  _mm512_storeu_ps(c + 3 * ldc, c30), _mm512_storeu_ps(c + 3 * ldc + 16, c31);
  _mm512_storeu_ps(c + 4 * ldc, c40), _mm512_storeu_ps(c + 4 * ldc + 16, c41);
  _mm512_storeu_ps(c + 5 * ldc, c50), _mm512_storeu_ps(c + 5 * ldc + 16, c51);
  _mm512_storeu_ps(c + 6 * ldc, c60), _mm512_storeu_ps(c + 6 * ldc + 16, c61);
  _mm512_storeu_ps(c + 7 * ldc, c70), _mm512_storeu_ps(c + 7 * ldc + 16, c71);
}
#endif

typedef struct {
  int mr, nr;
  micro_kernel kernel;
} kernel_shape;

static kernel_shape shape_for(enum cpu_level level) {
#if defined(__x86_64__)
  if (level == LEVEL_AVX512) return (kernel_shape){8, 32, kernel_avx512};
  if (level == LEVEL_AVX2) return (kernel_shape){6, 16, kernel_avx2};
#endif
  (void)level;
  return (kernel_shape){4, 16, kernel_portable};
}

int gemm_tile_rows(void) { return shape_for(cpu_level_current()).mr; }
int gemm_tile_cols(void) { return shape_for(cpu_level_current()).nr; }

/* ---------- packing ---------- */

/* op(A)[i, k] for rows [i0, i0+mr) (zero beyond M), k in [k0, k0+kc), as kc groups of mr values. */
static void pack_a(const gemm_args* g, int i0, int k0, int kc, int mr, float* dst) {
  const int rows = g->M - i0 < mr ? g->M - i0 : mr;
  if (g->transA) { /* A is K×M: row k holds op(A)[·, k] contiguously */
    for (int p = 0; p < kc; p++) {
      const float* src = g->A + (size_t)(k0 + p) * g->M + i0;
      int i = 0;
      for (; i < rows; i++) dst[i] = src[i];
      for (; i < mr; i++) dst[i] = 0.0f;
      dst += mr;
    }
  } else {
    for (int i = 0; i < mr; i++) {
      if (i < rows) {
        const float* src = g->A + (size_t)(i0 + i) * g->K + k0;
        for (int p = 0; p < kc; p++) dst[p * mr + i] = src[p];
      } else {
        for (int p = 0; p < kc; p++) dst[p * mr + i] = 0.0f;
      }
    }
  }
}

#if defined(__x86_64__)
/* dst[p·ld + r] = src[r·K + p] for r < 8, p < kc: eight rows of length kc (stride K) transposed into kc
 * groups of eight, 8×8 blocks in registers (exact copies: the packed values are the same bits). */
__attribute__((target("avx2"))) static void pack_b_transposed_8(const float* src, int K, int kc, float* dst, int ld) {
  int p = 0;
  for (; p + 8 <= kc; p += 8) {
    const __m256 r0 = _mm256_loadu_ps(src + 0 * (size_t)K + p), r1 = _mm256_loadu_ps(src + 1 * (size_t)K + p);
    const __m256 r2 = _mm256_loadu_ps(src + 2 * (size_t)K + p), r3 = _mm256_loadu_ps(src + 3 * (size_t)K + p);
    const __m256 r4 = _mm256_loadu_ps(src + 4 * (size_t)K + p), r5 = _mm256_loadu_ps(src + 5 * (size_t)K + p);
    const __m256 r6 = _mm256_loadu_ps(src + 6 * (size_t)K + p), r7 = _mm256_loadu_ps(src + 7 * (size_t)K + p);
    const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1);
    const __m256 t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    const __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
    const __m256 t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    const __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE);
    const __m256 u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    const __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE);
    const __m256 u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    float* d = dst + (size_t)p * ld;
    _mm256_storeu_ps(d + 0 * (size_t)ld, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(d + 1 * (size_t)ld, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(d + 2 * (size_t)ld, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(d + 3 * (size_t)ld, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(d + 4 * (size_t)ld, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(d + 5 * (size_t)ld, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(d + 6 * (size_t)ld, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(d + 7 * (size_t)ld, _mm256_permute2f128_ps(u3, u7, 0x31));
  }
  for (; p < kc; p++)
    for (int r = 0; r < 8; r++) dst[(size_t)p * ld + r] = src[(size_t)r * K + p];
}
#endif

/* op(B)[k, j] for k in [k0, k0+kc), columns [j0, j0+nr) (zero beyond N), as kc groups of nr values. */
static void pack_b(const gemm_args* g, int k0, int kc, int j0, int nr, float* dst) {
  const int cols = g->N - j0 < nr ? g->N - j0 : nr;
  if (!g->transB) {
    for (int p = 0; p < kc; p++) {
      const float* src = g->B + (size_t)(k0 + p) * g->N + j0;
      int j = 0;
      for (; j < cols; j++) dst[j] = src[j];
      for (; j < nr; j++) dst[j] = 0.0f;
      dst += nr;
    }
  } else { /* B is N×K: row j holds op(B)[·, j] */
    int j = 0;
#if defined(__x86_64__)
    /* Eight rows of B at a time through 8×8 register transposes (a scalar scatter costs ~2 cycles per
     * value: a third of A·Bᵀ's time at M = 64). */
    if (cpu_level_current() != LEVEL_PORTABLE)
      for (; j + 8 <= cols; j += 8) pack_b_transposed_8(g->B + (size_t)(j0 + j) * g->K + k0, g->K, kc, dst + j, nr);
#endif
    for (; j < nr; j++) {
      if (j < cols) {
        const float* src = g->B + (size_t)(j0 + j) * g->K + k0;
        for (int p = 0; p < kc; p++) dst[p * nr + j] = src[p];
      } else {
        for (int p = 0; p < kc; p++) dst[p * nr + j] = 0.0f;
      }
    }
  }
}

/* ---------- scratch memory, one set per thread slot ---------- */

typedef struct {
  float* a;
  float* b;
  size_t a_size, b_size;
} scratch;
static scratch scratches[POOL_MAX_THREADS];

static float* grow(float** p, size_t* have, size_t want) {
  if (*have >= want) return *p;
  free(*p);
  void* q = 0;
  if (posix_memalign(&q, 64, want * sizeof(float)) != 0) q = 0;
  *p = (float*)q;
  *have = q ? want : 0;
  return *p;
}

/* ---------- epilogue: + bias, activation ---------- */

/* Sigmoid, tanh and elu in float64, rounded once to float32. Scalar on purpose: vectorized, GCC would
 * call libmvec's exp / tanh, with other bits in a loop's tail than in its body. */
static float activate(float x, int act, float alpha);
__attribute__((noinline, optimize("no-tree-vectorize"))) static void activate_row(float* row, int c0, int c1, int act, float alpha) {
  for (int j = c0; j < c1; j++) row[j] = activate(row[j], act, alpha);
}

static float activate(float x, int act, float alpha) {
  switch (act) {
    case ACT_RELU: return x > 0.0f ? x : 0.0f;
    case ACT_LEAKY_RELU: return x < 0.0f ? alpha * x : x;
    case ACT_SIGMOID: return (float)(1.0 / (1.0 + exp(-(double)x)));
    case ACT_TANH: return (float)tanh((double)x);
    case ACT_ELU: return x > 0.0f ? x : (float)expm1((double)x);
    case ACT_RELU6: return x < 0.0f ? 0.0f : (x > 6.0f ? 6.0f : x);
    default: return x;
  }
}

/* + bias and the activation on rows [r0, r1), columns [c0, c1) of C: relu, leakyRelu and linear as
 * vector loops (compiled per level), the others through `activate`. */
#define EPILOGUE_BODY                                                                              \
  for (int i = r0; i < r1; i++) {                                                                  \
    float* restrict row = g->C + (size_t)i * g->N;                                                 \
    const float* restrict bias = g->bias;                                                          \
    if (g->biasKind == BIAS_PER_COLUMN)                                                            \
      for (int j = c0; j < c1; j++) row[j] = row[j] + bias[j];                                     \
    else if (g->biasKind == BIAS_SCALAR) {                                                         \
      const float b0 = bias[0];                                                                    \
      for (int j = c0; j < c1; j++) row[j] = row[j] + b0;                                          \
    }                                                                                              \
    if (g->activation == ACT_RELU)                                                                 \
      for (int j = c0; j < c1; j++) row[j] = row[j] > 0.0f ? row[j] : 0.0f;                        \
    else if (g->activation == ACT_LEAKY_RELU) {                                                    \
      const float alpha = g->alpha;                                                                \
      for (int j = c0; j < c1; j++) row[j] = row[j] < 0.0f ? alpha * row[j] : row[j];              \
    } else if (g->activation != ACT_LINEAR)                                                        \
      activate_row(row, c0, c1, g->activation, g->alpha);                                          \
  }

static void epilogue_portable(const gemm_args* g, int r0, int r1, int c0, int c1) { EPILOGUE_BODY }
#if defined(__x86_64__)
__attribute__((target("avx2"))) static void epilogue_avx2(const gemm_args* g, int r0, int r1, int c0, int c1) { EPILOGUE_BODY }
__attribute__((target("avx512f"))) static void epilogue_avx512(const gemm_args* g, int r0, int r1, int c0, int c1) { EPILOGUE_BODY }
#endif

void gemm_epilogue(const gemm_args* g, int r0, int r1, int c0, int c1) {
  if (g->biasKind == BIAS_NONE && g->activation == ACT_LINEAR) return;
#if defined(__x86_64__)
  if (cpu_level_current() == LEVEL_AVX512) { epilogue_avx512(g, r0, r1, c0, c1); return; }
  if (cpu_level_current() == LEVEL_AVX2) { epilogue_avx2(g, r0, r1, c0, c1); return; }
#endif
  epilogue_portable(g, r0, r1, c0, c1);
}

/* ---------- one block of C: rows [r0, r1), columns [c0, c1) ---------- */

typedef struct {
  const gemm_args* g;
  kernel_shape ks;
  int tasks, split_rows;  /* split_rows: tasks are row ranges (else column ranges) */
  int unit;               /* rows or columns per task, a multiple of mr or nr */
} gemm_job;

static void gemm_block_columns(const gemm_args* g, kernel_shape ks, int r0, int r1, int c0, int c1, int slot) {
  const int mr = ks.mr, nr = ks.nr;
  const int npanels = (c1 - c0 + nr - 1) / nr;
  scratch* s = &scratches[slot];
  float* bp = grow(&s->b, &s->b_size, (size_t)KC * npanels * nr);
  float* ap = grow(&s->a, &s->a_size, (size_t)KC * mr);
  if (!bp || !ap) abort();
  float tile[MAX_MR * MAX_NR] __attribute__((aligned(64)));
  /* op(A) in place: row stride and k stride. */
  const int a_rs = g->transA ? 1 : g->K, a_ks = g->transA ? g->M : 1;
  for (int k0 = 0; k0 < g->K; k0 += KC) {
    const int kc = g->K - k0 < KC ? g->K - k0 : KC;
    const int accumulate = k0 > 0, last = k0 + kc >= g->K;
    for (int q = 0; q < npanels; q++) pack_b(g, k0, kc, c0 + q * nr, nr, bp + (size_t)q * kc * nr);
    for (int i = r0; i < r1; i += mr) {
      const int rws = r1 - i < mr ? r1 - i : mr;
      /* A full panel is read in place; a panel at the bottom edge of C is packed with zero rows. */
      const float* a;
      int rs, kstride;
      if (i + mr <= g->M) {
        a = g->A + (g->transA ? (size_t)k0 * g->M + i : (size_t)i * g->K + k0);
        rs = a_rs;
        kstride = a_ks;
      } else {
        pack_a(g, i, k0, kc, mr, ap);
        a = ap;
        rs = 1;
        kstride = mr;
      }
      for (int q = 0; q < npanels; q++) {
        const int j = c0 + q * nr;
        const int cols = c1 - j < nr ? c1 - j : nr;
        float* c = g->C + (size_t)i * g->N + j;
        const float* b = bp + (size_t)q * kc * nr;
        if (rws == mr && cols == nr) {
          ks.kernel(kc, a, rs, kstride, b, c, g->N, accumulate);
        } else {
          if (accumulate)
            for (int r = 0; r < rws; r++) memcpy(tile + r * nr, c + (size_t)r * g->N, cols * sizeof(float));
          ks.kernel(kc, a, rs, kstride, b, tile, nr, accumulate);
          for (int r = 0; r < rws; r++) memcpy(c + (size_t)r * g->N, tile + r * nr, cols * sizeof(float));
        }
        /* The tile is final after the last k block: bias and activation while it is in cache. */
        if (last) gemm_epilogue(g, i, i + rws, j, j + cols);
      }
    }
  }
}

#ifndef NC
#define NC 384
#endif
static void gemm_block(const gemm_args* g, kernel_shape ks, int r0, int r1, int c0, int c1, int slot) {
  for (int c = c0; c < c1; c += NC) gemm_block_columns(g, ks, r0, r1, c, c1 - c < NC ? c1 : c + NC, slot);
}

static void gemm_task(void* ctx, int task, int slot) {
  const gemm_job* j = (const gemm_job*)ctx;
  const gemm_args* g = j->g;
  if (j->split_rows) {
    const int r0 = task * j->unit, r1 = r0 + j->unit < g->M ? r0 + j->unit : g->M;
    gemm_block(g, j->ks, r0, r1, 0, g->N, slot);
  } else {
    const int c0 = task * j->unit, c1 = c0 + j->unit < g->N ? c0 + j->unit : g->N;
    gemm_block(g, j->ks, 0, g->M, c0, c1, slot);
  }
}

/* Products below this many multiply-adds run on the calling thread alone. */
#define PARALLEL_MIN_MACS (1 << 19)
#define TASKS_PER_THREAD 1

void gemm(const gemm_args* g) {
  if (g->M <= 0 || g->N <= 0) return;
  if (g->K <= 0) {
    for (int i = 0; i < g->M; i++) memset(g->C + (size_t)i * g->N, 0, (size_t)g->N * sizeof(float));
    gemm_epilogue(g, 0, g->M, 0, g->N);
    return;
  }
  if (gemm_narrow(g)) return;
  gemm_job j = {g, shape_for(cpu_level_current()), 1, 0, g->N};
  const int threads = pool_threads();
  if (threads > 1 && (double)g->M * g->N * g->K >= PARALLEL_MIN_MACS) {
    /* Split the dimension whose split repacks less: column ranges each pack all of op(A) (M×K values),
     * row ranges all of op(B) (K×N). One task per thread: measured on 2 idle cores, 256×128×128 took
     * 21.8 µs with 2 tasks, 25.0 with 4, 27.3 with 6 (each task packs its operand again); tasks are
     * claimed as threads come free, so a thread that has not started yet loses nothing. */
    const int colPanels = (g->N + j.ks.nr - 1) / j.ks.nr, rowPanels = (g->M + j.ks.mr - 1) / j.ks.mr;
    j.split_rows = g->N < g->M;
    const int panels = j.split_rows ? rowPanels : colPanels;
    int tasks = TASKS_PER_THREAD * threads;
    if (tasks > panels) tasks = panels;
    const int per = (panels + tasks - 1) / tasks;
    j.unit = per * (j.split_rows ? j.ks.mr : j.ks.nr);
    j.tasks = ((j.split_rows ? g->M : g->N) + j.unit - 1) / j.unit;
  }
  if (j.tasks <= 1) {
    gemm_block(g, j.ks, 0, g->M, 0, g->N, 0);
    return;
  }
  pool_run(j.tasks, gemm_task, &j);
}
