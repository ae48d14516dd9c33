/*
 * A stress check of the thread pool (pool.h), exported by the addon for the tests: `jobs` jobs of 1 to 7
 * tasks (a new count each time, as the kernels make them), each task marking its slot and checking that
 * its job is still running. Counts the violations: a task run twice or not at all, or a task running
 * after pool_run returned (the job's memory is then another job's).
 */
#include "pool-check.h"
#include "pool.h"
#include <stdatomic.h>

typedef struct {
  _Atomic int live;
  _Atomic int runs[8];
  _Atomic long* late;
  int spin;
} check_job;

static void check_task(void* ctx, int task, int slot) {
  (void)slot;
  check_job* j = (check_job*)ctx;
  volatile int sink = 0;
  for (int i = 0; i < j->spin * (task + 1); i++) sink += i;
  if (!atomic_load(&j->live)) atomic_fetch_add(j->late, 1);
  atomic_fetch_add(&j->runs[task], 1);
}

long pool_check(long jobs) {
  _Atomic long late = 0;
  long bad = 0;
  for (long k = 0; k < jobs; k++) {
    check_job j;
    const int n = 1 + (int)(k % 7);
    atomic_store(&j.live, 1);
    for (int t = 0; t < 8; t++) atomic_store(&j.runs[t], 0);
    j.late = &late;
    j.spin = (int)((k * 37) % 200);
    pool_run(n, check_task, &j);
    atomic_store(&j.live, 0);
    for (int t = 0; t < n; t++)
      if (atomic_load(&j.runs[t]) != 1) bad++;
  }
  return bad + atomic_load(&late);
}
