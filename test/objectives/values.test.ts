/** Objectives against hand-computed values (THEORY E1, E2, E6). */
import test from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { setupBackend } from '../helpers/backend.js';
import { createObjective } from '../../src/objectives/registry.js';
import { gameValueTerms } from '../../src/objectives/log-prob.js';

await setupBackend();
const LOG2 = Math.log(2);
const sig = (a: number) => 1 / (1 + Math.exp(-a));
const num = (t: tf.Scalar) => t.dataSync()[0];
const close = (a: number, b: number, tol = 1e-6) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('E1/E6: at D ≡ 1/2 (all logits 0), V(D, G) = −log 4 and each term is −log 2', () => {
  const zeros = tf.zeros([64, 1]);
  const v = gameValueTerms({ realLogits: zeros, fakeLogits: zeros });
  close(num(v.value), -Math.log(4));
  close(num(v.realTerm), -LOG2);
  close(num(v.fakeTerm), -LOG2);
  const mm = createObjective('minimax');
  close(num(mm.discriminatorLoss({ realLogits: zeros, fakeLogits: zeros }).loss), Math.log(4));
  close(num(mm.generatorLoss({ fakeLogits: zeros }).loss), -LOG2, 1e-6); // saturating: E[log(1 − D)] = log ½
  close(num(createObjective('non-saturating').generatorLoss({ fakeLogits: zeros }).loss), LOG2); // −E[log D] = log 2
});

test('E2: minimax and non-saturating losses and terms at arbitrary logits, by hand', () => {
  const r = [2, -1, 0.5], f = [0.5, -3, 1.5];
  const realTerm = r.reduce((s, a) => s + Math.log(sig(a)), 0) / 3;
  const fakeTerm = f.reduce((s, a) => s + Math.log(1 - sig(a)), 0) / 3;
  const fakeLogD = f.reduce((s, a) => s + Math.log(sig(a)), 0) / 3;
  const logits = { realLogits: tf.tensor1d(r), fakeLogits: tf.tensor1d(f) };
  const d = createObjective('minimax').discriminatorLoss(logits);
  close(num(d.loss), -(realTerm + fakeTerm));
  close(num(d.terms.realTerm), realTerm);
  close(num(d.terms.fakeTerm), fakeTerm);
  const g = createObjective('minimax').generatorLoss(logits);
  close(num(g.loss), fakeTerm);
  close(num(g.terms.fakeTerm), fakeTerm);
  const ns = createObjective('non-saturating').generatorLoss(logits);
  close(num(ns.loss), -fakeLogD);
  close(num(ns.terms.fakeLogD), fakeLogD);
  // label smoothing s: real part (1 − s)·log D + s·log(1 − D)
  const s = 0.1;
  const smooth = r.reduce((acc, a) => acc + (1 - s) * Math.log(sig(a)) + s * Math.log(1 - sig(a)), 0) / 3;
  close(num(createObjective('minimax', { labelSmoothing: s }).discriminatorLoss(logits).loss), -(smooth + fakeTerm));
});

test('E2: logits are used stably: extreme logits give finite, exact losses', () => {
  const logits = { realLogits: tf.tensor1d([-200]), fakeLogits: tf.tensor1d([200]) };
  const d = createObjective('minimax').discriminatorLoss(logits);
  close(num(d.loss), 400, 1e-3); // −log σ(−200) − log(1 − σ(200)) = 200 + 200
  close(num(createObjective('non-saturating').generatorLoss({ fakeLogits: tf.tensor1d([-100]) }).loss), 100, 1e-3);
});

test('E2/E7: the saturating generator gradient vanishes when D rejects the fakes; the non-saturating one does not', () => {
  const fakeLogits = tf.tensor1d([-10, -10]);
  const sat = createObjective('minimax').generatorLogitGradient({ fakeLogits }).dataSync();
  const ns = createObjective('non-saturating').generatorLogitGradient({ fakeLogits }).dataSync();
  close(sat[0], -sig(-10) / 2, 1e-9); // ≈ −2.3e-5
  close(ns[0], -(1 - sig(-10)) / 2, 1e-6); // ≈ −0.5
  assert.ok(Math.abs(ns[0]) / Math.abs(sat[0]) > 1e4);
});

test('least-squares and hinge values by hand', () => {
  const r = [2, -1, 0.5], f = [0.5, -3, 1.5];
  const logits = { realLogits: tf.tensor1d(r), fakeLogits: tf.tensor1d(f) };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ls = createObjective('least-squares');
  close(num(ls.discriminatorLoss(logits).loss), 0.5 * mean(r.map((a) => (a - 1) ** 2)) + 0.5 * mean(f.map((a) => a * a)), 1e-5);
  close(num(ls.generatorLoss(logits).loss), 0.5 * mean(f.map((a) => (a - 1) ** 2)), 1e-5);
  const h = createObjective('hinge');
  close(num(h.discriminatorLoss(logits).loss), mean(r.map((a) => Math.max(0, 1 - a))) + mean(f.map((a) => Math.max(0, 1 + a))), 1e-6);
  close(num(h.generatorLoss(logits).loss), -mean(f), 1e-6);
});
