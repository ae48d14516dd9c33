/*
 * The narrow products of gemm-narrow.h. gemm.c's micro-kernels compute tiles of up to 8×32 values of C,
 * so when C has one to four columns (or rows) most of their work is padding. Here the product is seen
 * as out[w, j] = Σ_k x[w, k] · y[j, k], w < W along the long side of C and j < n ≤ NARROW_MAX along the
 * short one, and vector lanes run along w (16 per AVX-512 register, 8 per AVX2 one):
 *
 * - few columns (N ≤ 4): w = i, x = op(A), y[j, k] = op(B)[k, j], out[w, j] = C[w·N + j];
 * - few rows (M ≤ 4): w = j, x[w, k] = op(B)[k, w], y[i, k] = op(A)[i, k], out[w, i] = C[i·N + w].
 *
 * x is "k-major" when x[w, k] = X[k·xs + w] (Aᵀ stored K×M; B stored K×N): the lanes of one k are
 * contiguous and are read in place. Otherwise x[w, k] = X[w·xs + k] (A stored M×K; Bᵀ stored N×K) and
 * blocks of 8 (AVX2) or 16 (AVX-512) rows of X are transposed in registers, 8 values of k at a time.
 *
 * The same bits as gemm.c: one lane holds one value of C from start to end; its sum starts at +0 and
 * adds the K terms in order k = 0..K−1, one fused multiply-add per term on AVX2 and AVX-512 and a
 * multiply then an add at the portable level (x·y and y·x are the same float product), then
 * gemm_epilogue adds the bias and applies the activation. Lanes past the end of C compute on zeros or
 * on copies of the last row and are never stored, so neither the blocking nor the split over threads
 * changes a value.
 */
#include "gemm-narrow.h"
#include "cpu-level.h"
#include "pool.h"
#include <stddef.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Registers of lanes per block (U), for enough independent sums to hide the fused multiply-add's
 * latency. With x read in place, U·n ≥ 8 accumulators where the registers allow (one column of C: 8
 * registers; 128×512×1 with Aᵀ took 2.8 µs with 4, 1.7 with 8). Transposed, 2 (with 4, 512×128×1 took
 * 5.5 µs instead of 3.4, and 3 or 4 were no faster with more columns). */
#define MAX_U 8
#define DIRECT_U(n) ((n) == 1 ? 8 : (n) == 2 ? 4 : 2)
#define TRANSPOSED_U 2

typedef struct {
  int W, n, K;
  const float* X;
  int k_major;
  size_t xs;      /* k-major: x[w, k] = X[k·xs + w]; else X[w·xs + k] */
  const float* Y; /* y[j, k] = Y[j·yj + k·yk] */
  size_t yj, yk;
  float* C; /* out[w, j] = C[w·ow + j·oj] */
  size_t ow, oj;
} narrow;

/* ---------- portable: multiply then add ---------- */

/* Lanes [w, w + 16) of k-major x, all inside C: plain loops over 16 lanes the compiler vectorizes
 * with the baseline SIMD (no contraction into fused multiply-adds: -ffp-contract=off). */
static inline __attribute__((always_inline)) void direct_portable(const narrow* p, int w, const int n) {
  float acc[NARROW_MAX][16];
  for (int j = 0; j < n; j++)
    for (int l = 0; l < 16; l++) acc[j][l] = 0.0f;
  const float* x = p->X + w;
  const float* y = p->Y;
  const size_t xs = p->xs, yj = p->yj, yk = p->yk;
  const int K = p->K;
  for (int k = 0; k < K; k++, x += xs, y += yk)
    for (int j = 0; j < n; j++) {
      const float b = y[j * yj];
      for (int l = 0; l < 16; l++) acc[j][l] = acc[j][l] + x[l] * b;
    }
  for (int j = 0; j < n; j++)
    for (int l = 0; l < 16; l++) p->C[(size_t)(w + l) * p->ow + (size_t)j * p->oj] = acc[j][l];
}

