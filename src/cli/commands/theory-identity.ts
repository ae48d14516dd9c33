/**
 * `tsgan theory identity --real SPEC --fake SPEC`: JS, both KLs, TV, W1 and the E5 identity
 * V(D*, G) = −log 4 + 2·JS for one pair of distributions.
 */
import { Command } from 'commander';
import { identityCheck } from '../../index.js';
import { identityRows, identityReport } from '../../node/index.js';
import { checkOut, finish, readPair, textTable, type OutputOptions } from './theory-common.js';

/** Options of the command. */
interface IdentityOptions extends OutputOptions {
  readonly real?: string;
  readonly fake?: string;
}

export function theoryIdentityCommand(): Command {
  return new Command('identity')
    .description('JS, KL both ways, TV, W1 (1-D) and V(D*, G) = −log 4 + 2·JS (E5) for a pair of 1-D or 2-D distributions')
    .option('--real <spec>', 'the data distribution P_r: a name (normal, bimodal, ring8, …), a JSON spec or a spec file')
    .option('--fake <spec>', 'the generator distribution P_g, same forms')
    .option('--json', 'print JSON: js, klRealFake, klFakeReal, tv, w1, valueAtOptimum, minusLog4Plus2JS, identityError (null = +∞ for a KL; w1 null in 2-D)')
    .option('--out <dir>', 'write report.md and identity.png to this new or empty folder')
    .option('--overwrite', 'write into a non-empty --out folder (replacing the report)')
    .action(async (opts: IdentityOptions) => {
      const { real, fake } = readPair(opts.real, opts.fake);
      checkOut(opts);
      const c = identityCheck(real, fake);
      const json = {
        js: c.js,
        klRealFake: c.klRealFake,
        klFakeReal: c.klFakeReal,
        tv: c.tv,
        w1: c.w1 ?? null,
        valueAtOptimum: c.valueAtOptimum,
        minusLog4Plus2JS: c.minusLog4Plus2JS,
        identityError: c.identityError,
      };
      const text = () => `tsgan theory identity: ${real.label} vs ${fake.label} (nats)\n${textTable(identityRows(c).map(([a, tag, v]) => [a, v.padStart(16), `(${tag})`]))}`;
      await finish(opts, json, text, () => identityReport({ real, fake, realName: opts.real!, fakeName: opts.fake!, check: c }));
    });
}
