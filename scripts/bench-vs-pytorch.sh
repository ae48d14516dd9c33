#!/usr/bin/env bash
# Times tsgan and the PyTorch references back to back on every preset, ROUNDS times, printing one JSON
# line per run (and the 1-minute load average before each preset). Used for docs/benchmarks.md.
# toy2d and mnist-mlp: ../shared/bench/torch_reference.py; mnist-dcgan: scripts/torch-dcgan-reference.py.
#
# Needs a build (npm run build) and PyTorch for /usr/bin/python3 (Debian: apt-get install python3-torch).
# Debian's PyTorch uses whatever libblas.so.3 is selected: the reference BLAS unless an optimized one
# is installed (apt-get install libopenblas0-pthread). REFERENCE_BLAS_DIR, if set, is put first on
# LD_LIBRARY_PATH for one extra PyTorch run per preset (e.g. /usr/lib/x86_64-linux-gnu/blas, the
# reference BLAS), which runs fewer steps (REFERENCE_STEPS) because it is slow.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
TORCH=${TORCH:-/work/shared/bench/torch_reference.py}
PRESETS=${PRESETS:-toy2d mnist-mlp mnist-dcgan}
for round in $(seq 1 "$ROUNDS"); do
  for preset in $PRESETS; do
    echo "# round $round $preset load $(cut -d' ' -f1 /proc/loadavg)"
    node dist/src/cli/main.js bench --preset "$preset" --json
    if [ "$preset" = mnist-dcgan ]; then
      /usr/bin/python3 scripts/torch-dcgan-reference.py
      /usr/bin/python3 scripts/torch-dcgan-reference.py --threads 1
      continue
    fi
    /usr/bin/python3 "$TORCH" --preset "$preset"
    /usr/bin/python3 "$TORCH" --preset "$preset" --threads 1
    if [ -n "${REFERENCE_BLAS_DIR:-}" ]; then
      LD_LIBRARY_PATH="$REFERENCE_BLAS_DIR" /usr/bin/python3 "$TORCH" --preset "$preset" --steps "${REFERENCE_STEPS:-30}" --warmup 5 | sed 's/"impl": "pytorch"/"impl": "pytorch-reference-blas"/'
    fi
  done
done
