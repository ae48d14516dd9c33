/*
 * tsgan's native addon (N-API): the kernels of this folder, called from src/node/backend/native/. Every kernel
 * reads and writes float32 arrays inside one ArrayBuffer (the TF.js wasm backend's heap, so tensors are
 * used in place, never copied), at byte offsets the caller gives; each offset and length is checked
 * against the buffer before any memory is touched, and a bad one throws a RangeError.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <string.h>
#include "cpu-level.h"
#include "gemm.h"
#include "pool.h"
#include "peak.h"
#include "pool-check.h"

#define MAX_ARGS 16

typedef struct {
  napi_env env;
  napi_value argv[MAX_ARGS];
  size_t argc;
  uint8_t* data;
  size_t length;
  int failed;
} call;

static void throw_range(call* c, const char* message) {
  if (!c->failed) napi_throw_range_error(c->env, 0, message);
  c->failed = 1;
}

static int get_call(napi_env env, napi_callback_info info, call* c, size_t want, int buffer_first) {
  memset(c, 0, sizeof *c);
  c->env = env;
  c->argc = MAX_ARGS;
  if (napi_get_cb_info(env, info, &c->argc, c->argv, 0, 0) != napi_ok || c->argc < want) {
    napi_throw_type_error(env, 0, "tsgan native: wrong number of arguments");
    return 0;
  }
  if (buffer_first) {
    void* data = 0;
    bool is_ab = false;
    napi_is_arraybuffer(env, c->argv[0], &is_ab);
    if (!is_ab || napi_get_arraybuffer_info(env, c->argv[0], &data, &c->length) != napi_ok) {
      napi_throw_type_error(env, 0, "tsgan native: the first argument must be an ArrayBuffer");
      return 0;
    }
    c->data = (uint8_t*)data;
  }
  return 1;
}

static int32_t arg_int(call* c, size_t i) {
  int32_t v = 0;
  if (napi_get_value_int32(c->env, c->argv[i], &v) != napi_ok) throw_range(c, "tsgan native: an integer argument is not a number");
  return v;
}

/* A byte offset (the wasm heap can reach 4 GB, beyond int32). */
static int64_t arg_offset(call* c, size_t i) {
  int64_t v = 0;
  if (napi_get_value_int64(c->env, c->argv[i], &v) != napi_ok) throw_range(c, "tsgan native: an offset argument is not a number");
  return v;
}

static double arg_double(call* c, size_t i) {
  double v = 0;
  if (napi_get_value_double(c->env, c->argv[i], &v) != napi_ok) throw_range(c, "tsgan native: a number argument is not a number");
  return v;
}

/* A float32 array of `count` values at byte offset `offset` of the call's buffer, or 0 (and a throw). */
static float* floats_at(call* c, int64_t offset, int64_t count) {
  if (offset < 0 || count < 0 || (offset & 3) != 0 || (uint64_t)offset + (uint64_t)count * 4u > c->length) {
    throw_range(c, "tsgan native: an array lies outside the buffer");
    return 0;
  }
  return (float*)(c->data + offset);
}

/*
 * matmul(buffer, aOffset, bOffset, cOffset, biasOffset, M, N, K, flags, activation, alpha)
 * flags: bit 0 transA, bit 1 transB, bits 2-3 bias kind (gemm.h). See gemm.h for the product.
 */
static napi_value js_matmul(napi_env env, napi_callback_info info) {
  call c;
  if (!get_call(env, info, &c, 11, 1)) return 0;
  const int64_t ao = arg_offset(&c, 1), bo = arg_offset(&c, 2), co = arg_offset(&c, 3), biaso = arg_offset(&c, 4);
  const int M = arg_int(&c, 5), N = arg_int(&c, 6), K = arg_int(&c, 7), flags = arg_int(&c, 8), act = arg_int(&c, 9);
  const float alpha = (float)arg_double(&c, 10);
  if (c.failed) return 0;
  if (M < 0 || N < 0 || K < 0 || act < ACT_LINEAR || act > ACT_RELU6) {
    throw_range(&c, "tsgan native: matmul sizes must be ≥ 0 and the activation known");
    return 0;
  }
  const int biasKind = (flags >> 2) & 3;
  gemm_args g = {M, N, K, 0, flags & 1, 0, (flags >> 1) & 1, 0, 0, biasKind, act, alpha};
  g.A = floats_at(&c, ao, (int64_t)M * K);
  g.B = floats_at(&c, bo, (int64_t)K * N);
  g.C = floats_at(&c, co, (int64_t)M * N);
  if (biasKind == BIAS_PER_COLUMN) g.bias = floats_at(&c, biaso, N);
  else if (biasKind == BIAS_SCALAR) g.bias = floats_at(&c, biaso, 1);
  else if (biasKind != BIAS_NONE) throw_range(&c, "tsgan native: unknown bias kind");
  if (c.failed) return 0;
  gemm(&g);
  return 0;
}

