/**
 * `tsgan sweep FILE`: a sweep over settings and seeds (src/sweep; docs/sweeps.md) — on this machine in
 * `--jobs` child processes, or on a BullMQ queue in Redis (`--queue URL` or TSGAN_REDIS_URL) whose
 * workers (`tsgan worker`) may be on any number of machines. `tsgan sweep status|report|remove NAME`
 * read a queued sweep back; `tsgan sweep report DIR` a local one. `tsgan sweep measure` is the job's own
 * last step (./sweep-job.ts runs it in a child), not meant to be typed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { MEASURE_NAMES, metricsFromJson, sweepTable, sweepTableMarkdown, type JobFailure, type JobResult, type MeasureName, type SweepTable } from '../../index.js';
import {
  connectRedis,
  localResults,
  makeFolder,
  measureRun,
  queueUrl,
  readSweepRecord,
  redactUrl,
  removeSweep,
  restoreRun,
  runLocalSweep,
  submitSweep,
  sweepNames,
  sweepState,
  writeFileAtomic,
  type JobState,
  type QueuedJob,
  type SweepRecord,
} from '../../node/index.js';
import { loadRunForCommand } from '../start-backend.js';
import { ExplainedError, UsageError } from '../errors.js';
import { parseInteger, parseSeed } from '../parse.js';
import { planSweep, type SweepPlan } from './sweep-plan.js';
import { resultLine, SweepProgress } from './sweep-progress.js';
import { followSweep, withStopSignals, stopCode } from './sweep-follow.js';

function parseMeasures(text: string): MeasureName[] {
  const names = text.split(',').map((s) => s.trim());
  const bad = names.find((n) => !(MEASURE_NAMES as readonly string[]).includes(n));
  if (bad !== undefined) throw new UsageError(`--measure ${bad}: not a measure: give some of ${MEASURE_NAMES.join(', ')}`);
  return names as MeasureName[];
}

/** The jobs of a sweep as one text (their ids in order): two sweeps with the same text run the same work. */
const jobsKey = (jobs: readonly { readonly id: string }[]) => jobs.map((j) => j.id).join(',');

