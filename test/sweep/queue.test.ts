/**
 * Sweeps on a real Redis (Debian's redis-server, started here on a free loopback port in a temporary
 * folder and stopped at the end) with real `tsgan worker` processes: the table equals the local
 * sweep's; a SIGKILLed worker's job is finished by another from its checkpoint, byte for byte as one
 * run; a Redis restart mid-sweep loses nothing; a sweep submitted twice adds nothing; a forged job is
 * refused; a bad or unreachable queue is one line, exit 2, within seconds.
 */
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { CLI, ROOT, tempDir, tsgan } from '../helpers/cli.js';
import { freePort, startRedis } from '../helpers/redis-server.js';

const redis = await startRedis();
const workers = new Set<ChildProcess>();
after(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await redis.stop();
});

const TINY = { data: 'ring8', steps: 60, generator: { hidden: [16, 16] }, discriminator: { hidden: [16, 16] }, batchSize: 32 };
const stripTimes = (text: string) => text.replace(/"stepMs":[0-9.e+-]+/g, '');

function sweepFile(spec: unknown): string {
  const f = join(tempDir(), 'sweep.json');
  writeFileSync(f, JSON.stringify(spec));
  return f;
}

/** A `tsgan worker` on the test's Redis; its log is collected. */
function startWorker(url = redis.url): { child: ChildProcess; log: () => string } {
  const child = spawn(process.execPath, [CLI, 'worker', '--queue', url, '--dir', tempDir('tsgan-worker-'), '--stalled-seconds', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
  workers.add(child);
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  child.on('exit', () => workers.delete(child));
  return { child, log: () => log };
}

/** `tsgan sweep status NAME --json` on the test's Redis. */
function status(name: string): { jobs: { id: string; state: string; step: number; worker?: string; attempts: number; failedReason?: string }[] } {
  const r = tsgan(['sweep', 'status', name, '--queue', redis.url, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** `status(name)`, or undefined while the sweep is not on the queue yet (its submission still running). */
function statusOnceSubmitted(name: string): ReturnType<typeof status> | undefined {
  const r = tsgan(['sweep', 'status', name, '--queue', redis.url, '--json']);
  if (r.code !== 0 && /no sweep "/.test(r.stderr)) return undefined;
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The table of a `--json` sweep output without its time column (equal for equal numbers). */
const withoutSeconds = (json: string) => {
  const t = JSON.parse(json);
  return { ...t, rows: t.rows.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined })) };
};

/** Runs the CLI asynchronously (the event loop keeps the test's waits going); resolves with code and output. */
function tsganAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d) => (stdout += d));
    c.stderr.on('data', (d) => (stderr += d));
    c.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('two workers run a sweep of 4 jobs to the table the local `--jobs 2` run gives; submitted again, it adds nothing', async () => {
  const w1 = startWorker();
  const w2 = startWorker();
  const file = sweepFile({ name: 'four', base: TINY, grid: { lr: [1e-4, 5e-4] }, seeds: 2 });
  const queued = await tsganAsync(['sweep', file, '--queue', redis.url, '--json', '--quiet']);
  assert.equal(queued.code, 0, queued.stderr);
  const local = tsgan(['sweep', file, '--out', join(tempDir(), 'sw'), '--jobs', '2', '--json', '--quiet']);
  assert.equal(local.code, 0, local.stderr);
  assert.deepEqual(withoutSeconds(queued.stdout), withoutSeconds(local.stdout));
  assert.equal(JSON.parse(queued.stdout).rows.length, 2);
  assert.ok(JSON.parse(queued.stdout).rows.every((r: { seedsDone: number }) => r.seedsDone === 2));
  assert.match(w1.log() + w2.log(), /four: lr=0\.0005, seed 1: done in \d+ s/);
  const again = tsgan(['sweep', file, '--queue', redis.url, '--detach']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /4 jobs on redis:\/\/127\.0\.0\.1:\d+ \(0 added, 4 there already\)/);
  // the report and status read the same sweep back
  const report = tsgan(['sweep', 'report', 'four', '--queue', redis.url, '--json']);
  assert.deepEqual(withoutSeconds(report.stdout), withoutSeconds(queued.stdout));
  assert.ok(status('four').jobs.every((j) => j.state === 'completed'));
  // `benchmark modes --queue` runs its seeds on the workers: the same numbers as in process
  const args = ['benchmark', 'modes', '--data', 'ring8', '--steps', '60', '--g-hidden', '16,16', '--d-hidden', '16,16', '--batch-size', '32', '--seeds', '2', '--json', '--quiet'];
  const onQueue = await tsganAsync([...args, '--queue', redis.url]);
  assert.equal(onQueue.code, 0, onQueue.stderr);
  const here = tsgan(args);
  const seeds = (t: string) => JSON.parse(t).results.map((r: Record<string, unknown>) => ({ ...r, seconds: undefined }));
  assert.deepEqual(seeds(onQueue.stdout), seeds(here.stdout));
  // every sweep in a line; a sweep removed takes its jobs and stored runs with it
  const all = tsgan(['sweep', 'status', '--queue', redis.url]);
  assert.match(all.stdout, /^four: 4\/4 done, 0 running, 0 waiting, 0 failed$/m);
  const connection = new Redis({ host: '127.0.0.1', port: redis.port });
  try {
    const ids = status('four').jobs.map((j) => j.id);
    assert.equal(await connection.exists(...ids.map((id) => `tsgan:run:${id}`)), 4, 'every job\'s run is stored');
    // another sweep of the same work shares its jobs (nothing trains again); removing it keeps them for "four"
    const twin = sweepFile({ name: 'four-twin', base: TINY, grid: { lr: [1e-4, 5e-4] }, seeds: 2 });
    assert.match(tsgan(['sweep', twin, '--queue', redis.url, '--detach']).stderr, /\(0 added, 4 there already\)/);
    assert.equal(tsgan(['sweep', 'remove', 'four-twin', '--queue', redis.url]).stdout, 'removed sweep four-twin (0 jobs)\n');
    assert.ok(status('four').jobs.every((j) => j.state === 'completed'));
    const removed = tsgan(['sweep', 'remove', 'four', '--queue', redis.url]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, 'removed sweep four (4 jobs)\n');
    assert.equal(await connection.exists(...ids.map((id) => `tsgan:run:${id}`)), 0);
    assert.match(tsgan(['sweep', 'report', 'four', '--queue', redis.url]).stderr, /^tsgan: no sweep "four" on this queue/);
  } finally {
    connection.disconnect();
  }
  w1.child.kill('SIGKILL');
  w2.child.kill('SIGKILL');
});

test('SIGKILL a worker mid-job: another worker resumes the job from its last checkpoint, and the run equals one straight through, byte for byte', async () => {
  const file = sweepFile({ name: 'killed', base: { ...TINY, steps: 4000 }, seeds: [5], checkpointEvery: 250 });
  const a = startWorker();
  assert.equal(tsgan(['sweep', file, '--queue', redis.url, '--detach']).code, 0);
  await until('the job to pass step 1000 on the first worker', () => (status('killed').jobs[0]?.step ?? 0) >= 1000);
  const victim = status('killed').jobs[0].worker!;
  assert.equal(victim.split(':').pop(), String(a.child.pid));
  a.child.kill('SIGKILL');
  const b = startWorker();
  await until('the job to end', () => ['completed', 'failed'].includes(status('killed').jobs[0].state), 90_000);
  const job = status('killed').jobs[0];
  assert.equal(job.state, 'completed', job.failedReason);
  assert.equal(job.worker?.split(':').pop(), String(b.child.pid));
  assert.ok(job.attempts >= 2, `started ${job.attempts} times`);
  const resumedAt = /resuming from the checkpoint at step (\d+)/.exec(b.log());
  assert.ok(resumedAt !== null && Number(resumedAt[1]) >= 1000 && Number(resumedAt[1]) % 250 === 0, b.log());
  // fetched back, the run folder equals the same sweep run here without interruption
  const fetched = join(tempDir(), 'fetched');
  const rep = tsgan(['sweep', 'report', 'killed', '--queue', redis.url, '--fetch', fetched, '--json']);
  assert.equal(rep.code, 0, rep.stderr);
  const local = join(tempDir(), 'sw');
  const one = tsgan(['sweep', file, '--out', local, '--json', '--quiet']);
  assert.deepEqual(withoutSeconds(rep.stdout), withoutSeconds(one.stdout));
  const run = join(fetched, 'base-seed-5');
  const straight = join(local, 'runs', readdirSync(join(local, 'runs')).find((f) => !f.endsWith('.json'))!);
  assert.equal(stripTimes(readFileSync(join(run, 'metrics.jsonl'), 'utf8')), stripTimes(readFileSync(join(straight, 'metrics.jsonl'), 'utf8')));
  assert.equal(JSON.parse(readFileSync(join(run, 'checkpoint.json'), 'utf8')).sha256, JSON.parse(readFileSync(join(straight, 'checkpoint.json'), 'utf8')).sha256);
  const evaluated = tsgan(['eval', run, '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  b.child.kill('SIGKILL');
});

test('Redis restarted (append-only file) in the middle of a sweep: nothing is lost, the sweep completes with the local table', async () => {
  const w = startWorker();
  const file = sweepFile({ name: 'restart', base: { ...TINY, steps: 2500 }, seeds: 1, checkpointEvery: 250 });
  const following = tsganAsync(['sweep', file, '--queue', redis.url, '--json', '--quiet']);
  await until('a job past step 500', () => statusOnceSubmitted('restart')?.jobs.some((j) => j.step >= 500) === true);
  await redis.restart();
  const r = await following;
  assert.equal(r.code, 0, r.stderr);
  const local = tsgan(['sweep', file, '--out', join(tempDir(), 'sw'), '--json', '--quiet']);
  assert.deepEqual(withoutSeconds(r.stdout), withoutSeconds(local.stdout));
  assert.ok(JSON.parse(r.stdout).rows[0].seedsDone === 1);
  w.child.kill('SIGKILL');
});

test('followed with no worker: after 10 s one note says how to start one, no warning however long it polls; Ctrl-C stops following, the job stays queued', async () => {
  const file = sweepFile({ name: 'waiting', base: TINY, seeds: [3] });
  const c = spawn(process.execPath, [CLI, 'sweep', file, '--queue', redis.url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  c.stderr!.on('data', (d) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => c.on('close', (code) => resolve(code)));
  await until('the note on the missing worker', () => stderr.includes('no worker has taken a job yet'), 30_000);
  await new Promise((r) => setTimeout(r, 3000)); // 13+ polls: one abort listener per poll warned after 10
  c.kill('SIGINT');
  assert.equal(await closed, 130, stderr);
  assert.match(stderr, /no worker has taken a job yet: start one with `tsgan worker --queue redis:\/\/127\.0\.0\.1:\d+`/);
  assert.match(stderr, /stopped following sweep waiting \(SIGINT\); its jobs go on on the workers/);
  assert.doesNotMatch(stderr, /Warning|MaxListeners/);
  assert.deepEqual(status('waiting').jobs.map((j) => j.state), ['waiting']);
  assert.equal(tsgan(['sweep', 'remove', 'waiting', '--queue', redis.url]).code, 0);
});

test('a job is data, never code: a payload that does not hash to its id, is not a tsgan job or comes from another tsgan version fails at once without running', async () => {
  const w = startWorker();
  const connection = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null });
  const queue = new Queue('jobs', { connection, prefix: 'tsgan' });
  try {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    const forged = { id: '0'.repeat(32), sweep: 'forged', setting: 'base', seed: 9, config: { ...TINY, seed: 9 }, measure: ['modes'], tsgan: version };
    await queue.add('forged', forged, { jobId: forged.id, attempts: 3 });
    await queue.add('forged', { script: 'rm -rf /' }, { jobId: 'f'.repeat(32), attempts: 3 });
    await queue.add('forged', { ...forged, tsgan: '0.0.0-other' }, { jobId: 'e'.repeat(32), attempts: 3 });
    await until('the three jobs to fail', () => w.log().match(/refused/g)?.length === 3, 30_000);
    const first = await queue.getJob(forged.id);
    assert.equal(await first!.getState(), 'failed');
    assert.match(first!.failedReason, /^not a tsgan job: its content does not hash to its id 0{32} \(changed after it was submitted\)$/);
    assert.equal(first!.attemptsMade, 1, 'never retried');
    const second = await queue.getJob('f'.repeat(32));
    assert.match(second!.failedReason, /^not a tsgan job: /);
    const third = await queue.getJob('e'.repeat(32));
    assert.match(third!.failedReason, new RegExp(`^submitted by tsgan 0\\.0\\.0-other, and this worker runs tsgan ${version.replace(/\./g, '\\.')}: run workers of the submitter's version`));
    assert.doesNotMatch(w.log(), /forged: base, seed 9 .*starting/);
  } finally {
    await queue.close();
    connection.disconnect();
    w.child.kill('SIGKILL');
  }
});

test('a bad or unreachable queue: one line, exit 2, within a few seconds; the password never shown', async () => {
  const port = await freePort();
  const file = sweepFile({ name: 'nowhere', base: TINY });
  const bad = async (args: string[], pattern: RegExp, env: NodeJS.ProcessEnv = {}) => {
    const t0 = Date.now();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSGAN_REDIS_URL: '', ...env } });
      let stderr = '';
      c.stderr.on('data', (d) => (stderr += d));
      c.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], pattern);
    assert.doesNotMatch(r.stderr, /s3cret/);
    assert.ok(Date.now() - t0 < 8000, `took ${Date.now() - t0} ms`);
  };
  await bad(['sweep', file, '--queue', `redis://127.0.0.1:${port}`], new RegExp(`^tsgan: cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): start redis-server there, or check the address in --queue or TSGAN_REDIS_URL$`));
  await bad(['worker', '--queue', `redis://127.0.0.1:${port}`], /cannot reach Redis at/);
  await bad(['sweep', 'status', 'x'], /^tsgan: no queue given: pass --queue redis:\/\/host:6379 or set TSGAN_REDIS_URL$/);
  await bad(['sweep', file, '--queue', 'http://127.0.0.1:6379'], /--queue http:\/\/127\.0\.0\.1:6379\/?: the scheme must be redis:\/\/ or rediss:\/\/ \(TLS\), not http:\/\//);
  await bad(['sweep', file, '--queue', 'redis://127.0.0.1:6379/99'], /the database \/99 must be a number from 0 to 15/);
  await bad(['sweep', 'status', 'nothere', '--queue', redis.url], /^tsgan: no sweep "nothere" on this queue/);
  const locked = await startRedis({ password: 's3cret' });
  try {
    await bad(['sweep', file, '--queue', `redis://:wrong-s3cret@127.0.0.1:${locked.port}`], /^tsgan: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? refused the user name or password: check them in --queue or TSGAN_REDIS_URL$/);
    await bad(['sweep', file, '--queue', `redis://127.0.0.1:${locked.port}`], /needs a password: give it in the URL/);
    await bad(['sweep', 'status'], /refused the user name or password/, { TSGAN_REDIS_URL: `redis://:nope-s3cret@127.0.0.1:${locked.port}` });
    // the right password in TSGAN_REDIS_URL works
    const ok = spawn(process.execPath, [CLI, 'sweep', 'status'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSGAN_REDIS_URL: locked.url } });
    let out = '';
    ok.stdout.on('data', (d) => (out += d));
    assert.equal(await new Promise((r) => ok.on('close', r)), 0);
    assert.match(out, /^no sweep on redis:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
  } finally {
    await locked.stop();
  }
});

