/*
 * A small pool of worker threads for the native kernels. pool_run(n, fn, ctx) calls fn(ctx, task, slot)
 * for every task in [0, n), spread over the calling thread and the workers; it returns when every task
 * is done. Which thread runs which task varies from call to call, so a kernel must make every output
 * value's arithmetic independent of the task split: tsgan's kernels give each output value to exactly
 * one task and fix the order of its sums, so results are the same bits on any number of threads.
 * `slot` (0 = the caller, 1..threads-1 = workers) indexes per-thread scratch memory.
 */
#ifndef TSGAN_POOL_H
#define TSGAN_POOL_H

#define POOL_MAX_THREADS 16

typedef void (*pool_task_fn)(void* ctx, int task, int slot);

/* Sets the number of threads (caller included) used from now on, clamped to [1, POOL_MAX_THREADS]. */
void pool_set_threads(int threads);
int pool_threads(void);
/* Runs tasks 0..n-1 (see the file comment). Not reentrant: call it from one thread at a time. */
void pool_run(int n, pool_task_fn fn, void* ctx);

#endif
