/**
 * Pointwise integrands of the divergences and of the value at the optimum, written in terms of the
 * log-densities lp = log p(x), lq = log q(x) ∈ [−∞, ∞) so that far tails (where p and q underflow)
 * give 0, never NaN. Each integrates (over x, plus atoms) to the quantity it is named after.
 */
import { logAddExp, softplus } from './special.js';

/**
 * p·log(p/q): the integrand of KL(P‖Q) (nats). 0 where p = 0; +Infinity where q = 0 < p (the
 * divergence is then infinite). Domain: lp, lq ∈ [−∞, ∞).
 */
export function klIntegrand(lp: number, lq: number): number {
  if (lp === -Infinity) return 0;
  if (lq === -Infinity) return Infinity;
  const p = Math.exp(lp);
  return p === 0 ? 0 : p * (lp - lq);
}

/**
 * ½·p·log(p/m) + ½·q·log(q/m) with m = (p + q)/2: the integrand of JS(P‖Q) (E5, nats), with log m
 * by log-sum-exp. Always in [0, (p + q)·log 2 / 2]; 0 where p = q = 0. Domain: lp, lq ∈ [−∞, ∞).
 */
export function jsIntegrand(lp: number, lq: number): number {
  const lm = logAddExp(lp, lq) - Math.LN2;
  let s = 0;
  if (lp !== -Infinity) s += Math.exp(lp) * (lp - lm);
  if (lq !== -Infinity) s += Math.exp(lq) * (lq - lm);
  return 0.5 * s;
}

/** ½·|p − q|: the integrand of the total variation distance. Domain: lp, lq ∈ [−∞, ∞). */
export function tvIntegrand(lp: number, lq: number): number {
  return 0.5 * Math.abs(Math.exp(lp) - Math.exp(lq));
}

/**
 * p·log D* + q·log(1 − D*) with D* = p/(p + q) (E3): the integrand of V(D*, G) (E5, left side),
 * p the real and q the generator density, via logits: log D* = −softplus(lq − lp),
 * log(1 − D*) = −softplus(lp − lq). In [−(p + q)·log 2, 0]; 0 where p = q = 0.
 */
export function valueAtOptimumIntegrand(lp: number, lq: number): number {
  let s = 0;
  if (lp !== -Infinity) s -= Math.exp(lp) * softplus(lq - lp);
  if (lq !== -Infinity) s -= Math.exp(lq) * softplus(lp - lq);
  return s;
}
