/** Starts and stops `tsgan serve` (the built CLI) for the web tests, and makes a fixture RUNS_DIR. */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, tempDir } from '../helpers/cli.js';

export const FIXTURE_RUN = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'ring8-run');

export interface Served {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** `tsgan serve ARGS --port 0`; resolves with the URL it prints. */
export function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`tsgan serve printed no URL in 20 s: ${out} ${err}`)), 20_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tsgan serve exited with ${code}: ${err}`));
    });
  });
}

/**
 * A RUNS_DIR holding a copy of the fixture run (a real 300-step ring8 run of `tsgan train`) as
 * `ring8-run`, whose metrics.jsonl holds only its first `keepLines` lines; `appendRest` writes the
 * others (as a run in progress would). A file `secret.txt` lies next to RUNS_DIR, outside it.
 */
export function fixtureRunsDir(keepLines = Infinity): { runsDir: string; runDir: string; secret: string; appendRest: () => void; lines: string[] } {
  const parent = tempDir('tsgan-web-');
  const runsDir = join(parent, 'runs');
  const runDir = join(runsDir, 'ring8-run');
  mkdirSync(runDir, { recursive: true });
  for (const f of readdirSync(FIXTURE_RUN)) if (f !== 'metrics.jsonl') copyFileSync(join(FIXTURE_RUN, f), join(runDir, f));
  const lines = readFileSync(join(FIXTURE_RUN, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
  const keep = Math.min(keepLines, lines.length);
  writeFileSync(join(runDir, 'metrics.jsonl'), lines.slice(0, keep).map((l) => `${l}\n`).join(''));
  const secret = join(parent, 'secret.txt');
  writeFileSync(secret, 'TOP-SECRET-OUTSIDE-RUNS-DIR\n');
  return {
    runsDir,
    runDir,
    secret,
    lines,
    appendRest: () => writeFileSync(join(runDir, 'metrics.jsonl'), lines.slice(keep).map((l) => `${l}\n`).join(''), { flag: 'a' }),
  };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One request to the server at `url`, with `path` sent exactly as written (no URL normalization on the
 * client side). `host` sets the Host header (`null`: none at all; default: the URL's own). The answer
 * is read to its end, or for `readMs` milliseconds when given (an event stream never ends by itself);
 * a request that gets no complete answer in 10 s fails.
 */
export function rawRequest(url: string, path: string, options: { method?: string; host?: string | null; readMs?: number } = {}): Promise<RawResponse> {
  const u = new URL(url);
  const headers: Record<string, string> = options.host === undefined || options.host === null ? {} : { Host: options.host };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${options.method ?? 'GET'} ${path}: no complete answer in 10 s`));
    }, 10_000);
    const req = request({ host: u.hostname, port: u.port, path, method: options.method ?? 'GET', headers, setHost: options.host === undefined }, (res) => {
      let body = '';
      const done = () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      };
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', done);
      if (options.readMs !== undefined) {
        setTimeout(() => {
          done();
          req.destroy();
        }, options.readMs);
      }
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end();
  });
}

/** The headers of an answer that are the server's own (not the transport's: date, connection, framing). */
export function ownHeaders(headers: IncomingHttpHeaders): Record<string, unknown> {
  const transport = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !transport.has(k)));
}
