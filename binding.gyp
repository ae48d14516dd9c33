{
  "targets": [
    {
      "target_name": "tsgan_native",
      "sources": [
        "native/cpu/addon.c",
        "native/cpu/cpu-level.c",
        "native/cpu/gemm.c",
        "native/cpu/gemm-narrow.c",
        "native/cpu/pool.c",
        "native/cpu/peak.c",
        "native/cpu/pool-check.c",
        "native/cpu/elementwise.c",
        "native/cpu/conv.c",
        "native/cpu/channels.c"
      ],
      "cflags": ["-O3", "-std=gnu11", "-ffp-contract=off", "-fno-math-errno", "-pthread", "-Wall", "-Wno-unused-function"],
      "cflags!": ["-O2"],
      "ldflags": ["-pthread"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