/** Refuses (UsageError) a `flag` folder that exists and is not empty. */
function requireEmptyFolder(dir: string, flag: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${flag} ${dir}: is not empty: give a new or empty folder`);
}

/** The table of a sweep, printed (Markdown, or JSON with --json). */
function printTable(t: SweepTable, json: boolean): void {
  if (json) process.stdout.write(`${JSON.stringify(t, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity') : v), 2)}\n`);
  else process.stdout.write(`${sweepTableMarkdown(t).join('\n')}\n`);
}

/** `tsgan sweep FILE` on this machine. */
async function runHere(plan: SweepPlan, opts: { jobs: number; out?: string; json?: boolean; quiet?: boolean }): Promise<void> {
  const dir = opts.out ?? join('sweeps', plan.spec.name);
  const specFile = join(dir, 'sweep.json');
  const ids = jobsKey(plan.jobs);
  if (existsSync(specFile)) {
    let earlier: string | undefined;
    try {
      earlier = jobsKey((JSON.parse(readFileSync(specFile, 'utf8')) as { jobs: QueuedJob[] }).jobs);
    } catch {
      earlier = undefined;
    }
    if (earlier !== ids) throw new UsageError(`--out ${dir}: holds another sweep (other settings, seeds or measures): choose another --out, or remove the folder`);
  } else {
    requireEmptyFolder(dir, '--out');
  }
  const done = localResults(dir, plan.jobs);
  const todo = plan.jobs.filter((j) => !done.has(j.id));
  if (!opts.quiet) {
    process.stderr.write(`tsgan sweep ${plan.spec.name}: ${plan.settings.length} setting(s) × ${plan.spec.seeds.length} seed(s) = ${plan.jobs.length} jobs${done.size > 0 ? ` (${done.size} done already)` : ''}, ${Math.min(opts.jobs, Math.max(1, todo.length))} at a time, in ${dir}\n`);
  }
  makeFolder(dir);
  writeFileAtomic(specFile, `${JSON.stringify({ file: plan.file, spec: plan.spec, settings: plan.settings, jobs: plan.jobs }, null, 2)}\n`);
  const progress = new SweepProgress(todo.map((j) => ({ id: j.id, steps: j.config.steps })), opts.quiet === true);
  const controller = new AbortController();
  let outcome: { results: JobResult[]; failures: JobFailure[] } = { results: [], failures: [] };
  const signal = await withStopSignals(controller, async () => {
    try {
      outcome = await runLocalSweep(plan.jobs, {
        dir,
        jobs: opts.jobs,
        signal: controller.signal,
        onProgress: (j, s) => progress.step(j.id, s),
        onJobEnd: (j, o) => (o.result !== undefined ? progress.end(j.id, j.config.steps, resultLine(o.result, j.measure)) : progress.end(j.id, j.config.steps, `${j.setting}, seed ${j.seed}: failed: ${o.failure!.reason}`, true)),
      });
    } finally {
      progress.stop();
    }
  });
  const table = sweepTable(plan.spec.name, plan.settings, plan.spec.seeds.length, plan.jobs[0].measure, outcome.results, outcome.failures);
  writeFileAtomic(join(dir, 'report.md'), `${sweepTableMarkdown(table).join('\n')}\n`);
  if (signal !== undefined) {
    throw new ExplainedError(`stopped by ${signal}: ${outcome.results.length} of ${plan.jobs.length} jobs done (their results are in ${dir}); run \`tsgan sweep ${plan.file}${opts.out === undefined ? '' : ` --out ${dir}`}\` again to finish: unfinished runs resume from their last checkpoint`, stopCode(signal));
  }
  printTable(table, opts.json === true);
  if (outcome.failures.length > 0) throw new ExplainedError(`${outcome.failures.length} of ${plan.jobs.length} jobs failed (listed above); fix the cause and run the sweep again: finished jobs are kept`, 1);
}

/** The table of a queued sweep from its jobs' states. */
function queuedTable(record: SweepRecord, states: readonly JobState[]): SweepTable {
  const results = states.flatMap((s) => (s.result === undefined ? [] : [{ ...s.result, metrics: metricsFromJson(s.result.metrics as Record<string, number | null>) }]));
  const failures = states.flatMap((s) => (s.state === 'failed' ? [{ setting: s.setting, seed: s.seed, reason: s.failedReason ?? 'failed' }] : []));
  return sweepTable(record.name, record.settings, record.seeds.length, record.measure, results, failures);
}

/** `tsgan sweep FILE --queue URL`: submits, then follows until every job has ended (or returns at once with --detach). */
async function runOnQueue(plan: SweepPlan, url: string, opts: { detach?: boolean; retryFailed?: boolean; json?: boolean; quiet?: boolean }): Promise<void> {
  const redis = await connectRedis(url);
  try {
    const { added, existing, retried, record } = await submitSweep(redis, plan.spec, plan.settings, plan.jobs, opts.retryFailed === true);
    if (!opts.quiet || opts.detach) {
      process.stderr.write(`tsgan sweep ${plan.spec.name}: ${plan.jobs.length} jobs on ${redactUrl(url)} (${added} added, ${existing} there already${retried > 0 ? `, ${retried} failed ones retried` : ''})\n`);
    }
    if (opts.detach) {
      process.stderr.write(`follow it with \`tsgan sweep status ${plan.spec.name}\` (--queue as here); workers: \`tsgan worker --queue ${redactUrl(url)}\`\n`);
      return;
    }
    await follow(redis, record, url, opts);
  } finally {
    redis.disconnect();
  }
}

/** Follows `record`'s jobs until each has completed or failed, then prints the table. */
async function follow(redis: Awaited<ReturnType<typeof connectRedis>>, record: SweepRecord, url: string, opts: { json?: boolean; quiet?: boolean }): Promise<void> {
  const states = await followSweep(redis, record, url, opts.quiet === true);
  const table = queuedTable(record, states);
  printTable(table, opts.json === true);
  if (table.failures.length > 0) throw new ExplainedError(`${table.failures.length} of ${record.jobs.length} jobs failed (listed above); fix the cause and submit again with --retry-failed: finished jobs are kept`, 1);
}

/** `tsgan sweep status [NAME]`. */
async function status(name: string | undefined, opts: { queue?: string; json?: boolean }): Promise<void> {
  const url = queueUrl(opts.queue);
  const redis = await connectRedis(url);
  try {
    if (name === undefined) {
      const names = await sweepNames(redis);
      const rows = [];
      for (const n of names) {
        const record = await readSweepRecord(redis, n);
        const states = await sweepState(redis, record);
        const count = (st: string) => states.filter((s) => s.state === st).length;
        rows.push({ name: n, jobs: states.length, completed: count('completed'), active: count('active'), failed: count('failed'), waiting: states.length - count('completed') - count('active') - count('failed') });
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else process.stdout.write(rows.length === 0 ? `no sweep on ${redactUrl(url)}\n` : `${rows.map((r) => `${r.name}: ${r.completed}/${r.jobs} done, ${r.active} running, ${r.waiting} waiting, ${r.failed} failed`).join('\n')}\n`);
      return;
    }
    const record = await readSweepRecord(redis, name);
    const states = await sweepState(redis, record);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ name, submitted: record.submitted, jobs: states }, null, 2)}\n`);
      return;
    }
    const count = (st: string) => states.filter((s) => s.state === st).length;
    const lines = [`sweep ${name} on ${redactUrl(url)}: ${count('completed')}/${states.length} done, ${count('active')} running, ${count('failed')} failed, ${states.length - count('completed') - count('active') - count('failed')} waiting`];
    for (const s of states) {
      const where = s.worker === undefined || s.state === 'waiting' ? '' : ` on ${s.worker}`;
      const retries = s.attempts > 1 ? ` (started ${s.attempts} times)` : '';
      lines.push(`  ${s.setting}, seed ${s.seed}: ${s.state}${s.state === 'active' ? ` at step ${s.step}/${s.steps}` : ''}${where}${retries}${s.failedReason === undefined ? '' : `: ${s.failedReason}`}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    redis.disconnect();
  }
}

