/**
 * The one configuration path (src/training/config-layers.ts) and the field metadata the CLI's flags and
 * the lab's form are built from (src/training/config-fields.ts, config-field-meta.ts).
 */
import test from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { browserConfig, layeredConfig, recipeTrainConfig } from '../../src/training/config-layers.js';
import { configFields, fieldHelp, valueAt } from '../../src/training/config-fields.js';
import { configFieldMeta } from '../../src/training/config-field-meta.js';
import { ConfigError, resolveConfig } from '../../src/training/config.js';
import { trainCommand } from '../../src/cli/commands/train.js';
import { benchmarkCommand } from '../../src/cli/commands/benchmark.js';

const lr = (c: { optimizer: { generator: { learningRate: number }; discriminator: { learningRate: number } } }) => [c.optimizer.generator.learningRate, c.optimizer.discriminator.learningRate];

test('layers, lowest first: recipe → model → paper settings → config object → settings, each winning field by field', () => {
  // the recipe alone
  const ring = layeredConfig({ data: 'ring8' });
  assert.deepEqual([ring.steps, ring.pack, ring.batchSize, ring.generatorAverage], [16000, 2, 512, 0.999]);
  assert.deepEqual(layeredConfig({}), ring, 'no data: the schema default, ring8, and its recipe');
  // the paper settings over the recipe (--loss wgan: WGAN clipping, nothing chosen about the constraint)
  const wgan = layeredConfig({ data: 'ring8', settings: [{ path: ['loss'], value: 'wgan' }] });
  assert.deepEqual([wgan.clipValue, wgan.dSteps, wgan.optimizer.generator.name, ...lr(wgan), wgan.steps], [0.01, 5, 'rmsprop', 5e-5, 5e-5, 16000]);
  // a chosen gradient penalty picks WGAN-GP's paper settings, whose λ the setting keeps
  const gp = layeredConfig({ data: 'ring8', settings: [{ path: ['loss'], value: 'wgan' }, { path: ['gradientPenaltyWeight'], value: 3 }] });
  assert.deepEqual([gp.gradientPenaltyWeight, gp.clipValue, (gp.optimizer.generator as { beta2?: number }).beta2, ...lr(gp)], [3, undefined, 0.9, 1e-4, 1e-4]);
  // the config object over the paper settings, the settings over the config object
  const file = layeredConfig({ data: 'ring8', config: { loss: 'wgan', gradientPenaltyWeight: 10, dSteps: 2, batchSize: 64, optimizer: { generator: { name: 'adam', learningRate: 0.5 } } }, settings: [{ path: ['dSteps'], value: 7 }] });
  assert.deepEqual([file.gradientPenaltyWeight, file.dSteps, file.batchSize, file.steps, ...lr(file), (file.optimizer.generator as { beta2?: number }).beta2], [10, 7, 64, 16000, 0.5, 1e-4, 0.9]);
  // the model's layer: mnist's DCGAN variant (8000 steps) instead of its MLP (10000)
  const dcgan = layeredConfig({ settings: [{ path: ['data'], value: 'mnist' }, { path: ['model'], value: 'dcgan' }] });
  assert.deepEqual([dcgan.model, dcgan.steps, dcgan.conditional], ['dcgan', 8000, true]);
  // a later setting of the same field wins (--lr then --g-lr)
  const both = layeredConfig({ data: 'grid25', settings: [{ path: ['optimizer', 'generator', 'learningRate'], value: 0.1 }, { path: ['optimizer', 'discriminator', 'learningRate'], value: 0.1 }, { path: ['optimizer', 'generator', 'learningRate'], value: 0.3 }] });
  assert.deepEqual(lr(both), [0.3, 0.1]);
  // the library's recipeTrainConfig is this path with its fields as the config object
  assert.deepEqual(recipeTrainConfig('grid25', { loss: 'wgan', gradientPenaltyWeight: 10 }), layeredConfig({ config: { data: 'grid25', loss: 'wgan', gradientPenaltyWeight: 10 } }));
  assert.deepEqual(layeredConfig({ data: 'ring8', quick: true }).steps, 3000);
});

