/**
 * `tsgan benchmark modes|stacked-mnist … --queue URL`: the benchmark's seeds as a sweep over seeds on a
 * Redis queue (src/node/sweep), run by `tsgan worker`s anywhere. Each seed is a sweep job whose measure
 * is the benchmark's own protocol, so a seed reports the same numbers on a worker as in this process
 * (the same config trains the same generator, and the measure reads it from the job's run folder).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, type MeasureName, type SweepSpec, type TrainConfig } from '../../index.js';
import { connectRedis, jobId, redactUrl, submitSweep, type QueuedJob } from '../../node/index.js';
import { ExplainedError } from '../errors.js';
import { followSweep } from './sweep-follow.js';

/**
 * Runs `seeds` of `config` with `measure` on the queue at `url` (a sweep named after the benchmark, the
 * config and the seeds: submitting it again adds nothing) and follows them; returns each finished
 * seed's result read by `fromJson`, and an ExplainedError per failed seed.
 */
export async function runSeedsOnQueue<R>(benchmark: string, measure: MeasureName, config: TrainConfig, seeds: readonly number[], url: string, quiet: boolean, fromJson: (j: unknown) => R | undefined): Promise<{ results: R[]; failures: Error[] }> {
  const hash = createHash('sha256').update(canonicalJson({ config, seeds, measure })).digest('hex').slice(0, 12);
  const spec: SweepSpec = { name: `benchmark-${benchmark}-${hash}`, base: config, grid: {}, settings: [{}], seeds, measure: [measure] };
  const jobs: QueuedJob[] = seeds.map((seed) => {
    const job = { sweep: spec.name, setting: 'base', seed, config: { ...config, seed }, measure: [measure] };
    return { ...job, id: jobId(job) };
  });
  const redis = await connectRedis(url);
  try {
    const { added, existing, record } = await submitSweep(redis, spec, ['base'], jobs);
    if (!quiet) process.stderr.write(`tsgan benchmark ${benchmark}: ${jobs.length} seed(s) on ${redactUrl(url)} as sweep ${spec.name} (${added} added, ${existing} there already)\n`);
    const states = await followSweep(redis, record, url, quiet);
    const results: R[] = [];
    const failures: Error[] = [];
    for (const s of states) {
      if (s.result !== undefined) {
        const r = fromJson({ seed: s.seed, seconds: s.result.seconds, ...s.result.metrics });
        if (r === undefined) failures.push(new Error(`seed ${s.seed}: could not read its result from the queue`));
        else results.push(r);
      } else {
        failures.push(new ExplainedError(`seed ${s.seed}: ${s.failedReason ?? s.state}`, 1));
      }
    }
    return { results, failures };
  } finally {
    redis.disconnect();
  }
}
