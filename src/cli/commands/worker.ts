/**
 * `tsgan worker --queue URL [--concurrency N] [--dir DIR]`: takes sweep jobs from a Redis queue and runs
 * them (src/node/sweep/sweep-worker.ts) until stopped. Start one on every machine that should work;
 * Ctrl-C or SIGTERM ends the running jobs' training after the current step, copies their checkpoints
 * to Redis and exits, and another worker resumes them (docs/sweeps.md).
 */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Command } from 'commander';
import { connectRedis, makeFolder, queueUrl, redactUrl, startSweepWorker } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { parseInteger, parsePositiveNumber } from '../parse.js';

export function workerCommand(): Command {
  return new Command('worker')
    .description('take jobs of sweeps from a Redis queue and run them, until stopped (docs/sweeps.md)')
    .option('--queue <url>', 'the Redis queue, redis://[user:password@]host:port[/db] or rediss:// (default: $TSGAN_REDIS_URL)')
    .option('--concurrency <n>', 'jobs at once (default: 1; each trains in its own process)', parseInteger, 1)
    .option('--dir <dir>', 'where the jobs\' run folders are made (default: a tsgan-worker folder in the system\'s temporary folder)')
    .option('--stalled-seconds <s>', 'how long a job whose worker died waits before another worker takes it: its lock lasts this long, and the workers look for such jobs this often (so at most twice this; default: 30)', parsePositiveNumber, 30)
    .action(async (opts: { queue?: string; concurrency: number; dir?: string; stalledSeconds: number }) => {
      if (opts.concurrency < 1 || opts.concurrency > 64) throw new UsageError(`--concurrency ${opts.concurrency}: give a number of jobs from 1 to 64`);
      if (opts.stalledSeconds < 1 || opts.stalledSeconds > 3600) throw new UsageError(`--stalled-seconds ${opts.stalledSeconds}: give a number of seconds from 1 to 3600`);
      const url = queueUrl(opts.queue);
      const dir = opts.dir ?? join(tmpdir(), 'tsgan-worker');
      makeFolder(dir);
      const redis = await connectRedis(url);
      const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      const worker = await startSweepWorker({ connection: redis, concurrency: opts.concurrency, dir, stalledMs: opts.stalledSeconds * 1000, log });
      log(`worker ${worker.name} on ${redactUrl(url)}: ${opts.concurrency} job(s) at a time, runs in ${dir}`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      const again = (s: NodeJS.Signals) => process.exit(s === 'SIGINT' ? 130 : 143);
      process.on('SIGINT', again);
      process.on('SIGTERM', again);
      log(`stopping (${signal}): saving the running jobs' checkpoints to Redis (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)`);
      await worker.stop();
      // The queue's connections would keep the process alive: end it here, with the signal's exit code.
      process.stderr.write(`tsgan: worker stopped by ${signal}; its running jobs go back to the queue within ${2 * opts.stalledSeconds} s and resume elsewhere from their checkpoints\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
}
