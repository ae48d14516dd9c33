/*
 * tsgan's wasm kernels: the few steps of GAN training that TF.js's wasm backend does with many
 * passes over memory or with a slow loop. Each kernel reads and writes tensors that live in the
 * TF.js wasm module's memory (this module imports it), at byte offsets given by the caller.
 *
 * Every kernel computes exactly what its composite in src/ops/ computes with TF.js ops, in the same
 * float32 operations in the same order, so both give the same bits (global-norm excepted: it sums in
 * float64). No kernel uses static data or the stack: the memory belongs to TF.js.
 *
 * Build: scripts/build-wasm-kernels.sh (clang 14, wasm32, SIMD128) → src/node/backend/wasm-kernels/binary.ts.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

/*
 * Adam (PyTorch's rule, src/training/optimizers.ts):
 *   m1 = m·β1 + g·(1 − β1);  v1 = v·β2 + (g·g)·(1 − β2);
 *   p1 = p − (m1 / (√v1 / s + ε)) · step,   s = √(1 − β2^t), step = lr / (1 − β1^t).
 */
EXPORT(adam)
void adam(const float* p, const float* m, const float* v, const float* g, float* p1, float* m1, float* v1,
          int n, float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float s, float eps,
          float step) {
  const v128_t B1 = wasm_f32x4_splat(beta1), C1 = wasm_f32x4_splat(oneMinusBeta1);
  const v128_t B2 = wasm_f32x4_splat(beta2), C2 = wasm_f32x4_splat(oneMinusBeta2);
  const v128_t S = wasm_f32x4_splat(s), E = wasm_f32x4_splat(eps), T = wasm_f32x4_splat(step);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t gi = wasm_v128_load(g + i);
    const v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gi, C1));
    const v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), C2));
    const v128_t den = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vi), S), E);
    wasm_v128_store(m1 + i, mi);
    wasm_v128_store(v1 + i, vi);
    wasm_v128_store(p1 + i, wasm_f32x4_sub(wasm_v128_load(p + i), wasm_f32x4_mul(wasm_f32x4_div(mi, den), T)));
  }
  for (; i < n; i++) {
    const float gi = g[i];
    const float mi = m[i] * beta1 + gi * oneMinusBeta1;
    const float vi = v[i] * beta2 + (gi * gi) * oneMinusBeta2;
    const float den = __builtin_sqrtf(vi) / s + eps;
    m1[i] = mi;
    v1[i] = vi;
    p1[i] = p[i] - (mi / den) * step;
  }
}

/* Σ x² over n values, accumulated in float64 (two lanes, then the tail). */
EXPORT(sum_squares)
double sum_squares(const float* x, int n) {
  v128_t acc0 = wasm_f64x2_splat(0), acc1 = wasm_f64x2_splat(0);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const v128_t xi = wasm_v128_load(x + i);
    const v128_t lo = wasm_f64x2_promote_low_f32x4(xi);
    const v128_t hi = wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(xi, xi, 2, 3, 0, 1));
    acc0 = wasm_f64x2_add(acc0, wasm_f64x2_mul(lo, lo));
    acc1 = wasm_f64x2_add(acc1, wasm_f64x2_mul(hi, hi));
  }
  const v128_t acc = wasm_f64x2_add(acc0, acc1);
  double total = wasm_f64x2_extract_lane(acc, 0) + wasm_f64x2_extract_lane(acc, 1);
  for (; i < n; i++) total += (double)x[i] * (double)x[i];
  return total;
}

/*
 * out[c·rows + r] = x[r·cols + c]: the transpose of a row-major rows × cols matrix. 4 × 4 blocks are
 * transposed in registers, inside 32 × 32 tiles that stay in cache; the edges one value at a time.
 */
