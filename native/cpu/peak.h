/*
 * The machine's float32 multiply-add peak on one core at a kernel level: a loop of independent fused
 * multiply-adds on registers only (no memory traffic), timed. What a matrix product could reach at
 * best; `tsgan bench --kernels` prints each kernel's GFLOP/s beside it.
 */
#ifndef TSGAN_PEAK_H
#define TSGAN_PEAK_H
#include "cpu-level.h"

/* GFLOP/s (2 per multiply-add) of `seconds` of the FMA loop at `level` (the portable level multiplies and adds). */
double peak_gflops(enum cpu_level level, double seconds);

#endif
