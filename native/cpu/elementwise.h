/*
 * tsgan's fused element-wise kernels (src/ops/fused-kernels.ts), natively: the same formulas as the wasm
 * ones (native/kernels.c), float32 operations in the same order (no fused multiply-adds: the build uses
 * -ffp-contract=off), so they give the same bits as those; sum_squares sums in float64 in a fixed
 * blocked order of its own. Large arrays are split over threads in fixed blocks; every value and every
 * partial sum is the same on any number of threads.
 */
#ifndef TSGAN_ELEMENTWISE_H
#define TSGAN_ELEMENTWISE_H

/* Adam (PyTorch's rule): m1 = m·β1 + g·(1−β1); v1 = v·β2 + g²·(1−β2); p1 = p − (m1 / (√v1 / s + ε))·step. */
void ew_adam(const float* p, const float* m, const float* v, const float* g, float* p1, float* m1, float* v1, long n,
             float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float s, float eps, float step);
/* Σ x² in float64: blocks of 4096 values, each summed in 8 interleaved partial sums added in order, the
 * block sums added in order. */
double ew_sum_squares(const float* x, long n);
/* out[c·rows + r] = x[r·cols + c]. */
void ew_transpose(const float* x, float* out, int rows, int cols);
/* Activation codes of the dense kernels: 0 relu, 1 leakyRelu, 2 tanh, 3 sigmoid, 4 linear. */
/* Feature-major y[u, j] = act(z[u, j] + b[u]) for act relu, leakyRelu (x < 0 ? αx : x) or linear. */
void ew_bias_act(const float* z, const float* b, float* y, int units, int n, int act, float alpha);
/* delta = dy ⊙ act'(y) (relu 1[y>0], leakyRelu y>0 ? 1 : α, tanh 1−y², sigmoid y(1−y), linear 1) and
 * bias = Σ over the batch of delta in float32, sample 0 first. Feature-major: [units, n]. */
void ew_dense_delta_fm(const float* dy, const float* y, float* delta, float* bias, int units, int n, int act, float alpha);
/* The same, batch-major: [n, units]. */
void ew_dense_delta_bm(const float* dy, const float* y, float* delta, float* bias, int n, int units, int act, float alpha);

/* out = a·d + l·o (the averaged generator's update, d = β, o = 1 − β, both float32; multiply, multiply, add). */
void ew_average(const float* a, const float* l, float* out, long n, float d, float o);
/* out = tanh(x), computed in float64 and rounded to float32. */
void ew_tanh(const float* x, float* out, long n);

#endif