test('TLS (rediss://) with a password: a worker and a sweep run over it; a certificate Node does not trust is one line', async () => {
  const secure = await startRedis({ tls: true, password: 'tls-s3cret' });
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: secure.caFile! };
  const w = spawn(process.execPath, [CLI, 'worker', '--queue', secure.url, '--dir', tempDir('tsgan-worker-'), '--stalled-seconds', '2'], { stdio: ['ignore', 'ignore', 'pipe'], env });
  workers.add(w);
  try {
    const file = sweepFile({ name: 'over-tls', base: TINY, seeds: [2] });
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [CLI, 'sweep', file, '--queue', secure.url, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env });
      let stdout = '';
      let stderr = '';
      c.stdout.on('data', (d) => (stdout += d));
      c.stderr.on('data', (d) => (stderr += d));
      c.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /1 jobs on rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+/);
    assert.doesNotMatch(r.stderr, /tls-s3cret|Warning/);
    const local = tsgan(['sweep', file, '--out', join(tempDir(), 'sw'), '--json', '--quiet']);
    assert.deepEqual(withoutSeconds(r.stdout), withoutSeconds(local.stdout));
    // without the CA, Node refuses the server's certificate: one line saying what to do
    const untrusted = tsgan(['sweep', 'status', '--queue', secure.url]);
    assert.equal(untrusted.code, 2);
    assert.match(untrusted.stderr.trim(), /^tsgan: Redis at rediss:\/\/:\*\*\*@127\.0\.0\.1:\d+\/?: its TLS certificate was refused \([A-Z_]+\): if it is signed by your own CA, give Node that CA with NODE_EXTRA_CA_CERTS=ca\.pem; check the host name$/);
  } finally {
    w.kill('SIGKILL');
    await secure.stop();
  }
});