static inline void transpose4x4(const float* x, float* out, int rows, int cols) {
  const v128_t r0 = wasm_v128_load(x), r1 = wasm_v128_load(x + cols);
  const v128_t r2 = wasm_v128_load(x + 2 * cols), r3 = wasm_v128_load(x + 3 * cols);
  const v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5), t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
  const v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5), t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
  wasm_v128_store(out, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
  wasm_v128_store(out + rows, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
  wasm_v128_store(out + 2 * rows, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
  wasm_v128_store(out + 3 * rows, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
}

EXPORT(transpose)
void transpose(const float* x, float* out, int rows, int cols) {
  const int T = 32;
  const int rows4 = rows & ~3, cols4 = cols & ~3;
  for (int r0 = 0; r0 < rows4; r0 += T) {
    const int r1 = r0 + T < rows4 ? r0 + T : rows4;
    for (int c0 = 0; c0 < cols4; c0 += T) {
      const int c1 = c0 + T < cols4 ? c0 + T : cols4;
      for (int r = r0; r < r1; r += 4)
        for (int c = c0; c < c1; c += 4) transpose4x4(x + (int64_t)r * cols + c, out + (int64_t)c * rows + r, rows, cols);
    }
  }
  for (int r = 0; r < rows4; r++)
    for (int c = cols4; c < cols; c++) out[(int64_t)c * rows + r] = x[(int64_t)r * cols + c];
  for (int r = rows4; r < rows; r++)
    for (int c = 0; c < cols; c++) out[(int64_t)c * rows + r] = x[(int64_t)r * cols + c];
}

/*
 * Dense layers in feature-major layout: a batch of n activations of width k is a k × n matrix (one row
 * per unit, one column per sample), so that the parameter matrices are the left operands of TF.js's
 * matrix products and are never repacked (see src/models/mlp.ts).
 *
 * act: 0 relu, 1 leakyRelu, 2 tanh, 3 sigmoid, 4 linear.
 */

/* y[u, j] = act(z[u, j] + b[u]) for act in {relu (max(x, 0)), leakyRelu (x < 0 ? αx : x), linear}. */
EXPORT(bias_act)
void bias_act(const float* z, const float* b, float* y, int units, int n, int act, float alpha) {
  const v128_t zero = wasm_f32x4_splat(0.0f), A = wasm_f32x4_splat(alpha);
  for (int u = 0; u < units; u++) {
    const float* zu = z + (int64_t)u * n;
    float* yu = y + (int64_t)u * n;
    const float bu = b[u];
    const v128_t B = wasm_f32x4_splat(bu);
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      const v128_t x = wasm_f32x4_add(wasm_v128_load(zu + j), B);
      v128_t r;
      if (act == 0) r = wasm_v128_bitselect(zero, x, wasm_f32x4_lt(x, zero));
      else if (act == 1) r = wasm_v128_bitselect(wasm_f32x4_mul(x, A), x, wasm_f32x4_lt(x, zero));
      else r = x;
      wasm_v128_store(yu + j, r);
    }
    for (; j < n; j++) {
      const float x = zu[j] + bu;
      yu[j] = act == 0 ? (x < 0 ? 0.0f : x) : act == 1 ? (x < 0 ? x * alpha : x) : x;
    }
  }
}

/*
 * The backward step through a dense layer's activation, and its bias gradient:
 *   delta = dy ⊙ act'(y)  (y = the layer's output; act' written through y as in activations.ts:
 *   relu 1[y > 0], leakyRelu 1 if y > 0 else α, tanh 1 − y², sigmoid y(1 − y), linear 1)
 *   bias = the sum of delta over the batch (in float32, sample 0 first, like TF.js's Sum)
 */
static inline v128_t derivative(v128_t y, int act, v128_t alpha) {
  const v128_t one = wasm_f32x4_splat(1.0f), zero = wasm_f32x4_splat(0.0f);
  switch (act) {
    case 0: return wasm_v128_bitselect(one, zero, wasm_f32x4_gt(y, zero));
    case 1: return wasm_v128_bitselect(one, alpha, wasm_f32x4_gt(y, zero));
    case 2: return wasm_f32x4_sub(one, wasm_f32x4_mul(y, y));
    default: return wasm_f32x4_mul(y, wasm_f32x4_sub(one, y));
  }
}
static inline float derivative1(float y, int act, float alpha) {
  switch (act) {
    case 0: return y > 0 ? 1.0f : 0.0f;
    case 1: return y > 0 ? 1.0f : alpha;
    case 2: return 1.0f - y * y;
    default: return y * (1.0f - y);
  }
}

/* Feature-major: dy, y, delta are [units, n]; bias[u] = Σ_j delta[u, j]. */
EXPORT(dense_delta_fm)
void dense_delta_fm(const float* dy, const float* y, float* delta, float* bias, int units, int n, int act, float alpha) {
  const v128_t A = wasm_f32x4_splat(alpha);
  for (int u = 0; u < units; u++) {
    const float* dyu = dy + (int64_t)u * n;
    const float* yu = y + (int64_t)u * n;
    float* du = delta + (int64_t)u * n;
    int j = 0;
    if (act == 4) {
      for (; j + 4 <= n; j += 4) wasm_v128_store(du + j, wasm_v128_load(dyu + j));
      for (; j < n; j++) du[j] = dyu[j];
    } else {
      for (; j + 4 <= n; j += 4)
        wasm_v128_store(du + j, wasm_f32x4_mul(wasm_v128_load(dyu + j), derivative(wasm_v128_load(yu + j), act, A)));
      for (; j < n; j++) du[j] = dyu[j] * derivative1(yu[j], act, alpha);
    }
    float sum = 0.0f;
    for (j = 0; j < n; j++) sum += du[j];
    bias[u] = sum;
  }
}

/* Batch-major: dy, y, delta are [n, units]; bias[u] = Σ_r delta[r, u] (r = 0, 1, … for every u at once). */
EXPORT(dense_delta_bm)
void dense_delta_bm(const float* dy, const float* y, float* delta, float* bias, int n, int units, int act, float alpha) {
  const v128_t A = wasm_f32x4_splat(alpha);
  for (int u = 0; u < units; u++) bias[u] = 0.0f;
  for (int r = 0; r < n; r++) {
    const float* dyr = dy + (int64_t)r * units;
    const float* yr = y + (int64_t)r * units;
    float* dr = delta + (int64_t)r * units;
    int u = 0;
    for (; u + 4 <= units; u += 4) {
      const v128_t g = wasm_v128_load(dyr + u);
      const v128_t d = act == 4 ? g : wasm_f32x4_mul(g, derivative(wasm_v128_load(yr + u), act, A));
      wasm_v128_store(dr + u, d);
      wasm_v128_store(bias + u, wasm_f32x4_add(wasm_v128_load(bias + u), d));
    }
    for (; u < units; u++) {
      const float d = act == 4 ? dyr[u] : dyr[u] * derivative1(yr[u], act, alpha);
      dr[u] = d;
      bias[u] += d;
    }
  }
}
