/*
 * The thread pool of pool.h. A job is published by bumping a generation number; workers spin for a
 * short while waiting for the next job (GAN steps run dozens of products a millisecond apart), then
 * sleep on a condition variable. Every wait spins a little, then yields the core (sched_yield): on an
 * idle machine that costs nothing, and on a busy one a waiting thread hands its core to whoever can
 * work — often the very thread it waits for, or the JavaScript thread that will publish the next job. Tasks are claimed with a compare-and-swap on one 64-bit word holding
 * (generation, next task), so a worker that wakes late can never claim a task of a newer job with the
 * parameters of an older one.
 */
#define _GNU_SOURCE
#include "pool.h"
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <stdatomic.h>
#include <stdint.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CPU_RELAX() _mm_pause()
#else
#define CPU_RELAX() ((void)0)
#endif

/* How long an idle worker waits for the next job before it sleeps, and the pauses before a wait
 * starts yielding. */
#define IDLE_NS 200000
#define PAUSES_BEFORE_YIELD 64

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int wanted = 1;             /* threads asked for, caller included */
static int started = 0;            /* workers running */
static pthread_t workers[POOL_MAX_THREADS];
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;

static _Atomic uint64_t state;     /* generation << 32 | next unclaimed task */
static _Atomic int done;           /* tasks finished in the current job */
static _Atomic int sleepers;
static pool_task_fn job_fn;
static void* job_ctx;
static int job_tasks;

static inline uint32_t generation_of(uint64_t s) { return (uint32_t)(s >> 32); }

/* The task field of a job that is over: no task index reaches it (pool_run takes at most INT_MAX tasks). */
#define EXHAUSTED 0x7FFFFFFFu

/* Claims and runs tasks of generation `gen` until none is left. */
static void work(uint32_t gen, int slot) {
  for (;;) {
    uint64_t s = atomic_load_explicit(&state, memory_order_acquire);
    if (generation_of(s) != gen) return;
    const int task = (int)(uint32_t)s;
    const pool_task_fn fn = job_fn;
    void* const ctx = job_ctx;
    if (task >= job_tasks) return;
    if (!atomic_compare_exchange_weak_explicit(&state, &s, s + 1, memory_order_acq_rel, memory_order_acquire)) continue;
    fn(ctx, task, slot);
    atomic_fetch_add_explicit(&done, 1, memory_order_release);
  }
}

static void* worker_main(void* arg) {
  const int slot = (int)(intptr_t)arg;
  uint32_t seen = generation_of(atomic_load(&state));
  for (;;) {
    uint32_t gen;
    int spins = 0;
    int64_t since = 0;
    while ((gen = generation_of(atomic_load_explicit(&state, memory_order_acquire))) == seen) {
      if (++spins < PAUSES_BEFORE_YIELD) {
        CPU_RELAX();
        continue;
      }
      if (since == 0) since = now_ns();
      if (now_ns() - since < IDLE_NS) {
        sched_yield();
        continue;
      }
      pthread_mutex_lock(&mutex);
      atomic_fetch_add(&sleepers, 1);
      while (generation_of(atomic_load(&state)) == seen) pthread_cond_wait(&wake, &mutex);
      atomic_fetch_sub(&sleepers, 1);
      pthread_mutex_unlock(&mutex);
      spins = 0;
      since = 0;
    }
    seen = gen;
    if (slot < wanted) work(gen, slot);
  }
  return 0;
}

void pool_set_threads(int threads) {
  if (threads < 1) threads = 1;
  if (threads > POOL_MAX_THREADS) threads = POOL_MAX_THREADS;
  wanted = threads;
}

int pool_threads(void) { return wanted; }

void pool_run(int n, pool_task_fn fn, void* ctx) {
  if (n <= 0) return;
  if (wanted <= 1 || n == 1) {
    for (int t = 0; t < n; t++) fn(ctx, t, 0);
    return;
  }
  while (started < wanted - 1) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&workers[started], &attr, worker_main, (void*)(intptr_t)(started + 1)) != 0) {
      pthread_attr_destroy(&attr);
      break;
    }
    pthread_attr_destroy(&attr);
    started++;
  }
  /* First close the previous job: a worker that read its state (all tasks claimed, say task k) could
   * otherwise compare k with the NEW job's task count below, claim "task k" with the previous job's
   * generation and run it with the new job's function — and its count would end this job early.
   * With the task field at EXHAUSTED, such a claim fails (the state changed) or sees no task left. */
  const uint32_t previous = generation_of(atomic_load(&state));
  atomic_store_explicit(&state, ((uint64_t)previous << 32) | EXHAUSTED, memory_order_seq_cst);
  job_fn = fn;
  job_ctx = ctx;
  job_tasks = n;
  atomic_store_explicit(&done, 0, memory_order_relaxed);
  const uint32_t gen = previous + 1;
  /* Publishing the new generation (task 0) releases the job's parameters to the workers. */
  pthread_mutex_lock(&mutex);
  atomic_store_explicit(&state, (uint64_t)gen << 32, memory_order_release);
  if (atomic_load(&sleepers) > 0) pthread_cond_broadcast(&wake);
  pthread_mutex_unlock(&mutex);
  work(gen, 0);
  for (int spins = 0; atomic_load_explicit(&done, memory_order_acquire) < n; spins++) {
    if (spins < PAUSES_BEFORE_YIELD) CPU_RELAX();
    else sched_yield();
  }
}
