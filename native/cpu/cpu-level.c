/* See cpu-level.h. GCC's __builtin_cpu_supports reads CPUID; the OS check (XGETBV) makes sure the
 * kernel saves the AVX / AVX-512 registers on a context switch. */
#include "cpu-level.h"
#include <stdint.h>

#if defined(__x86_64__)
static uint64_t xgetbv0(void) {
  uint32_t lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return ((uint64_t)hi << 32) | lo;
}
static int os_saves(uint64_t mask) {
  uint32_t a, b, c, d;
  __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
  if (!(c & (1u << 27))) return 0; /* OSXSAVE */
  return (xgetbv0() & mask) == mask;
}
#endif

enum cpu_level cpu_level_detect(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && os_saves(0xE6)) return LEVEL_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && os_saves(0x6)) return LEVEL_AVX2;
#endif
  return LEVEL_PORTABLE;
}

static int current = -1;

enum cpu_level cpu_level_current(void) {
  if (current < 0) current = cpu_level_detect();
  return (enum cpu_level)current;
}

int cpu_level_use(enum cpu_level level) {
  if (level < LEVEL_PORTABLE || level > cpu_level_detect()) return -1;
  current = level;
  return 0;
}

const char* cpu_level_name(enum cpu_level level) {
  switch (level) {
    case LEVEL_AVX512: return "avx512";
    case LEVEL_AVX2: return "avx2";
    default: return "portable";
  }
}