/* Lanes [w, w1) (at most 8), any layout. */
static void any_portable(const narrow* p, int w, int w1) {
  enum { L = 8 };
  const int lanes = w1 - w < L ? w1 - w : L;
  float acc[NARROW_MAX][L];
  for (int j = 0; j < p->n; j++)
    for (int l = 0; l < L; l++) acc[j][l] = 0.0f;
  for (int k = 0; k < p->K; k++) {
    float x[L] = {0};
    if (p->k_major)
      for (int l = 0; l < lanes; l++) x[l] = p->X[(size_t)k * p->xs + w + l];
    else
      for (int l = 0; l < lanes; l++) x[l] = p->X[(size_t)(w + l) * p->xs + k];
    for (int j = 0; j < p->n; j++) {
      const float y = p->Y[(size_t)j * p->yj + (size_t)k * p->yk];
      for (int l = 0; l < L; l++) acc[j][l] = acc[j][l] + x[l] * y;
    }
  }
  for (int j = 0; j < p->n; j++)
    for (int l = 0; l < lanes; l++) p->C[(size_t)(w + l) * p->ow + (size_t)j * p->oj] = acc[j][l];
}

static void narrow_portable(const narrow* p, int w0, int w1) {
  int w = w0;
  if (p->k_major)
    for (; w + 16 <= w1; w += 16) switch (p->n) {
        case 1: direct_portable(p, w, 1); break;
        case 2: direct_portable(p, w, 2); break;
        case 3: direct_portable(p, w, 3); break;
        default: direct_portable(p, w, 4); break;
      }
  for (; w < w1; w += 8) any_portable(p, w, w1);
}

#if defined(__x86_64__)
/* Lanes [w, w + min(valid, lanes)) of the accumulators, stored as acc[u][j][l] (u = lane / V, l = lane % V). */
static void store_lanes(const narrow* p, int w, int valid, int lanes, int n, const float* acc, int V) {
  const int end = valid < lanes ? valid : lanes;
  for (int j = 0; j < n; j++) {
    float* c = p->C + (size_t)j * p->oj + (size_t)w * p->ow;
    for (int l = 0; l < end; l++) c[(size_t)l * p->ow] = acc[((l / V) * NARROW_MAX + j) * V + l % V];
  }
}

/* ---------- AVX-512: blocks of U registers of 16 lanes, n accumulators each ---------- */

#define AVX512 __attribute__((always_inline, target("avx512f"))) static inline

AVX512 __mmask16 mask512(int valid) { return valid >= 16 ? (__mmask16)0xFFFF : valid <= 0 ? 0 : (__mmask16)((1u << valid) - 1); }

/* Stores lanes [w, w + min(valid, 16U)) of the accumulators: whole registers along a row of C, lane by
 * lane down a column of C. */
AVX512 void store512(const narrow* p, int w, const int U, const int n, int valid, __m512 acc[MAX_U][NARROW_MAX]) {
  if (p->ow == 1) {
    for (int u = 0; u < U; u++)
      for (int j = 0; j < n; j++) _mm512_mask_storeu_ps(p->C + (size_t)j * p->oj + w + 16 * u, mask512(valid - 16 * u), acc[u][j]);
    return;
  }
  float out[MAX_U][NARROW_MAX][16] __attribute__((aligned(64)));
  for (int u = 0; u < U; u++)
    for (int j = 0; j < n; j++) _mm512_store_ps(out[u][j], acc[u][j]);
  store_lanes(p, w, valid, 16 * U, n, out[0][0], 16);
}

/* Lanes [w, w + 16U) of k-major x, `valid` of them inside C. */
AVX512 void direct512(const narrow* p, int w, const int U, const int n, int valid) {
  __mmask16 m[MAX_U];
  __m512 acc[MAX_U][NARROW_MAX];
  for (int u = 0; u < U; u++) {
    m[u] = mask512(valid - 16 * u);
    for (int j = 0; j < n; j++) acc[u][j] = _mm512_setzero_ps();
  }
  const float* x = p->X + w;
  const float* y = p->Y;
  const size_t xs = p->xs, yj = p->yj, yk = p->yk;
  const int K = p->K;
  for (int k = 0; k < K; k++, x += xs, y += yk) {
    __m512 xv[MAX_U];
    for (int u = 0; u < U; u++) xv[u] = _mm512_maskz_loadu_ps(m[u], x + 16 * u);
    for (int j = 0; j < n; j++) {
      const __m512 b = _mm512_set1_ps(y[j * yj]);
      for (int u = 0; u < U; u++) acc[u][j] = _mm512_fmadd_ps(xv[u], b, acc[u][j]);
    }
  }
  store512(p, w, U, n, valid, acc);
}

