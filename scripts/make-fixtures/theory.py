#!/usr/bin/env python3
"""Reference values for the theory fixtures (test/fixtures/theory/*.json), computed with NumPy and
SciPy only — independently of tsgan's code — by adaptive quadrature (scipy.integrate.quad) on finite
pieces split at every point where an integrand has a kink or a narrow feature.

For each real/fake pair (1-D densities p = p_r, q = p_g, cdfs F_r, F_g) a fixture holds:
  js               JS(p‖q) = ½ ∫ p log(p/m) + ½ ∫ q log(q/m),  m = (p + q)/2          (THEORY E4)
  klRealFake       KL(p‖q) = ∫ p log(p/q); null (= +∞) when p has mass where q = 0       (E3)
  klFakeReal       KL(q‖p), likewise
  tv               ½ ∫ |p − q|                                                          (E8)
  valueAtOptimum   V(D*, G) = ∫ p log D* + ∫ q log(1 − D*),  D* = p/(p + q)              (E2, E5)
  minusLog4Plus2JS −log 4 + 2·js (equal to valueAtOptimum: the identity E5, computed apart)
  w1               W1 = ∫ |F_r − F_g|                                                    (E8)
  dStarAt          [[x], D*(x)] at chosen points; D* is null where p + q = 0              (E2)
  name             the file's name without .json

Every log is taken of densities evaluated as logs (log-pdf, log-sum-exp for mixtures), so that
the tails, where p and q underflow, add nothing rather than NaN. Integration runs over
[min mean − 40 std, max mean + 40 std] for normals (beyond, every density is below 1e-300) and
over the support for uniforms, split at: every mean ± {0, 1, 2, 3, 5, 8, 12, 20, 30} std, every
uniform edge, and every sign change of p − q (for TV) and of F_r − F_g (for W1), found on a
fine grid and refined with brentq.

Usage (from the repository root):
  python3 scripts/make-fixtures/theory.py [OUT_DIR]      # OUT_DIR defaults to test/fixtures/theory
Needs numpy and scipy (Debian: apt-get install python3-numpy python3-scipy).
"""
import json
import math
import os
import sys

import numpy as np
from scipy import integrate, optimize, special, stats

# ---- the pairs: specs in tsgan's distribution-spec format, and the points where D* is recorded ----

CASES = [
    {
        "name": "equal",
        "real": {"type": "normal", "mean": [0.3], "std": [0.7]},
        "fake": {"type": "normal", "mean": [0.3], "std": [0.7]},
        "dStarAt": [0.0],
    },
    {
        "name": "mixture-vs-normal",
        "real": {
            "type": "mixture",
            "components": [
                {"weight": 0.5, "dist": {"type": "normal", "mean": [-2], "std": [0.5]}},
                {"weight": 0.5, "dist": {"type": "normal", "mean": [2], "std": [0.5]}},
            ],
        },
        "fake": {"type": "normal", "mean": [0], "std": [1.5]},
        "dStarAt": [-2.0, 0.0, 2.0],
    },
    {
        "name": "normal-vs-shifted-normal",
        "real": {"type": "normal", "mean": [0], "std": [1]},
        "fake": {"type": "normal", "mean": [1], "std": [1]},
        "dStarAt": [-1.0, 0.5, 2.0],
    },
    {
        "name": "uniform-overlap",
        "real": {"type": "uniform", "low": [0], "high": [1]},
        "fake": {"type": "uniform", "low": [0.5], "high": [1.5]},
        "dStarAt": [0.25, 0.75, 1.25],
    },
]

# ---- 1-D distributions from a spec: log-density, cdf, support, breakpoints ----


class Dist:
    """A 1-D distribution: logpdf(x), cdf(x), support (list of closed intervals), breakpoints."""

    def __init__(self, spec):
        t = spec["type"]
        if t == "normal":
            mu, sd = float(spec["mean"][0]), float(spec["std"][0])
            self.logpdf = lambda x: stats.norm.logpdf(x, mu, sd)
            self.cdf = lambda x: stats.norm.cdf(x, mu, sd)
            self.support = [(-math.inf, math.inf)]
            self.range = (mu - 40 * sd, mu + 40 * sd)
            self.breaks = [mu + k * sd for s in (-1, 1) for k in (0, 1, 2, 3, 5, 8, 12, 20, 30)]
        elif t == "uniform":
            lo, hi = float(spec["low"][0]), float(spec["high"][0])
            self.logpdf = lambda x: -math.log(hi - lo) if lo <= x <= hi else -math.inf
            self.cdf = lambda x: min(max((x - lo) / (hi - lo), 0.0), 1.0)
            self.support = [(lo, hi)]
            self.range = (lo, hi)
            self.breaks = [lo, hi]
        elif t == "mixture":
            comps = [Dist(c["dist"]) for c in spec["components"]]
            total = sum(float(c["weight"]) for c in spec["components"])
            logw = [math.log(float(c["weight"]) / total) for c in spec["components"]]
            w = [float(c["weight"]) / total for c in spec["components"]]
            self.logpdf = lambda x: special.logsumexp([lw + c.logpdf(x) for lw, c in zip(logw, comps)])
            self.cdf = lambda x: sum(wi * c.cdf(x) for wi, c in zip(w, comps))
            self.support = [iv for c in comps for iv in c.support]
            self.range = (min(c.range[0] for c in comps), max(c.range[1] for c in comps))
            self.breaks = [b for c in comps for b in c.breaks]
        else:
            raise ValueError(f"spec type {t!r} is not handled by this script")