test('a setting inside an optimizer keeps the default optimizer; a new optimizer name starts that player\'s optimizer afresh', () => {
  // spiral has no recipe: no optimizer object under the setting, which must not lose the tag `name`
  const one = layeredConfig({ data: 'spiral', settings: [{ path: ['optimizer', 'generator', 'learningRate'], value: 0.01 }] });
  assert.deepEqual(one.optimizer.generator, { name: 'adam', learningRate: 0.01, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 });
  const config = { data: 'spiral', optimizer: { generator: { name: 'adam', learningRate: 1e-3, beta1: 0.9 } } };
  const switched = layeredConfig({ config, settings: [{ path: ['optimizer', 'generator', 'name'], value: 'rmsprop', replacesObject: true }] });
  assert.deepEqual(switched.optimizer.generator, { name: 'rmsprop', learningRate: 5e-5, decay: 0.99, momentum: 0, epsilon: 1e-8 }, 'Adam\'s β1 and lr do not reach RMSProp');
  const same = layeredConfig({ config, settings: [{ path: ['optimizer', 'generator', 'name'], value: 'adam', replacesObject: true }] });
  assert.equal(same.optimizer.generator.name === 'adam' && same.optimizer.generator.beta1, 0.9, 'the same name keeps the object');
});

test('an invalid result is one line naming who set the field: the flag, else the source and the field', () => {
  const msg = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof ConfigError, String(e));
      return (e as Error).message;
    }
    assert.fail('not refused');
  };
  assert.match(msg(() => layeredConfig({ settings: [{ path: ['dSteps'], value: 0, source: '--d-steps' }] })), /^--d-steps: Too small: expected number to be >0$/);
  assert.match(msg(() => layeredConfig({ source: 'settings', settings: [{ path: ['dSteps'], value: 0 }] })), /^settings: dSteps: Too small/);
  assert.match(msg(() => layeredConfig({ source: 'my.json', config: { stepz: 3 } })), /^my\.json: \(top level\): unknown field\(s\) "stepz" \(did you mean "steps"\?\)/);
  assert.match(msg(() => layeredConfig({ source: 'settings', settings: [{ path: ['loss'], value: 'wgan' }, { path: ['clipValue'], value: undefined }, { path: ['gradientPenaltyWeight'], value: 0 }] })), /^settings: loss: wgan needs its critic kept Lipschitz/);
  assert.throws(() => layeredConfig({ recipe: 'browser', quick: true }), /the browser recipe has no quick preset/);
});

test('the browser recipe (the web lab\'s defaults) comes from the library: small networks and a short run, for any data', () => {
  const b = browserConfig('ring8');
  assert.deepEqual([b.data, b.generator.hidden, b.discriminator.hidden, b.noise.dim, b.batchSize, b.steps, b.pack, b.generatorAverage, b.learningRateDecay, ...lr(b)], ['ring8', [64, 64, 64], [64, 64, 64], 2, 128, 2000, 1, 0, 'none', 1e-3, 1e-3]);
  assert.deepEqual({ ...browserConfig('bimodal'), data: 'ring8' }, b, 'the data set\'s recipe does not apply');
  assert.deepEqual(b, resolveConfig({ ...b }), 'complete and valid');
  // the lab's form reads as settings over the current experiment: fields the form does not show are kept
  const over = layeredConfig({ recipe: 'browser', config: { ...b, snapshotEvery: 7 }, source: 'settings', settings: [{ path: ['steps'], value: 50 }] });
  assert.deepEqual([over.steps, over.snapshotEvery, over.learningRateDecaySteps], [50, 7, undefined]);
});