/* Lanes [w, w + 16U) of w-major x, `valid` of them inside C (rows past the end read the last one
 * again). Eight values of k at a time: rows r and r + 4 of a block share a register (k..k+7 each), four
 * such registers make a 4×4 transpose in every 128-bit lane, and two of those are merged lane by lane
 * into the eight columns x[w.., k + p]. The last K mod 8 values of k are read one by one (faster than
 * a gather: 512×7×4 took 2.4 µs with gathers, 2.1 without). */
AVX512 void transposed512(const narrow* p, int w, const int U, const int n, int valid) {
  const size_t xs = p->xs, yj = p->yj, yk = p->yk;
  const float* rows[MAX_U][16];
  __m512 acc[MAX_U][NARROW_MAX];
  for (int u = 0; u < U; u++) {
    for (int q = 0; q < 16; q++) {
      const int r = 16 * u + q < valid ? 16 * u + q : valid - 1;
      rows[u][q] = p->X + (size_t)(w + r) * xs;
    }
    for (int j = 0; j < n; j++) acc[u][j] = _mm512_setzero_ps();
  }
  const float* y = p->Y;
  int k = 0;
  for (; k + 8 <= p->K; k += 8) {
    __m512 col[MAX_U][8];
    for (int u = 0; u < U; u++) {
      const float* const* r = rows[u];
      __m512 z[8];
      for (int q = 0; q < 8; q++) {
        const int a = q < 4 ? q : q + 4; /* rows a and a + 4 */
        const __m256 lo = _mm256_loadu_ps(r[a] + k), hi = _mm256_loadu_ps(r[a + 4] + k);
        z[q] = _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(lo)), _mm256_castps_pd(hi), 1));
      }
      for (int h = 0; h < 2; h++) { /* rows 0-7, then 8-15 */
        const __m512 t0 = _mm512_unpacklo_ps(z[4 * h + 0], z[4 * h + 1]), t1 = _mm512_unpackhi_ps(z[4 * h + 0], z[4 * h + 1]);
        const __m512 t2 = _mm512_unpacklo_ps(z[4 * h + 2], z[4 * h + 3]), t3 = _mm512_unpackhi_ps(z[4 * h + 2], z[4 * h + 3]);
        /* lanes: rows 0-3 (k+p), rows 0-3 (k+p+4), rows 4-7 (k+p), rows 4-7 (k+p+4), of the half */
        z[4 * h + 0] = _mm512_shuffle_ps(t0, t2, 0x44), z[4 * h + 1] = _mm512_shuffle_ps(t0, t2, 0xEE);
        z[4 * h + 2] = _mm512_shuffle_ps(t1, t3, 0x44), z[4 * h + 3] = _mm512_shuffle_ps(t1, t3, 0xEE);
      }
      for (int q = 0; q < 4; q++) {
        col[u][q] = _mm512_shuffle_f32x4(z[q], z[4 + q], 0x88);
        col[u][q + 4] = _mm512_shuffle_f32x4(z[q], z[4 + q], 0xDD);
      }
    }
    for (int q = 0; q < 8; q++)
      for (int j = 0; j < n; j++) {
        const __m512 b = _mm512_set1_ps(y[j * yj + (size_t)(k + q) * yk]);
        for (int u = 0; u < U; u++) acc[u][j] = _mm512_fmadd_ps(col[u][q], b, acc[u][j]);
      }
  }
  for (; k < p->K; k++) {
    __m512 c[MAX_U];
    for (int u = 0; u < U; u++) {
      float t[16] __attribute__((aligned(64)));
      for (int q = 0; q < 16; q++) t[q] = rows[u][q][k];
      c[u] = _mm512_load_ps(t);
    }
    for (int j = 0; j < n; j++) {
      const __m512 b = _mm512_set1_ps(y[j * yj + (size_t)k * yk]);
      for (int u = 0; u < U; u++) acc[u][j] = _mm512_fmadd_ps(c[u], b, acc[u][j]);
    }
  }
  store512(p, w, U, n, valid, acc);
}

