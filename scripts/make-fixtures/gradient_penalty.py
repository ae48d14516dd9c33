#!/usr/bin/env python3
"""Reference values for the gradient-penalty fixtures (test/fixtures/gradient-penalty/*.json):
the WGAN-GP penalty and the R1 penalty (THEORY E9) of a small MLP critic, and their gradients with
respect to every weight, by PyTorch autograd in float64 (double backprop: the penalty is a function
of ∇_x D, so its weight gradient needs the graph of that input gradient, create_graph=True).

One file per activation the toolkit offers for critics. For each:
  critic      2 → 16 → 16 → 1, h = act(h @ kernel + bias) on the hidden layers, the last layer linear
              (leakyRelu with slope 0.2, elu with α = 1, softplus with β = 1)
  weights     kernel ~ N(0, 1/fan_in), bias ~ N(0, 0.1²)      (kernel is [fan_in, fan_out])
  batch       real ~ N(0, I) (8 × 2), fake = 1.5·N(0, I) + 0.5 (8 × 2), epsilon ~ U(0, 1) (8)
  WGAN-GP     weight · mean_i (‖∇_x D(x̂_i)‖₂ − target)², x̂_i = ε_i real_i + (1 − ε_i) fake_i,
              weight 10, target 1 (Gulrajani et al. 2017)
  R1          (γ/2) · mean_i ‖∇_x D(real_i)‖₂², γ = 10 (Mescheder et al. 2018)
All random draws come from torch.manual_seed(100 + k), k the activation's index in ACTIVATIONS, in
the order: each layer's kernel then bias, real, fake, epsilon (torch.randn / torch.rand, float64).
The "seed1" in the file names is the name of this set of weights, kept from the first version.

Usage (from the repository root):
  /usr/bin/python3 scripts/make-fixtures/gradient_penalty.py [OUT_DIR]
      OUT_DIR defaults to test/fixtures/gradient-penalty
Needs PyTorch (Debian: apt-get install python3-torch; run it with Debian's /usr/bin/python3).
"""
import json
import math
import os
import sys

import torch

ACTIVATIONS = ["relu", "leakyRelu", "tanh", "sigmoid", "softplus", "elu"]
LEAKY_RELU_ALPHA = 0.2
SIZES = [2, 16, 16, 1]
BATCH = 8
GP_WEIGHT, GP_TARGET, R1_GAMMA = 10.0, 1.0, 10.0
ABOUT = (
    "MLP critic: h = act(h @ kernel + bias) on every layer but the last, which is linear and gives one "
    "score per row. gradientPenalty.value = weight * mean_i (||grad_x D(xhat_i)||_2 - target)^2 with "
    "xhat_i = epsilon_i*real_i + (1-epsilon_i)*fake_i; r1.value = (gamma/2) * mean_i ||grad_x D(real_i)||_2^2. "
    "grads are d(value)/d(kernel|bias) per layer. Computed in float64 by PyTorch autograd."
)
F64 = torch.float64


def act_fn(name):
    return {
        "relu": torch.relu,
        "leakyRelu": lambda h: torch.nn.functional.leaky_relu(h, LEAKY_RELU_ALPHA),
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "softplus": torch.nn.functional.softplus,
        "elu": torch.nn.functional.elu,
    }[name]


def critic(layers, act, x):
    """D(x): one score per row."""
    h = x
    for i, (kernel, bias) in enumerate(layers):
        h = h @ kernel + bias
        if i < len(layers) - 1:
            h = act(h)
    return h[:, 0]


def input_grad_norms(layers, act, x):
    """‖∇_x D(x_i)‖₂ per row, differentiable with respect to the weights (create_graph)."""
    x = x.detach().clone().requires_grad_(True)
    (g,) = torch.autograd.grad(critic(layers, act, x).sum(), x, create_graph=True)
    return g.norm(dim=1)


def weight_grads(value, layers):
    """d(value)/d(kernel | bias) per layer; 0 for a weight the value does not depend on (the last bias,
    which moves D but not ∇_x D)."""
    flat = [t for layer in layers for t in layer]
    grads = [torch.zeros_like(t) if g is None else g for t, g in zip(flat, torch.autograd.grad(value, flat, allow_unused=True))]
    return [{"kernel": grads[2 * i].tolist(), "bias": grads[2 * i + 1].tolist()} for i in range(len(layers))]


def fixture(k, name):
    torch.manual_seed(100 + k)
    layers = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        kernel = torch.randn(fan_in, fan_out, dtype=F64) / math.sqrt(fan_in)
        bias = torch.randn(fan_out, dtype=F64) * 0.1
        layers.append((kernel.requires_grad_(True), bias.requires_grad_(True)))
    real = torch.randn(BATCH, SIZES[0], dtype=F64)
    fake = torch.randn(BATCH, SIZES[0], dtype=F64) * 1.5 + 0.5
    epsilon = torch.rand(BATCH, dtype=F64)
    act = act_fn(name)

    x_hat = epsilon[:, None] * real + (1 - epsilon[:, None]) * fake
    gp = GP_WEIGHT * ((input_grad_norms(layers, act, x_hat) - GP_TARGET) ** 2).mean()
    r1 = (R1_GAMMA / 2) * (input_grad_norms(layers, act, real) ** 2).mean()

    return {
        "about": ABOUT,
        "activation": name,
        "leakyReluAlpha": LEAKY_RELU_ALPHA,
        "layers": [{"kernel": kernel.tolist(), "bias": bias.tolist()} for kernel, bias in layers],
        "real": real.tolist(),
        "fake": fake.tolist(),
        "epsilon": epsilon.tolist(),
        "gradientPenalty": {"weight": GP_WEIGHT, "target": GP_TARGET, "value": gp.item(), "grads": weight_grads(gp, layers)},
        "r1": {"gamma": R1_GAMMA, "value": r1.item(), "grads": weight_grads(r1, layers)},
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "test", "fixtures", "gradient-penalty")
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)  # same numbers whatever the machine's core count
    for k, name in enumerate(ACTIVATIONS):
        path = os.path.join(out, f"critic-{'x'.join(map(str, SIZES))}-{name}-seed1.json")
        with open(path, "w") as f:
            json.dump(fixture(k, name), f)
            f.write("\n")
        print(path)


if __name__ == "__main__":
    main()