/* info() → { level, detected, threads, tileRows, tileCols } */
static napi_value js_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o, v;
  napi_create_object(env, &o);
  napi_create_string_utf8(env, cpu_level_name(cpu_level_current()), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "level", v);
  napi_create_string_utf8(env, cpu_level_name(cpu_level_detect()), NAPI_AUTO_LENGTH, &v);
  napi_set_named_property(env, o, "detected", v);
  napi_create_int32(env, pool_threads(), &v);
  napi_set_named_property(env, o, "threads", v);
  napi_create_int32(env, gemm_tile_rows(), &v);
  napi_set_named_property(env, o, "tileRows", v);
  napi_create_int32(env, gemm_tile_cols(), &v);
  napi_set_named_property(env, o, "tileCols", v);
  return o;
}

/* peakGflops(seconds): the FMA peak of one core at the current level (peak.h). */
static napi_value js_peak(napi_env env, napi_callback_info info) {
  call c;
  if (!get_call(env, info, &c, 1, 0)) return 0;
  const double seconds = arg_double(&c, 0);
  if (c.failed) return 0;
  if (!(seconds > 0 && seconds <= 10)) {
    napi_throw_range_error(env, 0, "tsgan native: peakGflops needs 0 < seconds ≤ 10");
    return 0;
  }
  napi_value r;
  napi_create_double(env, peak_gflops(cpu_level_current(), seconds), &r);
  return r;
}

/* poolCheck(jobs): the pool's stress check (pool-check.h); 0 when sound. */
static napi_value js_pool_check(napi_env env, napi_callback_info info) {
  call c;
  if (!get_call(env, info, &c, 1, 0)) return 0;
  const int jobs = arg_int(&c, 0);
  if (c.failed) return 0;
  napi_value r;
  napi_create_double(env, (double)pool_check(jobs < 0 ? 0 : jobs), &r);
  return r;
}

/* setLevel(name): 'avx512' | 'avx2' | 'portable'; throws if the machine cannot run it. */
static napi_value js_set_level(napi_env env, napi_callback_info info) {
  call c;
  if (!get_call(env, info, &c, 1, 0)) return 0;
  char name[32];
  size_t len = 0;
  if (napi_get_value_string_utf8(env, c.argv[0], name, sizeof name, &len) != napi_ok) {
    napi_throw_type_error(env, 0, "tsgan native: setLevel needs a string");
    return 0;
  }
  enum cpu_level level = strcmp(name, "avx512") == 0 ? LEVEL_AVX512 : strcmp(name, "avx2") == 0 ? LEVEL_AVX2 : strcmp(name, "portable") == 0 ? LEVEL_PORTABLE : (enum cpu_level)-1;
  if ((int)level < 0 || cpu_level_use(level) != 0) {
    napi_throw_range_error(env, 0, "tsgan native: this CPU cannot run that kernel level (use avx512, avx2 or portable, at most the detected one)");
    return 0;
  }
  return 0;
}

/* setThreads(n): threads for the kernels (caller included), 1..16. */
static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  call c;
  if (!get_call(env, info, &c, 1, 0)) return 0;
  const int n = arg_int(&c, 0);
  if (c.failed) return 0;
  if (n < 1 || n > POOL_MAX_THREADS) {
    napi_throw_range_error(env, 0, "tsgan native: threads must be between 1 and 16");
    return 0;
  }
  pool_set_threads(n);
  return 0;
}

/* The element-wise kernels' and the convolutions' glue, each in its own file. */
#include "addon-elementwise.inc"
#include "addon-conv.inc"

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"matmul", 0, js_matmul, 0, 0, 0, napi_default, 0},
      {"info", 0, js_info, 0, 0, 0, napi_default, 0},
      {"setLevel", 0, js_set_level, 0, 0, 0, napi_default, 0},
      {"setThreads", 0, js_set_threads, 0, 0, 0, napi_default, 0},
      {"peakGflops", 0, js_peak, 0, 0, 0, napi_default, 0},
      {"poolCheck", 0, js_pool_check, 0, 0, 0, napi_default, 0},
      ADDON_ELEMENTWISE_PROPERTIES
      ADDON_CONV_PROPERTIES
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