AVX512 void run512(const narrow* p, int w0, int w1, const int n) {
  int w = w0;
  if (p->k_major) {
    const int U = DIRECT_U(n);
    for (; w + 16 * U <= w1; w += 16 * U) direct512(p, w, U, n, 16 * U);
    for (; w < w1; w += 16) direct512(p, w, 1, n, w1 - w);
  } else {
    const int U = TRANSPOSED_U;
    for (; w + 16 * U <= w1; w += 16 * U) transposed512(p, w, U, n, 16 * U);
    for (; w < w1; w += 16) transposed512(p, w, 1, n, w1 - w);
  }
}

__attribute__((target("avx512f"))) static void narrow_avx512(const narrow* p, int w0, int w1) {
  switch (p->n) {
    case 1: run512(p, w0, w1, 1); break;
    case 2: run512(p, w0, w1, 2); break;
    case 3: run512(p, w0, w1, 3); break;
    default: run512(p, w0, w1, 4); break;
  }
}

/* ---------- AVX2 + FMA: blocks of U registers of 8 lanes, as AVX-512 ---------- */

#define AVX2 __attribute__((always_inline, target("avx2,fma"))) static inline

AVX2 __m256i mask256(int valid) { return _mm256_cmpgt_epi32(_mm256_set1_epi32(valid), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)); }

AVX2 void store256(const narrow* p, int w, const int U, const int n, int valid, __m256 acc[MAX_U][NARROW_MAX]) {
  if (p->ow == 1) {
    for (int u = 0; u < U; u++)
      for (int j = 0; j < n; j++) _mm256_maskstore_ps(p->C + (size_t)j * p->oj + w + 8 * u, mask256(valid - 8 * u), acc[u][j]);
    return;
  }
  float out[MAX_U][NARROW_MAX][8] __attribute__((aligned(32)));
  for (int u = 0; u < U; u++)
    for (int j = 0; j < n; j++) _mm256_store_ps(out[u][j], acc[u][j]);
  store_lanes(p, w, valid, 8 * U, n, out[0][0], 8);
}

AVX2 void direct256(const narrow* p, int w, const int U, const int n, int valid) {
  __m256i m[MAX_U];
  __m256 acc[MAX_U][NARROW_MAX];
  for (int u = 0; u < U; u++) {
    m[u] = mask256(valid - 8 * u);
    for (int j = 0; j < n; j++) acc[u][j] = _mm256_setzero_ps();
  }
  const float* x = p->X + w;
  const float* y = p->Y;
  const size_t xs = p->xs, yj = p->yj, yk = p->yk;
  const int K = p->K, full = valid >= 8 * U;
  for (int k = 0; k < K; k++, x += xs, y += yk) {
    __m256 xv[MAX_U];
    for (int u = 0; u < U; u++) xv[u] = full ? _mm256_loadu_ps(x + 8 * u) : _mm256_maskload_ps(x + 8 * u, m[u]);
    for (int j = 0; j < n; j++) {
      const __m256 b = _mm256_broadcast_ss(y + j * yj);
      for (int u = 0; u < U; u++) acc[u][j] = _mm256_fmadd_ps(xv[u], b, acc[u][j]);
    }
  }
  store256(p, w, U, n, valid, acc);
}

/* Lanes [w, w + 8U) of w-major x, as transposed512. Eight values of k at a time: register q (q < 4)
 * holds k..k+3 of rows q and q + 4, register q + 4 their k+4..k+7, and a 4×4 transpose in each 128-bit
 * lane gives the columns. */
