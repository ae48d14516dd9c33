/*
 * The per-channel kernels of channels.h: a pass over fixed row blocks (the threads claim blocks), each
 * block's float64 sums kept apart and added in block order afterwards.
 */
#include "channels.h"
#include "pool.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Float64 partial sums, two arrays of blocks × channels (grown as needed; one kernel at a time). */
static double* partials;
static size_t partials_size;

static double* partial_buffer(size_t want) {
  if (partials_size < want) {
    free(partials);
    partials = (double*)malloc(want * sizeof(double));
    if (!partials) abort();
    partials_size = want;
  }
  return partials;
}

static int blocks_of(int rows) { return (rows + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK; }

/* Tasks for `blocks` blocks: a few per thread (any split gives the same bits). */
static int tasks_for(int blocks) {
  const int t = pool_threads() <= 1 ? 1 : 4 * pool_threads();
  return blocks < t ? blocks : t;
}

typedef struct {
  const float* x;
  const float* dy;
  const float* mask;
  const float* xhat;
  const float* gamma;
  const float* beta;
  const float* mean;
  const float* inv_std;
  const float* dgamma;
  const float* dbeta;
  const float* scale; /* gamma·invStd/N per channel (backward) */
  float* y;
  float* out_xhat;
  float* dx;
  double* sums; /* blocks × channels (× 2 for the backward's two sums) */
  int rows, channels, blocks, tasks, relu;
  float n;
} channel_job;

/* The blocks of task `task`: [*b0, *b1). */
static void task_blocks(const channel_job* j, int task, int* b0, int* b1) {
  *b0 = (int)((long long)j->blocks * task / j->tasks);
  *b1 = (int)((long long)j->blocks * (task + 1) / j->tasks);
}

/* Rows of block b: [*r0, *r1). */
static void block_rows(const channel_job* j, int b, int* r0, int* r1) {
  *r0 = b * CHANNEL_BLOCK;
  *r1 = *r0 + CHANNEL_BLOCK < j->rows ? *r0 + CHANNEL_BLOCK : j->rows;
}

/* Adds the blocks' sums (`count` arrays of channels per block, side by side) in block order, as float32. */
static void reduce_blocks(const double* sums, int blocks, int width, float* out) {
  for (int c = 0; c < width; c++) {
    double s = 0;
    for (int b = 0; b < blocks; b++) s += sums[(size_t)b * width + c];
    out[c] = (float)s;
  }
}

/* ---------- one row of each pass (restrict parameters, so that the compiler vectorizes over channels) ---------- */

static void sums_row(int C, const float* restrict x, double* restrict acc) {
  for (int c = 0; c < C; c++) acc[c] += (double)x[c];
}

static void squares_row(int C, const float* restrict x, const float* restrict mean, double* restrict acc) {
  for (int c = 0; c < C; c++) {
    const float d = x[c] - mean[c];
    acc[c] += (double)(d * d);
  }
}

/* xhat = (x − mean)·invStd, y = max(xhat·gamma + beta, lo) (lo 0 for a ReLU: NaN → 0 as TF.js's relu; −∞ for none). */
static void normalize_row(int C, float lo, const float* restrict x, const float* restrict mean, const float* restrict inv_std, const float* restrict gamma, const float* restrict beta, float* restrict xhat, float* restrict y) {
  for (int c = 0; c < C; c++) {
    const float h = (x[c] - mean[c]) * inv_std[c];
    const float v = h * gamma[c] + beta[c];
    xhat[c] = h;
    y[c] = v > lo ? v : lo;
  }
}

/* d = dy · [mask > 0] (0 where mask ≤ 0 or NaN), four lanes at a time through GCC's vector extensions. */
typedef float v4f __attribute__((vector_size(16)));
typedef int v4i __attribute__((vector_size(16)));
static void mask_row(int C, const float* restrict dy, const float* restrict mask, float* restrict d) {
  int c = 0;
  for (; c + 4 <= C; c += 4) {
    v4f m, y;
    memcpy(&m, mask + c, sizeof m);
    memcpy(&y, dy + c, sizeof y);
    const v4i keep = m > (v4f){0, 0, 0, 0};
    const v4f out = (v4f)((v4i)y & keep);
    memcpy(d + c, &out, sizeof out);
  }
  for (; c < C; c++) d[c] = mask[c] > 0.0f ? dy[c] : 0.0f;
}

/* Σd and Σd·xhat. */
static void grad_sums_row(int C, const float* restrict d, const float* restrict xhat, double* restrict sd, double* restrict sdx) {
  for (int c = 0; c < C; c++) {
    sd[c] += (double)d[c];
    sdx[c] += (double)(d[c] * xhat[c]);
  }
}

/* dx = ((N·d − Σd) − xhat·Σd·xhat) · scale. */
static void grad_input_row(int C, float n, const float* restrict d, const float* restrict xhat, const float* restrict dbeta, const float* restrict dgamma, const float* restrict scale, float* restrict dx) {
  for (int c = 0; c < C; c++) dx[c] = ((d[c] * n - dbeta[c]) - xhat[c] * dgamma[c]) * scale[c];
}

/* ---------- channel sums ---------- */

/* Per channel and block: Σx (j->mean null) or Σ (x − mean)², the difference and square in float32. */
static void block_sums_task(void* ctx, int task, int slot) {
  (void)slot;
  const channel_job* j = (const channel_job*)ctx;
  const int C = j->channels;
  int b0, b1;
  task_blocks(j, task, &b0, &b1);
  for (int b = b0; b < b1; b++) {
    double* acc = j->sums + (size_t)b * C;
    memset(acc, 0, (size_t)C * sizeof(double));
    int r0, r1;
    block_rows(j, b, &r0, &r1);
    for (int r = r0; r < r1; r++) {
      if (j->mean == 0) sums_row(C, j->x + (size_t)r * C, acc);
      else squares_row(C, j->x + (size_t)r * C, j->mean, acc);
    }
  }
}

void channel_sums(const float* x, int rows, int channels, float* sums) {
  if (channels <= 0) return;
  channel_job j = {0};
  j.x = x, j.rows = rows, j.channels = channels, j.blocks = blocks_of(rows);
  if (j.blocks == 0) {
    memset(sums, 0, (size_t)channels * sizeof(float));
    return;
  }
  j.tasks = tasks_for(j.blocks);
  j.sums = partial_buffer((size_t)j.blocks * channels);
  pool_run(j.tasks, block_sums_task, &j);
  reduce_blocks(j.sums, j.blocks, channels, sums);
}

/* ---------- batch norm, forward ---------- */

static void normalize_task(void* ctx, int task, int slot) {
  (void)slot;
  const channel_job* j = (const channel_job*)ctx;
  const int C = j->channels;
  int b0, b1;
  task_blocks(j, task, &b0, &b1);
  for (int b = b0; b < b1; b++) {
    int r0, r1;
    block_rows(j, b, &r0, &r1);
    const float lo = j->relu ? 0.0f : -INFINITY;
    for (int r = r0; r < r1; r++) {
      const size_t o = (size_t)r * C;
      normalize_row(C, lo, j->x + o, j->mean, j->inv_std, j->gamma, j->beta, j->out_xhat + o, j->y + o);
    }
  }
}

void batch_norm_forward(const float* x, int rows, int channels, const float* gamma, const float* beta, float eps, int relu, float* y, float* xhat, float* mean, float* var, float* inv_std) {
  if (channels <= 0 || rows <= 0) return;
  const float n = (float)rows;
  channel_sums(x, rows, channels, mean);
  for (int c = 0; c < channels; c++) mean[c] = mean[c] / n;
  channel_job j = {0};
  j.x = x, j.mean = mean, j.rows = rows, j.channels = channels, j.blocks = blocks_of(rows), j.tasks = tasks_for(j.blocks);
  j.sums = partial_buffer((size_t)j.blocks * channels);
  pool_run(j.tasks, block_sums_task, &j);
  reduce_blocks(j.sums, j.blocks, channels, var);
  for (int c = 0; c < channels; c++) {
    var[c] = var[c] / n;
    inv_std[c] = 1.0f / sqrtf(var[c] + eps);
  }
  j.inv_std = inv_std, j.gamma = gamma, j.beta = beta, j.y = y, j.out_xhat = xhat, j.relu = relu;
  pool_run(j.tasks, normalize_task, &j);
}

/* ---------- batch norm, backward ---------- */

/* d = dy (· step(mask)); per channel and block Σd and Σd·xhat, side by side. */
static void grad_sums_task(void* ctx, int task, int slot) {
  (void)slot;
  const channel_job* j = (const channel_job*)ctx;
  const int C = j->channels;
  int b0, b1;
  task_blocks(j, task, &b0, &b1);
  float* row = j->mask == 0 ? 0 : (float*)malloc(sizeof(float) * (size_t)C); /* one masked row */
  if (j->mask != 0 && !row) abort();
  for (int b = b0; b < b1; b++) {
    double* sd = j->sums + (size_t)b * 2 * C;
    double* sdx = sd + C;
    memset(sd, 0, (size_t)2 * C * sizeof(double));
    int r0, r1;
    block_rows(j, b, &r0, &r1);
    for (int r = r0; r < r1; r++) {
      const size_t o = (size_t)r * C;
      const float* d = j->dy + o;
      if (j->mask != 0) {
        mask_row(C, d, j->mask + o, row);
        d = row;
      }
      grad_sums_row(C, d, j->xhat + o, sd, sdx);
    }
  }
  free(row);
}

static void grad_input_task(void* ctx, int task, int slot) {
  (void)slot;
  const channel_job* j = (const channel_job*)ctx;
  const int C = j->channels;
  int b0, b1;
  task_blocks(j, task, &b0, &b1);
  float* row = j->mask == 0 ? 0 : (float*)malloc(sizeof(float) * (size_t)C); /* one masked row */
  if (j->mask != 0 && !row) abort();
  for (int b = b0; b < b1; b++) {
    int r0, r1;
    block_rows(j, b, &r0, &r1);
    for (int r = r0; r < r1; r++) {
      const size_t o = (size_t)r * C;
      const float* d = j->dy + o;
      if (j->mask != 0) {
        mask_row(C, d, j->mask + o, row);
        d = row;
      }
      grad_input_row(C, j->n, d, j->xhat + o, j->dbeta, j->dgamma, j->scale, j->dx + o);
    }
  }
  free(row);
}

void batch_norm_backward(const float* dy, const float* mask, const float* xhat, int rows, int channels, const float* gamma, const float* inv_std, float* dx, float* dgamma, float* dbeta) {
  if (channels <= 0) return;
  channel_job j = {0};
  j.dy = dy, j.mask = mask, j.xhat = xhat, j.rows = rows, j.channels = channels, j.blocks = blocks_of(rows);
  if (j.blocks == 0) {
    memset(dgamma, 0, (size_t)channels * sizeof(float));
    memset(dbeta, 0, (size_t)channels * sizeof(float));
    return;
  }
  j.tasks = tasks_for(j.blocks);
  j.sums = partial_buffer((size_t)j.blocks * 2 * channels);
  pool_run(j.tasks, grad_sums_task, &j);
  /* Block b holds [Σd over C | Σd·xhat over C]: reduce both as one row of 2C. */
  float* both = (float*)malloc(sizeof(float) * 2 * (size_t)channels);
  if (!both) abort();
  reduce_blocks(j.sums, j.blocks, 2 * channels, both);
  memcpy(dbeta, both, sizeof(float) * channels);
  memcpy(dgamma, both + channels, sizeof(float) * channels);
  free(both);
  float* scale = (float*)malloc(sizeof(float) * (size_t)channels);
  if (!scale) abort();
  for (int c = 0; c < channels; c++) scale[c] = (gamma[c] * inv_std[c]) / (float)rows;
  j.scale = scale, j.dbeta = dbeta, j.dgamma = dgamma, j.dx = dx, j.n = (float)rows;
  pool_run(j.tasks, grad_input_task, &j);
  free(scale);
}