/** A folder name for a job's run in `--fetch`: its setting's label made safe, and its seed. */
const runFolderName = (setting: string, seed: number) => `${setting.replace(/[^A-Za-z0-9._=-]+/g, '_').slice(0, 100)}-seed-${seed}`;

/** `tsgan sweep report NAME|DIR`. */
async function report(target: string, opts: { queue?: string; json?: boolean; fetch?: string }): Promise<void> {
  if (existsSync(join(target, 'sweep.json'))) {
    if (opts.fetch !== undefined) throw new UsageError(`--fetch: ${target} is a sweep folder on this machine: its runs are in ${join(target, 'runs')} already`);
    const saved = JSON.parse(readFileSync(join(target, 'sweep.json'), 'utf8')) as { spec: { name: string; seeds: number[] }; settings: string[]; jobs: QueuedJob[] };
    const results = [...localResults(target, saved.jobs).values()];
    printTable(sweepTable(saved.spec.name, saved.settings, saved.spec.seeds.length, saved.jobs[0].measure, results, []), opts.json === true);
    return;
  }
  const url = queueUrl(opts.queue);
  if (opts.fetch !== undefined) requireEmptyFolder(opts.fetch, '--fetch');
  const redis = await connectRedis(url);
  try {
    const record = await readSweepRecord(redis, target);
    const states = await sweepState(redis, record);
    printTable(queuedTable(record, states), opts.json === true);
    if (opts.fetch !== undefined) {
      let n = 0;
      for (const s of states.filter((x) => x.state === 'completed')) {
        if (await restoreRun(redis, s.id, join(opts.fetch, runFolderName(s.setting, s.seed)))) n++;
      }
      process.stderr.write(`tsgan: ${n} run folder(s) written to ${opts.fetch} (\`tsgan eval ${join(opts.fetch, '<run>')}\`)\n`);
    }
  } finally {
    redis.disconnect();
  }
}