AVX2 void transposed256(const narrow* p, int w, const int U, const int n, int valid) {
  const size_t xs = p->xs, yj = p->yj, yk = p->yk;
  const float* rows[MAX_U][8];
  __m256 acc[MAX_U][NARROW_MAX];
  for (int u = 0; u < U; u++) {
    for (int q = 0; q < 8; q++) {
      const int r = 8 * u + q < valid ? 8 * u + q : valid - 1;
      rows[u][q] = p->X + (size_t)(w + r) * xs;
    }
    for (int j = 0; j < n; j++) acc[u][j] = _mm256_setzero_ps();
  }
  const float* y = p->Y;
  int k = 0;
  for (; k + 8 <= p->K; k += 8) {
    __m256 col[MAX_U][8];
    for (int u = 0; u < U; u++) {
      const float* const* r = rows[u];
      __m256 z[8];
      for (int q = 0; q < 8; q++) {
        const int a = q & 3, o = k + (q & 4);
        z[q] = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(r[a] + o)), _mm_loadu_ps(r[a + 4] + o), 1);
      }
      for (int h = 0; h < 2; h++) {
        const __m256 t0 = _mm256_unpacklo_ps(z[4 * h + 0], z[4 * h + 1]), t1 = _mm256_unpackhi_ps(z[4 * h + 0], z[4 * h + 1]);
        const __m256 t2 = _mm256_unpacklo_ps(z[4 * h + 2], z[4 * h + 3]), t3 = _mm256_unpackhi_ps(z[4 * h + 2], z[4 * h + 3]);
        col[u][4 * h + 0] = _mm256_shuffle_ps(t0, t2, 0x44), col[u][4 * h + 1] = _mm256_shuffle_ps(t0, t2, 0xEE);
        col[u][4 * h + 2] = _mm256_shuffle_ps(t1, t3, 0x44), col[u][4 * h + 3] = _mm256_shuffle_ps(t1, t3, 0xEE);
      }
    }
    for (int q = 0; q < 8; q++)
      for (int j = 0; j < n; j++) {
        const __m256 b = _mm256_broadcast_ss(y + j * yj + (size_t)(k + q) * yk);
        for (int u = 0; u < U; u++) acc[u][j] = _mm256_fmadd_ps(col[u][q], b, acc[u][j]);
      }
  }
  for (; k < p->K; k++) {
    __m256 c[MAX_U];
    for (int u = 0; u < U; u++) {
      float t[8] __attribute__((aligned(32)));
      for (int q = 0; q < 8; q++) t[q] = rows[u][q][k];
      c[u] = _mm256_load_ps(t);
    }
    for (int j = 0; j < n; j++) {
      const __m256 b = _mm256_broadcast_ss(y + j * yj + (size_t)k * yk);
      for (int u = 0; u < U; u++) acc[u][j] = _mm256_fmadd_ps(c[u], b, acc[u][j]);
    }
  }
  store256(p, w, U, n, valid, acc);
}

AVX2 void run256(const narrow* p, int w0, int w1, const int n) {
  int w = w0;
  if (p->k_major) {
    const int U = DIRECT_U(n);
    for (; w + 8 * U <= w1; w += 8 * U) direct256(p, w, U, n, 8 * U);
    for (; w < w1; w += 8) direct256(p, w, 1, n, w1 - w);
  } else {
    const int U = TRANSPOSED_U;
    for (; w + 8 * U <= w1; w += 8 * U) transposed256(p, w, U, n, 8 * U);
    for (; w < w1; w += 8) transposed256(p, w, 1, n, w1 - w);
  }
}

__attribute__((target("avx2,fma"))) static void narrow_avx2(const narrow* p, int w0, int w1) {
  switch (p->n) {
    case 1: run256(p, w0, w1, 1); break;
    case 2: run256(p, w0, w1, 2); break;
    case 3: run256(p, w0, w1, 3); break;
    default: run256(p, w0, w1, 4); break;
  }
}
#endif

/* ---------- dispatch ---------- */

typedef struct {
  const gemm_args* g;
  narrow p;
  enum cpu_level level;
  int w_is_column; /* few rows: w runs along the columns of C */
  int unit;        /* lanes per task, a multiple of 16 */
} narrow_job;