test('config fields come from the schema\'s metadata: kind, choices, bounds and paths read from the schema; per-player fields give three flags each', () => {
  const meta = <S extends z.ZodType>(s: S, m: Parameters<typeof configFieldMeta.add>[1]) => {
    configFieldMeta.add(s, m);
    return s;
  };
  const schema = z.object({
    count: meta(z.number().int().positive().default(3), { flag: 'count', arg: 'n', help: 'how many (default: {default})', form: { label: 'count', group: 'game' } }),
    plain: z.number().default(0),
    inner: z.object({ mode: meta(z.enum(['a', 'b']).default('a'), { flag: 'mode', arg: 'm', help: 'mode' }), sizes: meta(z.array(z.number().int()).default([1]), { flag: 'sizes', arg: 's', help: 'sizes {extra}' }) }).prefault({}),
    rate: meta(z.number().min(0.5).default(1), { flag: 'rate', arg: 'r', help: 'rate', defaultText: (v) => `${String(v)} per s` }),
    on: meta(z.boolean().default(false), { flag: 'on', help: 'on', negatedHelp: 'off' }),
    opt: meta(
      z.object({ generator: z.discriminatedUnion('name', [z.object({ name: z.literal('x'), speed: z.number().positive().default(1) }), z.object({ name: z.literal('y') })]).prefault({ name: 'x' }), discriminator: z.discriminatedUnion('name', [z.object({ name: z.literal('x'), speed: z.number().positive().default(1) }), z.object({ name: z.literal('y') })]).prefault({ name: 'x' }) }).prefault({}),
      { players: { name: { flag: 'opt', arg: 'name', help: 'optimizer of {players}', replacesObject: true }, speed: { flag: 'speed', arg: 'v', help: 'speed of {players}', form: { label: 'speed', group: 'networks' } } } },
    ),
  });
  const fields = configFields(schema);
  const row = (flag: string) => fields.find((f) => f.flag === flag)!;
  assert.deepEqual(fields.map((f) => f.flag), ['count', 'mode', 'sizes', 'rate', 'on', 'opt', 'g-opt', 'd-opt', 'speed', 'g-speed', 'd-speed'], 'the schema\'s order; `plain` has no flag');
  assert.deepEqual([row('count').kind, row('count').min, row('count').paths], ['integer', 1, [['count']]]);
  assert.deepEqual([row('mode').kind, row('mode').choices, row('mode').paths], ['choice', ['a', 'b'], [['inner', 'mode']]]);
  assert.deepEqual([row('sizes').kind, row('rate').kind, row('rate').min, row('on').kind], ['integers', 'number', 0.5, 'boolean']);
  assert.deepEqual([row('opt').kind, row('opt').choices, row('opt').paths, row('opt').replacesObject], ['choice', ['x', 'y'], [['opt', 'generator', 'name'], ['opt', 'discriminator', 'name']], true]);
  assert.deepEqual([row('g-speed').paths, row('g-speed').form?.label, row('d-speed').form?.label, row('speed').form], [[['opt', 'generator', 'speed']], 'G speed', 'D speed', undefined]);
  const defaults = schema.parse({});
  assert.equal(fieldHelp(row('count'), defaults), 'how many (default: 3)');
  assert.equal(fieldHelp(row('sizes'), defaults, { extra: 'more' }), 'sizes more');
  assert.equal(fieldHelp(row('speed'), defaults), 'speed of both players (default: 1)');
  assert.equal(fieldHelp(row('g-speed'), defaults), 'speed of the generator');
  assert.equal(valueAt(defaults, ['inner', 'mode']), 'a');
  assert.equal(row('rate').defaultText?.(2), '2 per s');
});

test('the training config\'s flags: one per settable field, unique, and exactly the config flags of `tsgan train` and `tsgan benchmark modes`', () => {
  const fields = configFields();
  const flags = fields.map((f) => f.flag);
  assert.equal(new Set(flags).size, flags.length, 'unique flags');
  // every leaf of a resolved config has a flag, except the fields a config file sets
  const fileOnly = ['snapshotSamples', 'rollbackLearningRateFactor', 'maxRollbacks', 'optimizer.generator.beta1', 'optimizer.generator.beta2', 'optimizer.generator.epsilon', 'optimizer.discriminator.beta1', 'optimizer.discriminator.beta2', 'optimizer.discriminator.epsilon'];
  const leaves: string[] = [];
  const walk = (o: Record<string, unknown>, at: string[]) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) walk(v as Record<string, unknown>, [...at, k]);
      else leaves.push([...at, k].join('.'));
    }
  };
  walk({ ...resolveConfig({}), clipValue: 1, learningRateDecaySteps: 1 }, []);
  const set = new Set(fields.flatMap((f) => f.paths.map((p) => p.join('.'))));
  assert.deepEqual(leaves.filter((l) => !set.has(l) && !fileOnly.includes(l)), [], 'fields with no flag');
  const optionNames = (c: { options: readonly { long?: string }[] }) => c.options.map((o) => o.long!.replace(/^--(no-)?/, ''));
  const train = new Set(optionNames(trainCommand()));
  const bench = new Set(optionNames(benchmarkCommand().commands.find((c) => c.name() === 'modes')!));
  for (const f of fields) {
    assert.ok(train.has(f.flag), `tsgan train --${f.flag}`);
    assert.equal(bench.has(f.flag), f.singleRun !== true, `tsgan benchmark modes --${f.flag}`);
  }
  assert.ok(fields.some((f) => f.singleRun === true), 'on-divergence is for single runs');
  // the lab's form: the fields with form metadata, each with a label and a group
  const form = fields.filter((f) => f.form !== undefined).map((f) => f.flag);
  assert.deepEqual(form, ['loss', 'clip-value', 'gradient-penalty', 'r1', 'noise-dim', 'g-hidden', 'd-hidden', 'spectral-norm', 'steps', 'pack', 'd-steps', 'batch-size', 'seed', 'g-lr', 'd-lr', 'g-average']);
});