export function sweepCommand(): Command {
  const sweep = new Command('sweep').description('sweeps over settings and seeds: here in child processes, or on a Redis queue whose workers (`tsgan worker`) run anywhere (docs/sweeps.md)');
  sweep
    .command('run', { isDefault: true })
    .description('run the sweep of a file (JSON: base config, grid and/or settings, seeds, measures): `tsgan sweep FILE`')
    .argument('<file>', 'the sweep file')
    .option('--jobs <n>', 'jobs at once on this machine, each in its own processes (default: 1)', parseInteger, 1)
    .option('--out <dir>', 'the sweep folder on this machine: runs, results, report (default: sweeps/NAME); run again to finish an interrupted sweep')
    .option('--queue <url>', 'submit the jobs to this Redis queue instead, redis://[user:password@]host:port[/db] or rediss:// (default: $TSGAN_REDIS_URL if set)')
    .option('--detach', 'with a queue: submit and return at once')
    .option('--retry-failed', 'with a queue: put the sweep\'s failed jobs back on the queue')
    .option('--json', 'print the table as JSON')
    .option('--quiet', 'no progress')
    .action(async (file: string, opts: { jobs: number; out?: string; queue?: string; detach?: boolean; retryFailed?: boolean; json?: boolean; quiet?: boolean }) => {
      if (opts.jobs < 1 || opts.jobs > 64) throw new UsageError(`--jobs ${opts.jobs}: give a number of processes from 1 to 64`);
      const named = opts.queue ?? process.env.TSGAN_REDIS_URL;
      const url = named === undefined || named === '' ? undefined : queueUrl(opts.queue);
      if (url === undefined && (opts.detach || opts.retryFailed)) throw new UsageError(`${opts.detach ? '--detach' : '--retry-failed'} goes with a queue (--queue URL or TSGAN_REDIS_URL)`);
      if (url !== undefined && opts.out !== undefined) throw new UsageError('--out is for sweeps on this machine: a queued sweep\'s runs are fetched with `tsgan sweep report NAME --fetch DIR`');
      const plan = planSweep(file);
      if (url === undefined) await runHere(plan, opts);
      else await runOnQueue(plan, url, opts);
    });
  sweep
    .command('status')
    .description('the jobs of a queued sweep (or, with no name, every sweep on the queue): state, step, worker, failures')
    .argument('[name]', 'the sweep\'s name (its file\'s "name")')
    .option('--queue <url>', 'the Redis queue (default: $TSGAN_REDIS_URL)')
    .option('--json', 'print JSON')
    .action(status);
  sweep
    .command('report')
    .description('the table of a sweep: mean ± standard error per setting, failed jobs with their reasons')
    .argument('<name-or-dir>', 'a queued sweep\'s name, or the folder of a sweep run here')
    .option('--queue <url>', 'the Redis queue (default: $TSGAN_REDIS_URL)')
    .option('--fetch <dir>', 'also write the finished jobs\' run folders there (for `tsgan eval`)')
    .option('--json', 'print JSON')
    .action(report);
  sweep
    .command('remove')
    .description('remove a queued sweep: its jobs (none may be running) and their stored runs')
    .argument('<name>', 'the sweep\'s name')
    .option('--queue <url>', 'the Redis queue (default: $TSGAN_REDIS_URL)')
    .action(async (name: string, opts: { queue?: string }) => {
      const redis = await connectRedis(queueUrl(opts.queue));
      try {
        const n = await removeSweep(redis, name);
        process.stdout.write(`removed sweep ${name} (${n} jobs)\n`);
      } finally {
        redis.disconnect();
      }
    });
  sweep.addCommand(
    new Command('measure')
      .description('a sweep job\'s last step: its measures on a trained run, as JSON (run by the job itself)')
      .argument('<dir>', 'the job\'s run folder')
      .addOption(new Option('--measure <list>', 'measures, comma-separated').makeOptionMandatory())
      .addOption(new Option('--seed <s>', 'the job\'s seed').argParser(parseSeed).makeOptionMandatory())
      .option('--samples <n>', 'images drawn by the image measures instead of their protocols\' (a test\'s shortcut)', parseInteger)
      .option('--test-images <n>', 'MNIST test images the images measure compares with instead of all 10,000 (a test\'s shortcut)', parseInteger)
      .action(async (dir: string, opts: { measure: string; seed: number; samples?: number; testImages?: number }) => {
        const measures = parseMeasures(opts.measure);
        if (opts.samples !== undefined && (opts.samples < 100 || opts.samples > 1_000_000)) throw new UsageError(`--samples ${opts.samples}: give a number from 100 to 1000000`);
        if (opts.testImages !== undefined && (opts.testImages < 4 || opts.testImages > 10_000)) throw new UsageError(`--test-images ${opts.testImages}: give a number from 4 to 10000`);
        const run = await loadRunForCommand(dir);
        try {
          process.stdout.write(`${JSON.stringify({ metrics: measureRun(run, measures, opts.seed, { samples: opts.samples, testImages: opts.testImages }) })}\n`);
        } finally {
          run.trainer.dispose();
        }
      }),
    { hidden: true },
  );
  return sweep;
}
