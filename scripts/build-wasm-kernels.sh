#!/usr/bin/env bash
# Compiles native/kernels.c to WebAssembly (SIMD128) and writes src/node/backend/wasm-kernels/binary.ts, which
# holds both builds as base64: one importing a plain memory (TF.js's single-threaded wasm build) and
# one importing a shared memory (its threaded build). Needs clang and wasm-ld 14 or later (Debian:
# apt-get install clang-14 lld-14). Only needed after editing native/kernels.c: the output is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-$(command -v clang-14 || command -v clang)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
common=(--target=wasm32 -O3 -msimd128 -nostdlib -fno-builtin -Wall -Werror
  -Wl,--no-entry -Wl,--import-memory -Wl,--strip-all -Wl,-z,stack-size=0 -Wl,--initial-memory=131072)
"$CLANG" "${common[@]}" -o "$tmp/plain.wasm" native/kernels.c
"$CLANG" "${common[@]}" -matomics -mbulk-memory -Wl,--shared-memory -Wl,--max-memory=4294967296 -o "$tmp/shared.wasm" native/kernels.c
node scripts/wasm-kernels-to-ts.mjs "$tmp/plain.wasm" "$tmp/shared.wasm" > src/node/backend/wasm-kernels/binary.ts
echo "wrote src/node/backend/wasm-kernels/binary.ts"
