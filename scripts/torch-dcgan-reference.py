#!/usr/bin/env python3
"""PyTorch reference for `tsgan bench --preset mnist-dcgan`: the same DCGAN training step, timed the
same way as scripts/torch-reference.py times its presets (which has no convolutional one).

Prints one JSON line: {"impl": "pytorch", "preset": "mnist-dcgan", "steps", "stepsPerSec", "threads", "torch"}

A "step" is one discriminator update followed by one generator update (non-saturating loss, Adam
lr 1e-4, betas (0.5, 0.999)), on fresh noise and a fresh real batch each time, float32, batch 64.
  G: z (100) -> Linear -> 7x7x64 -> BatchNorm, ReLU, ConvTranspose 4x4/2 (no bias) -> 14x14x32
     -> BatchNorm, ReLU, ConvTranspose 4x4/2 (+ bias) -> 28x28x1 -> tanh
  D: 28x28x1 -> Conv 4x4/2 32, LeakyReLU 0.2 -> Conv 4x4/2 64, LeakyReLU 0.2 -> Linear -> 1 logit
  real data: a fixed in-memory table of 60000 x 1 x 28 x 28 values in [-1, 1]
(tsgan's layers, src/models/dcgan-*.ts; the layouts differ, NCHW here and NHWC there, the work does not.)

Usage: python3 scripts/torch-dcgan-reference.py [--steps N] [--warmup N] [--threads N]
Needs PyTorch (on Debian: apt-get install python3-torch; run it with /usr/bin/python3).
"""
import argparse, json, os, time

ap = argparse.ArgumentParser()
ap.add_argument("--steps", type=int, default=50)
ap.add_argument("--warmup", type=int, default=20)
ap.add_argument("--threads", type=int, default=os.cpu_count())
a = ap.parse_args()
# The transposed convolutions go through the BLAS (Debian: OpenBLAS when installed), whose own thread
# pool ignores torch.set_num_threads: give it the same count (more threads than free cores make
# OpenBLAS spin and run several times slower).
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(a.threads))

import torch  # noqa: E402  (after the BLAS thread count is set)
from torch import nn  # noqa: E402


def main():
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    G = nn.Sequential(
        nn.Linear(100, 64 * 7 * 7), nn.Unflatten(1, (64, 7, 7)),
        nn.BatchNorm2d(64), nn.ReLU(), nn.ConvTranspose2d(64, 32, 4, 2, 1, bias=False),
        nn.BatchNorm2d(32), nn.ReLU(), nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Tanh())
    D = nn.Sequential(
        nn.Conv2d(1, 32, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Conv2d(32, 64, 4, 2, 1), nn.LeakyReLU(0.2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 1))
    for m in list(G.modules()) + list(D.modules()):
        if isinstance(m, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    opt_g = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.5, 0.999))
    B = 64
    table = torch.rand(60000, 1, 28, 28) * 2 - 1
    softplus = nn.functional.softplus

    def step():
        real = table[torch.randint(0, 60000, (B,))]
        fake = G(torch.randn(B, 100)).detach()
        loss_d = softplus(-D(real)).mean() + softplus(D(fake)).mean()
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        loss_g = softplus(-D(G(torch.randn(B, 100)))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()

    for _ in range(a.warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(a.steps):
        step()
    dt = time.perf_counter() - t0
    print(json.dumps({"impl": "pytorch", "preset": "mnist-dcgan", "steps": a.steps, "stepsPerSec": round(a.steps / dt, 2),
                      "threads": a.threads, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
