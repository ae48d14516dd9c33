/*
 * 2-D convolutions (NHWC) and their two gradients, as products of gemm.h on packed buffers.
 *
 * With x [n, h, w, c], filter W [kh, kw, c, o] (a [kh·kw·c, o] matrix), stride (sh, sw), `top`/`left`
 * zeros before the first row/column (any zeros after are implied by oh, ow) and y [n, oh, ow, o]:
 *   y[n, i, j, :]        = Σ_{a, b, ch} x[n, i·sh + a − top, j·sw + b − left, ch] · W[a, b, ch, :]
 *   ∂L/∂W[a, b, ch, :]   = Σ_{n, i, j}  x[n, i·sh + a − top, j·sw + b − left, ch] · dy[n, i, j, :]
 *   ∂L/∂x[n, p, q, ch]   = Σ over (a, b, i, j) with i·sh + a − top = p, j·sw + b − left = q of
 *                          (dy[n, i, j, :] · W[a, b, ch, :])
 * (x read as 0 outside the image). The rows of the "column" matrix of an output pixel (n, i, j) are
 * the kh·kw·c input values its window reads (im2col), so y = cols·W and ∂L/∂W = colsᵀ·dy; ∂L/∂x
 * scatters cols' = dy·Wᵀ back onto the image (col2im), written here as a gather: every ∂L/∂x value
 * is computed by one task, its terms added in order of the tap (a, b) ascending.
 *
 * Determinism: the products are gemm's (fixed k order); the work is cut into pieces (chunks of rows or
 * images) whose sizes depend only on the shapes, never on the thread count, and the filter gradient
 * adds the chunks' partial products in chunk order. So every result is the same bits on any number
 * of threads.
 */
#ifndef TSGAN_CONV_H
#define TSGAN_CONV_H

typedef struct {
  int n, h, w, c;  /* input x [n, h, w, c] */
  int kh, kw, o;   /* filter [kh, kw, c, o] */
  int sh, sw;      /* strides */
  int top, left;   /* zeros before the first row and column */
  int oh, ow;      /* output [n, oh, ow, o] */
} conv_shape;

/* Returns 0 if every size is ≥ 1 (n ≥ 0), the paddings ≥ 0 and every product of sizes fits an int,
 * else a message saying what is wrong. */
const char* conv_shape_check(const conv_shape* s);

/* y = act(conv(x, W) + bias): bias per output channel (biasKind BIAS_PER_COLUMN of gemm.h), one value
 * (BIAS_SCALAR) or none; activation codes of gemm.h. y never aliases x or W. */
void conv_forward(const conv_shape* s, const float* x, const float* filter, float* y, const float* bias, int biasKind, int activation, float alpha);

/* dw [kh, kw, c, o] = ∂L/∂W for x and dy = ∂L/∂y (file comment). */
void conv_filter_grad(const conv_shape* s, const float* x, const float* dy, float* dw);

/* dx [n, h, w, c] = ∂L/∂x for dy = ∂L/∂y and the filter W (file comment). */
void conv_input_grad(const conv_shape* s, const float* dy, const float* filter, float* dx);

#endif
