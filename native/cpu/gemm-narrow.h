/*
 * gemm's path for narrow products: C with at most NARROW_MAX columns or at most NARROW_MAX rows (a
 * network's one-value output layer, the first layer of a 2-D generator, their gradients). Same bits as
 * the tiled path of gemm.c on every level and any number of threads (gemm-narrow.c says how).
 */
#ifndef TSGAN_GEMM_NARROW_H
#define TSGAN_GEMM_NARROW_H

#include "gemm.h"

#define NARROW_MAX 4

/* Computes the whole product (bias and activation included) and returns 1 if it is narrow and this
 * path is the faster one at the current level; returns 0 and touches nothing otherwise. M, N, K ≥ 1. */
int gemm_narrow(const gemm_args* g);

#endif
