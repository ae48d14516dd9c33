/**
 * Terminal progress bar (cli-progress) on stderr with the time left (./eta.ts) and live figures. Prints nothing when stderr
 * is not a terminal (CI, pipes).
 */
import cliProgress from 'cli-progress';
import { formatDuration, secondsLeft } from './eta.js';
import type { Reporter, RunEvent } from './reporter.js';

export function progressReporter(total: number, start = 0, stream: NodeJS.WriteStream = process.stderr): Reporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {bar} {percentage}% | step {value}/{total} | ETA {timeLeft} | {rate} steps/s | D {dLoss} G {gLoss} V {value_}',
      hideCursor: true,
      etaBuffer: 200,
      fps: 5,
      noTTYOutput: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let t0 = performance.now();
  let n = 0;
  return {
    onEvent(e: RunEvent) {
      if (e.type !== 'step') return;
      if (!started) {
        bar.start(total, start, { dLoss: '-', gLoss: '-', value_: '-', rate: '-', timeLeft: '?' });
        started = true;
        t0 = performance.now();
      }
      n++;
      const elapsed = (performance.now() - t0) / 1000;
      bar.update(e.step, {
        timeLeft: formatDuration(secondsLeft(n, total - start, elapsed)),
        dLoss: e.dLoss.toFixed(3),
        gLoss: e.gLoss.toFixed(3),
        value_: e.value.toFixed(3),
        rate: elapsed > 0 ? (n / elapsed).toFixed(1) : '-',
      });
    },
    close() {
      if (started) bar.stop();
    },
  };
}
