/*
 * The instruction-set level the native kernels run at, chosen once when the addon loads from what the
 * CPU (and the OS, for the wider registers) reports, never from build flags: a built addon runs on any
 * x86-64 machine, and on other architectures the portable code runs.
 */
#ifndef TSGAN_CPU_LEVEL_H
#define TSGAN_CPU_LEVEL_H

enum cpu_level { LEVEL_PORTABLE = 0, LEVEL_AVX2 = 1, LEVEL_AVX512 = 2 };

/* The best level this machine supports. */
enum cpu_level cpu_level_detect(void);
/* The level in use (set by cpu_level_use; initially the detected one). */
enum cpu_level cpu_level_current(void);
/* Uses `level` if the machine supports it; returns 0 on success, -1 if it does not. */
int cpu_level_use(enum cpu_level level);
const char* cpu_level_name(enum cpu_level level);

#endif
