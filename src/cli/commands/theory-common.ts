/**
 * What the `tsgan theory` subcommands share: reading a pair of distributions from --real and
 * --fake, checking --out before any work, and printing / writing the results.
 */
import { existsSync } from 'node:fs';
import { type Distribution, DataError, distributionFromSpec, hasDensity, SpecError } from '../../index.js';
import { resolveDataset, reportFolderProblem, writeTheoryReport, type TheoryReport } from '../../node/index.js';
import { UsageError } from '../errors.js';

/** Options every theory subcommand has. */
export interface OutputOptions {
  readonly json?: boolean;
  readonly out?: string;
  readonly overwrite?: boolean;
}

/** A distribution with a density from a flag's value (a preset name, a JSON spec or a spec file). */
export function readDistribution(flag: string, value: string): Distribution {
  let dataset;
  try {
    // A spec file (or a points file, refused below), else a preset name or an inline JSON spec.
    dataset = existsSync(value.trim()) ? resolveDataset(value).dataset : distributionFromSpec(value);
  } catch (e) {
    if (e instanceof SpecError || e instanceof DataError) throw new UsageError(`${flag}: ${e.message}`);
    throw e;
  }
  if (!hasDensity(dataset)) throw new UsageError(`${flag} ${value}: a file of points has no density; give a preset name or a JSON spec such as '{"type":"normal","mean":[0],"std":[1]}'`);
  return dataset;
}

/** --real and --fake: two distributions of the same dimension, 1 or 2. */
export function readPair(realArg: string | undefined, fakeArg: string | undefined): { real: Distribution; fake: Distribution } {
  if (realArg === undefined || fakeArg === undefined) throw new UsageError('give both --real SPEC and --fake SPEC (a name such as normal, or a JSON spec)');
  const real = readDistribution('--real', realArg);
  const fake = readDistribution('--fake', fakeArg);
  if (real.dim !== fake.dim) throw new UsageError(`--real is ${real.dim}-D but --fake is ${fake.dim}-D: give two distributions of the same dimension`);
  if (real.dim !== 1 && real.dim !== 2) throw new UsageError(`--real and --fake are ${real.dim}-D: the theory commands integrate densities in 1-D or 2-D only`);
  return { real, fake };
}

/** Throws a one-line UsageError when --out cannot receive a report (call before any work). */
export function checkOut(o: OutputOptions): void {
  if (o.out === undefined) return;
  const problem = reportFolderProblem(o.out, o.overwrite === true);
  if (problem !== undefined) throw new UsageError(problem);
}

/**
 * Prints `json` (with --json: JSON on stdout; +∞ and NaN become null) or `text`, and writes the
 * report with --out.
 */
export async function finish(o: OutputOptions, json: unknown, text: () => string, report: () => Promise<TheoryReport>): Promise<void> {
  if (o.out !== undefined) {
    const paths = writeTheoryReport(o.out, await report());
    if (o.json !== true) process.stdout.write(`${text()}\n  report: ${paths.join(', ')}\n`);
  } else if (o.json !== true) process.stdout.write(`${text()}\n`);
  if (o.json === true) process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
}

/** Aligned two-column text lines. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map((r) => `  ${r[0].padEnd(width)}  ${r.slice(1).join('  ')}`).join('\n');
}