static void narrow_range(const narrow_job* j, int w0, int w1) {
#if defined(__x86_64__)
  if (j->level == LEVEL_AVX512) narrow_avx512(&j->p, w0, w1);
  else if (j->level == LEVEL_AVX2) narrow_avx2(&j->p, w0, w1);
  else
#endif
    narrow_portable(&j->p, w0, w1);
  const gemm_args* g = j->g;
  if (j->w_is_column) gemm_epilogue(g, 0, g->M, w0, w1);
  else gemm_epilogue(g, w0, w1, 0, g->N);
}

static void narrow_task(void* ctx, int task, int slot) {
  (void)slot;
  const narrow_job* j = (const narrow_job*)ctx;
  const int w0 = task * j->unit, w1 = w0 + j->unit < j->p.W ? w0 + j->unit : j->p.W;
  narrow_range(j, w0, w1);
}

/* Products of at least this many multiply-adds are split over the threads, by ranges of w (multiples of
 * 16 lanes). Measured on 2 threads against 1 (µs): 512×256×4 11.0 → 8.1 and 4×256×512 9.4 → 5.9 at
 * 2^19, but 512×128×4 6.4 → 6.2 at 2^18 and 128×512×1 with Aᵀ 1.7 → 3.5 at 2^16. */
#ifndef NARROW_PARALLEL_MIN_MACS
#define NARROW_PARALLEL_MIN_MACS (1 << 19)
#endif

int gemm_narrow(const gemm_args* g) {
  if (g->N > NARROW_MAX && g->M > NARROW_MAX) return 0;
  narrow_job j = {g, {0}, cpu_level_current(), 0, 0};
  narrow* p = &j.p;
  p->K = g->K;
  p->C = g->C;
  if (g->N <= NARROW_MAX && g->M >= g->N) { /* w = i: x = op(A), y[j, k] = op(B)[k, j] */
    p->W = g->M, p->n = g->N;
    p->X = g->A, p->k_major = g->transA, p->xs = g->transA ? (size_t)g->M : (size_t)g->K;
    p->Y = g->B, p->yj = g->transB ? (size_t)g->K : 1, p->yk = g->transB ? 1 : (size_t)g->N;
    p->ow = (size_t)g->N, p->oj = 1;
  } else { /* w = j: x[w, k] = op(B)[k, w], y[i, k] = op(A)[i, k] */
    p->W = g->N, p->n = g->M;
    p->X = g->B, p->k_major = !g->transB, p->xs = g->transB ? (size_t)g->K : (size_t)g->N;
    p->Y = g->A, p->yj = g->transA ? 1 : (size_t)g->K, p->yk = g->transA ? (size_t)g->M : 1;
    p->ow = 1, p->oj = (size_t)g->N;
    j.w_is_column = 1;
  }
  /* The portable level's tile is 4×16, so with a few rows of C it wastes fewer of its rows than of its
   * columns with a few columns; measured against it (M×K×N, µs), the lane-by-lane loop on w-major x is
   * slower (2×784×784 with Bᵀ: 786 → 1162), and so is the k-major loop with 4 rows (4×784×784 with Aᵀ:
   * 556 → 578) or fewer than 16 columns (3×784×15: 15.0 → 25.1). With one row it is faster throughout. */
  if (j.level == LEVEL_PORTABLE && j.w_is_column && g->M > 1 && (g->M == NARROW_MAX || !p->k_major || g->N < 16)) return 0;
  const int threads = pool_threads();
  int tasks = 1;
  if (threads > 1 && (double)g->M * g->N * g->K >= NARROW_PARALLEL_MIN_MACS) {
    const int blocks = (p->W + 15) / 16;
    tasks = threads < blocks ? threads : blocks;
    j.unit = (blocks + tasks - 1) / tasks * 16;
    tasks = (p->W + j.unit - 1) / j.unit;
  }
  if (tasks <= 1) narrow_range(&j, 0, p->W);
  else pool_run(tasks, narrow_task, &j);
  return 1;
}
