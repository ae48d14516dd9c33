/* See peak.h. 12 independent accumulator chains hide the FMA latency (4 cycles × 2 ports + margin). */
#include "peak.h"
#include <time.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define ROUNDS 4096
static volatile float sink;

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static double loop_avx512(long reps) {
  __m512 a[12];
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) a[i] = _mm512_set1_ps((float)i);
  for (long r = 0; r < reps; r++)
    for (int k = 0; k < ROUNDS; k++)
      for (int i = 0; i < 12; i++) a[i] = _mm512_fmadd_ps(a[i], x, y);
  __m512 s = a[0];
  for (int i = 1; i < 12; i++) s = _mm512_add_ps(s, a[i]);
  sink = _mm512_reduce_add_ps(s);
  return (double)reps * ROUNDS * 12 * 16 * 2;
}
__attribute__((target("avx2,fma"))) static double loop_avx2(long reps) {
  __m256 a[12];
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (int i = 0; i < 12; i++) a[i] = _mm256_set1_ps((float)i);
  for (long r = 0; r < reps; r++)
    for (int k = 0; k < ROUNDS; k++)
      for (int i = 0; i < 12; i++) a[i] = _mm256_fmadd_ps(a[i], x, y);
  float out[8];
  __m256 s = a[0];
  for (int i = 1; i < 12; i++) s = _mm256_add_ps(s, a[i]);
  _mm256_storeu_ps(out, s);
  sink = out[0];
  return (double)reps * ROUNDS * 12 * 8 * 2;
}
#endif

static double loop_portable(long reps) {
  float a[12][4];
  for (int i = 0; i < 12; i++)
    for (int l = 0; l < 4; l++) a[i][l] = (float)i;
  for (long r = 0; r < reps; r++)
    for (int k = 0; k < ROUNDS; k++)
      for (int i = 0; i < 12; i++)
        for (int l = 0; l < 4; l++) a[i][l] = a[i][l] * 0.999999f + 1e-7f;
  sink = a[3][1];
  return (double)reps * ROUNDS * 12 * 4 * 2;
}

static double run(enum cpu_level level, long reps) {
#if defined(__x86_64__)
  if (level == LEVEL_AVX512) return loop_avx512(reps);
  if (level == LEVEL_AVX2) return loop_avx2(reps);
#endif
  (void)level;
  return loop_portable(reps);
}

double peak_gflops(enum cpu_level level, double seconds) {
  run(level, 16); /* warm up the wide units and the clock */
  long reps = 16;
  for (;;) {
    const double t0 = now();
    const double flops = run(level, reps);
    const double dt = now() - t0;
    if (dt >= seconds || reps > (1L << 40)) return flops / dt / 1e9;
    reps *= 2;
  }
}
