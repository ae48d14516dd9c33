/** How many points of each kind the trainer measures a critic's Lipschitz estimate on, by its cost. */
import test from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../helpers/backend.js';
import { Mlp } from '../../src/models/mlp.js';
import { DcganDiscriminator } from '../../src/models/dcgan-discriminator.js';
import { LIPSCHITZ_POINTS, LIPSCHITZ_POINTS_CONV, LIPSCHITZ_POINTS_WIDE, trainingLipschitzPoints } from '../../src/models/lipschitz.js';
import { createRng } from '../../src/random/rng.js';

await setupBackend();

const mlp = (inputDim: number) => Mlp.create({ inputDim, hidden: [8], outputDim: 1, activation: 'relu', outputActivation: 'linear' }, createRng(1), 'd');

test('Lipschitz points: 64 per kind for an MLP on 2-D points (and packs of them), 16 for an MLP on 784 pixels, 8 for a DCGAN critic', () => {
  assert.deepEqual([LIPSCHITZ_POINTS, LIPSCHITZ_POINTS_WIDE, LIPSCHITZ_POINTS_CONV], [64, 16, 8]);
  for (const [dim, want] of [[2, 64], [8, 64], [255, 64], [256, 16], [784, 16], [794, 16]] as const) {
    const net = mlp(dim);
    assert.equal(trainingLipschitzPoints(net), want, `input ${dim}`);
    net.dispose();
  }
  const d = DcganDiscriminator.create({ height: 28, width: 28, channels: 1, generatorChannels: [8, 4], discriminatorChannels: [4, 8], kernelSize: 4, noiseDim: 4 }, createRng(2));
  assert.equal(trainingLipschitzPoints(d), 8);
  d.dispose();
});
