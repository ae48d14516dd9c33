/**
 * Following a queued sweep from the command that submitted it (`tsgan sweep FILE --queue URL`,
 * `tsgan benchmark modes … --queue URL`): its jobs' states read once a second, shown as progress, until
 * each has completed or failed. Ctrl-C stops following, not the jobs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { redactUrl, sweepState, type JobState, type SweepRecord } from '../../node/index.js';
import { ExplainedError } from '../errors.js';
import { resultLine, SweepProgress } from './sweep-progress.js';

/** SIGINT/SIGTERM while `work` runs abort `controller` (a second one exits at once); resolves with the signal (if any) once `work` is done. */
export async function withStopSignals(controller: AbortController, work: () => Promise<void>): Promise<NodeJS.Signals | undefined> {
  let signal: NodeJS.Signals | undefined;
  const on = (s: NodeJS.Signals) => {
    if (signal !== undefined) process.exit(stopCode(s));
    signal = s;
    controller.abort();
  };
  process.on('SIGINT', on);
  process.on('SIGTERM', on);
  try {
    await work();
  } finally {
    process.off('SIGINT', on);
    process.off('SIGTERM', on);
  }
  return signal;
}

/** The exit code of a command stopped by `s`. */
export const stopCode = (s: NodeJS.Signals) => (s === 'SIGINT' ? 130 : 143);

/**
 * Follows `record`'s jobs on the queue (see the file's comment) and returns their final states. A
 * queue that stops answering (Redis restarting) is waited for. Throws ExplainedError (130/143) when
 * stopped by a signal.
 */
export async function followSweep(redis: Redis, record: SweepRecord, url: string, quiet: boolean): Promise<JobState[]> {
  const progress = new SweepProgress(record.jobs.map((j) => ({ id: j.id, steps: j.steps })), quiet);
  const ended = new Set<string>();
  const controller = new AbortController();
  let states: JobState[] = [];
  const started = Date.now();
  let warned = false;
  const signal = await withStopSignals(controller, async () => {
    try {
      for (;;) {
        try {
          states = await sweepState(redis, record);
        } catch (e) {
          if (controller.signal.aborted) break;
          progress.note(`tsgan: the queue did not answer (${(e as Error).message}); trying again`);
        }
        for (const s of states) {
          if (ended.has(s.id)) continue;
          if (s.state === 'completed' && s.result !== undefined) {
            ended.add(s.id);
            progress.end(s.id, s.steps, resultLine(s.result, record.measure) + (s.worker === undefined ? '' : ` on ${s.worker}`));
          } else if (s.state === 'failed') {
            ended.add(s.id);
            progress.end(s.id, s.steps, `${s.setting}, seed ${s.seed}: failed: ${s.failedReason ?? ''}`, true);
          } else {
            progress.step(s.id, s.step);
          }
        }
        if (ended.size === record.jobs.length || controller.signal.aborted) break;
        if (!warned && Date.now() - started > 10_000 && states.every((s) => s.state !== 'active' && s.state !== 'completed' && s.state !== 'failed')) {
          warned = true;
          progress.note(`tsgan: no worker has taken a job yet: start one with \`tsgan worker --queue ${redactUrl(url)}\``);
        }
        // a second between polls, ended early by Ctrl-C; the timer's abort listener goes with it (one
        // added per poll and never removed made Node warn of a listener leak after 10 polls)
        await sleep(1000, undefined, { signal: controller.signal }).catch(() => undefined);
      }
    } finally {
      progress.stop();
    }
  });
  if (signal !== undefined) {
    throw new ExplainedError(`stopped following sweep ${record.name} (${signal}); its jobs go on on the workers: \`tsgan sweep status ${record.name}\` shows them`, stopCode(signal));
  }
  return states;
}
