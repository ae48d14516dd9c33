#!/usr/bin/env node
// How a sweep's wall time falls with workers (docs/sweeps.md, "Speed on several workers"): starts a
// redis-server on a free loopback port in a temporary folder, then for 1, 2 and 4 `tsgan worker`
// processes runs a 10-seed ring8 benchmark on the queue (`tsgan benchmark modes --quick --seeds 10
// --queue URL`; other seeds each time, so nothing is reused) and prints wall time, jobs per hour, the
// mean job time and the queue's overhead per job. Needs the built CLI (npm run build) and redis-server.
//
//   node scripts/bench-sweep.mjs [--workers 1,2,4] [--seeds 10] [--threads N] [-- extra benchmark flags]
//
// --threads N: each worker's jobs use N native threads (TSGAN_NATIVE_THREADS), as on machines of N cores;
// by default a worker's jobs use every core (a worker does not know of the others on its machine).
//
// The queue's overhead per job: with one worker, the wall time not spent inside jobs (submitting,
// taking each job, storing its result, the follower noticing the end), per job. With more workers the
// 2 cores are shared, so each job takes longer; the wall time still shows the gain.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, createConnection } from 'node:net';
import { tmpdir, cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist', 'src', 'cli', 'main.js');
const argv = process.argv.slice(2);
const extra = argv.includes('--') ? argv.slice(argv.indexOf('--') + 1) : [];
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && (extra.length === 0 || i < argv.indexOf('--')) ? argv[i + 1] : fallback;
};
const workerCounts = opt('--workers', '1,2,4').split(',').map(Number);
const seeds = Number(opt('--seeds', '10'));
const threads = opt('--threads', undefined);
const workerEnv = threads === undefined ? process.env : { ...process.env, TSGAN_NATIVE_THREADS: threads };

const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'tsgan-bench-sweep-'));
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
await new Promise((resolve, reject) => {
  const t0 = Date.now();
  const attempt = () => {
    const c = createConnection({ port, host: '127.0.0.1' });
    c.once('connect', () => (c.destroy(), resolve()));
    c.once('error', () => (c.destroy(), Date.now() - t0 > 10000 ? reject(new Error('redis-server did not start')) : setTimeout(attempt, 50)));
  };
  attempt();
});
const url = `redis://127.0.0.1:${port}`;
console.log(`# ${seeds}-seed ring8 benchmark (--quick${extra.length > 0 ? ` ${extra.join(' ')}` : ''}) on ${url}; ${cpus().length} logical cores, ${threads === undefined ? 'every core' : `${threads} native thread(s)`} per worker, load ${loadavg()[0].toFixed(2)} at the start`);
console.log('| workers | wall (s) | jobs/hour | mean job (s) | of which training (s) | queue overhead per job (s) |');
console.log('|---|---|---|---|---|---|');
try {
  for (const [k, w] of workerCounts.entries()) {
    const workers = Array.from({ length: w }, (_, i) => spawn(process.execPath, [CLI, 'worker', '--queue', url, '--dir', join(dir, `w${k}-${i}`)], { stdio: 'ignore', env: workerEnv }));
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [CLI, 'benchmark', 'modes', '--data', 'ring8', '--quick', '--seeds', String(seeds), '--first-seed', String(1000 * (k + 1)), '--queue', url, '--json', '--quiet', ...extra], { encoding: 'utf8' });
    const wall = (performance.now() - t0) / 1000;
    for (const p of workers) p.kill('SIGKILL');
    if (r.status !== 0) throw new Error(`benchmark failed: ${r.stderr}`);
    const results = JSON.parse(r.stdout).results;
    const jobSeconds = results.map((x) => x.seconds);
    const mean = jobSeconds.reduce((a, b) => a + b, 0) / jobSeconds.length;
    // each job's training time, from the summary.json of its run folder in its worker's folder
    const training = [];
    for (let i = 0; i < w; i++) {
      const wd = join(dir, `w${k}-${i}`);
      for (const id of existsSync(wd) ? readdirSync(wd) : []) {
        const f = join(wd, id, 'summary.json');
        if (existsSync(f)) training.push(JSON.parse(readFileSync(f, 'utf8')).seconds);
      }
    }
    const meanTraining = training.length === 0 ? NaN : training.reduce((a, b) => a + b, 0) / training.length;
    const overhead = w === 1 ? ((wall - jobSeconds.reduce((a, b) => a + b, 0)) / seeds).toFixed(2) : '–';
    console.log(`| ${w} | ${wall.toFixed(1)} | ${((3600 * seeds) / wall).toFixed(0)} | ${mean.toFixed(1)} | ${meanTraining.toFixed(1)} | ${overhead} |`);
  }
} finally {
  redis.kill('SIGTERM');
  await new Promise((r) => redis.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
