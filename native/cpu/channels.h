/*
 * Per-channel statistics of an NHWC tensor seen as `rows` × `channels` (every axis but the last are rows):
 * channel sums (a convolution's bias gradient) and batch normalization's training-mode passes.
 *
 * Every sum over rows is accumulated in float64, row by row in fixed blocks of CHANNEL_BLOCK rows, and the
 * blocks' sums are added in block order, then rounded to float32: the same bits on any number of threads
 * (the threads split the blocks). Element-wise steps are float32, in the order of the TF.js reference
 * (src/models/batch-norm.ts), without fused multiply-adds.
 */
#ifndef TSGAN_CHANNELS_H
#define TSGAN_CHANNELS_H

#define CHANNEL_BLOCK 256

/* sums[c] = Σ_r x[r, c]. */
void channel_sums(const float* x, int rows, int channels, float* sums);

/*
 * Training-mode batch norm with N = rows: mean = Σx/N, var = Σ(x − mean)²/N, invStd = 1/√(var + eps),
 * xhat = (x − mean)·invStd, y = act(xhat·gamma + beta) with act identity, or ReLU when `relu`.
 * Outputs y and xhat [rows, channels]; mean, var, invStd [channels].
 */
void batch_norm_forward(const float* x, int rows, int channels, const float* gamma, const float* beta, float eps, int relu, float* y, float* xhat, float* mean, float* var, float* inv_std);

/*
 * Its backward pass for dy (multiplied by step(mask) = [mask > 0] first when `mask` is given: a ReLU's
 * output after the norm): with d that product, dbeta = Σd, dgamma = Σd·xhat and
 * dx = (N·d − dbeta − xhat·dgamma) · (gamma·invStd/N).
 */
void batch_norm_backward(const float* dy, const float* mask, const float* xhat, int rows, int channels, const float* gamma, const float* inv_std, float* dx, float* dgamma, float* dbeta);

#endif