def covers(outer, inner):
    """True when every interval of `inner` lies within the union of `outer` (both lists of intervals)."""
    # The cases here are whole lines or single intervals; merge outer and test each inner interval.
    merged = []
    for lo, hi in sorted(outer):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return all(any(lo >= a and hi <= b for a, b in merged) for lo, hi in inner)


def sign_changes(f, a, b, n=20000):
    """Points in (a, b) where f changes sign: a grid of n cells, each bracket refined by brentq."""
    xs = np.linspace(a, b, n + 1)
    fs = [f(x) for x in xs]
    roots = []
    last = None  # index of the last grid point where f was not 0
    for i, v in enumerate(fs):
        if v == 0.0:
            continue
        if last is not None and (fs[last] < 0) != (v < 0):
            roots.append(optimize.brentq(f, xs[last], xs[i], xtol=1e-15, rtol=4 * np.finfo(float).eps))
        last = i
    return roots


def integrate_pieces(f, points):
    """∫ f over [points[0], points[-1]], one quad per piece between consecutive sorted points."""
    pts = sorted(set(points))
    total = 0.0
    for a, b in zip(pts[:-1], pts[1:]):
        if b - a <= 0:
            continue
        v, _ = integrate.quad(f, a, b, epsabs=1e-15, epsrel=1e-13, limit=500)
        total += v
    return total


def xlogy_exp(logp, logr):
    """p · (log p − log r) for p = exp(logp), 0 where p = 0."""
    if logp == -math.inf:
        return 0.0
    return math.exp(logp) * (logp - logr)


def fixture(case):
    r, g = Dist(case["real"]), Dist(case["fake"])
    a = min(r.range[0], g.range[0])
    b = max(r.range[1], g.range[1])
    base = [a, b] + [x for x in r.breaks + g.breaks if a <= x <= b]

    def logm(x):  # log of the mixture m = (p + q)/2
        return np.logaddexp(r.logpdf(x), g.logpdf(x)) - math.log(2)

    def js_integrand(x):
        lm = logm(x)
        return 0.5 * xlogy_exp(r.logpdf(x), lm) + 0.5 * xlogy_exp(g.logpdf(x), lm)

    def kl(p, q):
        if not covers(q.support, p.support):
            return None  # +∞: p has mass where q has none
        return integrate_pieces(lambda x: xlogy_exp(p.logpdf(x), q.logpdf(x)), base)

    def value_integrand(x):  # p log(p/(p+q)) + q log(q/(p+q))
        ls = np.logaddexp(r.logpdf(x), g.logpdf(x))
        return xlogy_exp(r.logpdf(x), ls) + xlogy_exp(g.logpdf(x), ls)

    def dp(x):
        return math.exp(r.logpdf(x)) - math.exp(g.logpdf(x))

    def dF(x):
        return r.cdf(x) - g.cdf(x)

    js = integrate_pieces(js_integrand, base)
    tv = 0.5 * integrate_pieces(lambda x: abs(dp(x)), base + sign_changes(dp, a, b))
    w1 = integrate_pieces(lambda x: abs(dF(x)), base + sign_changes(dF, a, b))

    def d_star(x):
        lp, lq = r.logpdf(x), g.logpdf(x)
        if lp == -math.inf and lq == -math.inf:
            return None
        return float(1.0 / (1.0 + math.exp(lq - lp))) if lp != -math.inf else 0.0

    return {
        "real": case["real"],
        "fake": case["fake"],
        "js": js,
        "klRealFake": kl(r, g),
        "klFakeReal": kl(g, r),
        "tv": tv,
        "valueAtOptimum": integrate_pieces(value_integrand, base),
        "minusLog4Plus2JS": -math.log(4) + 2 * js,
        "w1": w1,
        "dStarAt": [[[x], d_star(x)] for x in case["dStarAt"]],
        "name": case["name"],
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "test", "fixtures", "theory")
    os.makedirs(out, exist_ok=True)
    for case in CASES:
        path = os.path.join(out, case["name"] + ".json")
        with open(path, "w") as f:
            json.dump(fixture(case), f, indent=1)
            f.write("\n")
        print(path)


if __name__ == "__main__":
    main()
