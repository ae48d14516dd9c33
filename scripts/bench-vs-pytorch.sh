#!/usr/bin/env bash
# Times tsgan (native engine, then wasm) and the PyTorch references back to back on every preset, ROUNDS
# times, printing one JSON line per run (and the 1-minute load average before each preset). Used for the
# README's Speed table and docs/benchmarks.md. Compare tsgan with the best PyTorch line of each preset.
# toy2d and mnist-mlp: scripts/torch-reference.py; mnist-dcgan: scripts/torch-dcgan-reference.py.
#
# Each PyTorch run is tagged with "openblasThreads": Debian's PyTorch runs its matrix products in
# OpenBLAS, whose thread pool ignores torch.set_num_threads (torch_reference.py's --threads). Unpinned,
# OpenBLAS starts a spinning thread per core, and any multi-threaded PyTorch run collapses when other
# processes hold the cores (measured with both cores busy: mnist-mlp --threads 1 at 1.7 steps/s with
# OpenBLAS unpinned, 17.9 pinned to 1; toy2d at 2 threads 4.3-4.5 steps/s pinned or not, 85 at 1).
# So every preset runs PyTorch three ways: as is (2 threads, OpenBLAS unpinned), 2 threads with
# OpenBLAS pinned to 2, and 1 thread with OpenBLAS pinned to 1. Compare on an idle machine.
#
# Needs a build (npm run build) and PyTorch for /usr/bin/python3 (Debian: apt-get install python3-torch).
# Debian's PyTorch uses whatever libblas.so.3 is selected: the reference BLAS unless an optimized one
# is installed (apt-get install libopenblas0-pthread). REFERENCE_BLAS_DIR, if set, is put first on
# LD_LIBRARY_PATH for one extra PyTorch run per preset (e.g. /usr/lib/x86_64-linux-gnu/blas, the
# reference BLAS), which runs fewer steps (REFERENCE_STEPS) because it is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
TORCH=${TORCH:-scripts/torch-reference.py}
PRESETS=${PRESETS:-toy2d mnist-mlp mnist-dcgan}
# Optional, for every program alike: WARMUP untimed steps and STEPS timed ones (default: each preset's own,
# as in the references: 20 warm-up steps; 300 / 100 / 50 timed). Longer runs measure the steady state
# (tsgan's JavaScript is still being optimized by V8 during the first few hundred steps).
common=()
[ -n "${WARMUP:-}" ] && common+=(--warmup "$WARMUP")
[ -n "${STEPS:-}" ] && common+=(--steps "$STEPS")
# torch PRESET OPENBLAS_THREADS [reference args…]: one PyTorch run, tagged.
torch() {
  local preset=$1 blas=$2
  shift 2
  local script=("$TORCH" --preset "$preset")
  [ "$preset" = mnist-dcgan ] && script=(scripts/torch-dcgan-reference.py)
  if [ "$blas" = unpinned ]; then
    env -u OPENBLAS_NUM_THREADS /usr/bin/python3 "${script[@]}" ${common[@]+"${common[@]}"} "$@"
  else
    OPENBLAS_NUM_THREADS=$blas /usr/bin/python3 "${script[@]}" ${common[@]+"${common[@]}"} "$@"
  fi | sed "s/}\$/, \"openblasThreads\": \"$blas\"}/"
}
# Check that PyTorch's matrix products run in OpenBLAS (Debian's PyTorch uses whatever libblas.so.3 is
# selected; the reference BLAS is 5-10x slower and no anchor). REFERENCE_BLAS_DIR runs are extra.
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
case "$blas" in
  *openblas*) echo "# PyTorch's BLAS: $blas" ;;
  *) echo "error: PyTorch would use ${blas:-no BLAS}, not OpenBLAS: apt-get install -y libopenblas0-pthread" >&2; exit 1 ;;
esac
for round in $(seq 1 "$ROUNDS"); do
  for preset in $PRESETS; do
    echo "# round $round $preset load $(cut -d' ' -f1 /proc/loadavg)"
    node dist/src/cli/main.js bench --preset "$preset" --json ${common[@]+"${common[@]}"}
    node dist/src/cli/main.js bench --preset "$preset" --json --backend wasm ${common[@]+"${common[@]}"}
    # (the DCGAN reference pins OpenBLAS to --threads itself unless OPENBLAS_NUM_THREADS is set)
    [ "$preset" = mnist-dcgan ] || torch "$preset" unpinned
    torch "$preset" 2 --threads 2
    torch "$preset" 1 --threads 1
    if [ -n "${REFERENCE_BLAS_DIR:-}" ]; then
      if [ "$preset" = mnist-dcgan ]; then ref=(scripts/torch-dcgan-reference.py); else ref=("$TORCH" --preset "$preset"); fi
      LD_LIBRARY_PATH="$REFERENCE_BLAS_DIR" /usr/bin/python3 "${ref[@]}" --steps "${REFERENCE_STEPS:-30}" --warmup 5 | sed 's/"impl": "pytorch"/"impl": "pytorch-reference-blas"/'
    fi
  done
done
