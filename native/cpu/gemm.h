/*
 * C = act(op(A) · op(B) + bias): one float32 matrix product in any of the four layouts the forward and
 * backward passes use, with the bias and activation of TF.js's fused matMul.
 *
 * Every C value is Σ_k op(A)[i,k] · op(B)[k,j] summed in order k = 0, 1, …, K−1, one fused multiply-add
 * per term (AVX2 and AVX-512 levels; the portable level multiplies then adds), then + bias, then the
 * activation. The order does not depend on the blocking, the tile a value falls in, or the number of
 * threads, so the product is the same bits on 1 or 2 threads (and the same on AVX2 and AVX-512).
 */
#ifndef TSGAN_GEMM_H
#define TSGAN_GEMM_H

/* Activations after the bias (codes shared with the TypeScript side, src/node/backend/native/kernels.ts). */
enum gemm_activation { ACT_LINEAR = 0, ACT_RELU = 1, ACT_LEAKY_RELU = 2, ACT_SIGMOID = 3, ACT_TANH = 4, ACT_ELU = 5, ACT_RELU6 = 6 };
/* Bias shapes: none, one value per column of C (length N), one value for all of C. */
enum gemm_bias { BIAS_NONE = 0, BIAS_PER_COLUMN = 1, BIAS_SCALAR = 2 };

typedef struct {
  int M, N, K;
  /* A: M×K row-major, or K×M row-major when transA (op(A) = Aᵀ). */
  const float* A;
  int transA;
  /* B: K×N row-major, or N×K row-major when transB. */
  const float* B;
  int transB;
  /* C: M×N row-major (never aliases A or B). */
  float* C;
  const float* bias;
  int biasKind;
  int activation;
  float alpha; /* leakyRelu slope */
} gemm_args;

void gemm(const gemm_args* g);
/* The current level's micro-kernel tile: rows and columns of C it computes at once. */
int gemm_tile_rows(void);
int gemm_tile_cols(void);

/* Applies + bias and the activation to rows [r0, r1) of C (ldc = N). */
void gemm_epilogue(const gemm_args* g, int r0, int r1, int c0, int c1);

#endif
