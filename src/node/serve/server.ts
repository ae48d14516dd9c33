/**
 * The web lab's HTTP server (`tsgan serve`), on polka. It serves
 *
 *   /                          the web app (dist/web, built by `npm run build`)
 *   /api/runs                  the run folders under RUNS_DIR (JSON, see runs-index.ts)
 *   /api/runs/events?run=NAME  a run's metrics.jsonl, followed live (server-sent events)
 *   /files/PATH                a file inside RUNS_DIR (config.json, samples.png, …)
 *
 * and nothing else. The rules, each with its test in test/web/server*.test.ts and host-check.test.ts:
 *
 * - Host check (DNS rebinding): only Host values that name this server are answered, others and none
 *   get 403 (see host-check.ts).
 * - Every file opened (app files, /files/, the runs list's config.json, the followed metrics.jsonl) is
 *   opened through safe-path.ts: a path that leaves RUNS_DIR (.., encoded variants, symbolic links)
 *   gets 404 like a missing file, or counts as absent.
 * - A metrics.jsonl is streamed from the file in chunks as the client takes them, never read whole
 *   (follow-metrics.ts); at most `maxStreams` event streams are open at once, then 503 + Retry-After.
 * - Only GET and HEAD are answered (405 otherwise); HEAD gives GET's status and headers, no body (the
 *   event stream's headers, then its end).
 * - No synchronous file system call on the request path, and no input is ever evaluated (run names
 *   and paths are only looked up as files).
 */
import { access } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import polka, { type PolkaRequest } from 'polka';
import { followMetrics } from './follow-metrics.js';
import { allowedHosts, hostAllowed, parseAllowHost } from './host-check.js';
import { openInside, resolveInside } from './safe-path.js';
import { listRuns, runEntry } from './runs-index.js';
import { listSweeps, storedRunFile } from './sweeps-api.js';
import type { Redis } from 'ioredis';
import { RUN_FILES } from '../run/run-folder.js';

/** Where `npm run build` puts the web app (dist/web, next to dist/src). */
export const APP_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

/** Event streams (GET /api/runs/events) open at once at most, unless `maxStreams` says otherwise. */
export const DEFAULT_MAX_STREAMS = 32;

/** Seconds a client refused for too many streams is asked to wait (the Retry-After header). */
const RETRY_AFTER_S = 5;

/** A problem starting the server (bad option, port in use, app not built); `message` is one line with the fix. */
export class ServeError extends Error {
  override readonly name = 'ServeError';
}

export interface ServeOptions {
  /** The folder of run folders to list and follow. */
  readonly runsDir: string;
  /** 0 = any free port. */
  readonly port: number;
  /** Default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** The built app (default {@link APP_DIR}). */
  readonly appDir?: string;
  /** Milliseconds between two looks at a followed metrics.jsonl (default 250). */
  readonly pollMs?: number;
  /** Event streams open at once at most, ≥ 1 (default {@link DEFAULT_MAX_STREAMS}). */
  readonly maxStreams?: number;
  /** More Host names to answer besides this server's own (`--allow-host`: NAME, NAME:PORT, comma lists). */
  readonly allowHosts?: readonly string[];
  /** A sweep queue's Redis (`--queue`): the Sweeps view lists its sweeps (./sweeps-api.ts). Closed by the caller. */
  readonly queue?: Redis;
}

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A one-line plain-text answer (HEAD gets its headers: Node sends no body for HEAD). */
function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

function notFound(res: ServerResponse): void {
  sendText(res, 404, 'not found\n');
}

function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/**
 * Sends the file `urlPath` names inside `root`, opened through safe-path.ts; false when there is no
 * such file (or it is refused), with nothing sent. Streamed (with backpressure), never read whole.
 */
async function sendFileInside(req: IncomingMessage, res: ServerResponse, root: string, urlPath: string, cacheControl: string): Promise<boolean> {
  const found = await resolveInside(root, urlPath, 'file');
  const file = found === undefined ? undefined : await openInside(root, found.path);
  if (file === undefined) return false;
  const size = file.stats.size;
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    // a run's pictures are rewritten in place (atomically): the Runs view asks with HEAD whether one changed
    'Last-Modified': file.stats.mtime.toUTCString(),
    ETag: `W/"${size.toString(16)}-${Math.round(file.stats.mtimeMs * 1000).toString(16)}"`,
  });
  if (req.method === 'HEAD' || size === 0) {
    await file.handle.close().catch(() => undefined);
    res.end();
    return true;
  }
  // Exactly the announced bytes (a file still being written may grow meanwhile); pipeline closes the
  // file when the client goes away.
  const stream = file.handle.createReadStream({ start: 0, end: size - 1 });
  pipeline(stream, res, (err) => {
    if (err !== undefined && err !== null) res.destroy();
  });
  return true;
}

/** An async handler whose failure answers 500 (or cuts the connection once the answer has begun). */
function handle(fn: (req: PolkaRequest, res: ServerResponse, next: (err?: unknown) => void) => Promise<void>) {
  return (req: PolkaRequest, res: ServerResponse, next: (err?: unknown) => void) => {
    fn(req, res, next).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    });
  };
}

/** Checks the options that can be wrong before anything starts; throws {@link ServeError}. */
function checkOptions(options: ServeOptions): void {
  const max = options.maxStreams;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
    throw new ServeError(`--max-streams ${max}: must be at least 1 (the event streams open at once; default ${DEFAULT_MAX_STREAMS})`);
  }
  for (const a of options.allowHosts ?? []) {
    if (parseAllowHost(a) === undefined) {
      throw new ServeError(`--allow-host ${a}: not a host name: give NAME or NAME:PORT (a comma list, or the flag again, for more)`);
    }
  }
}

/** Starts the server; resolves once it listens. Rejects with {@link ServeError} when it cannot. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  checkOptions(options);
  const appDir = options.appDir ?? APP_DIR;
  try {
    await access(join(appDir, 'index.html'));
  } catch {
    throw new ServeError(`the web app is not built (no ${join(appDir, 'index.html')}): run \`npm run build\` first`);
  }
  const runsDir = options.runsDir;
  const host = options.host ?? '127.0.0.1';
  const maxStreams = options.maxStreams ?? DEFAULT_MAX_STREAMS;
  const streams = new Set<() => void>();
  let allowed = new Set<string>(); // filled once listening (the port is known then)

  const app = polka({
    onError: (_err, _req, res) => {
      if (!res.headersSent) sendText(res, 500, 'internal error\n');
      else res.destroy();
    },
    onNoMatch: (_req, res) => notFound(res),
  });

  app.use((req, res, next) => {
    if (!hostAllowed(allowed, req.headers.host)) {
      return sendText(res, 403, 'host not allowed: this server answers only its own address (start it with --allow-host NAME to add a name)\n');
    }
    // Cross-origin isolation: the page may use SharedArrayBuffer, so the Lab's wasm backend runs on
    // threads; no other origin may embed this server's answers (everything the app loads is its own).
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    next();
  });

  /** One route for GET and HEAD alike (HEAD: the same status and headers; Node sends no body). */
  const route = (pattern: string, fn: Parameters<typeof handle>[0]) => {
    app.get(pattern, handle(fn));
    app.head(pattern, handle(fn));
  };

  route('/api/runs', async (_req, res) => sendJson(res, { runs: await listRuns(runsDir) }));

  route('/api/runs/events', async (req, res) => {
    const run = req.query.run;
    const dir = typeof run === 'string' ? await resolveInside(runsDir, run, 'dir') : undefined;
    if (dir === undefined || (await runEntry(runsDir, dir.path)) === undefined) return notFound(res);
    if (streams.size >= maxStreams) {
      return sendText(res, 503, `too many open event streams (${maxStreams}): try again in a few seconds, or start the server with a higher --max-streams\n`, {
        'Retry-After': String(RETRY_AFTER_S),
      });
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
    // HEAD: the stream's headers, then its end (a HEAD has no body to follow).
    if (req.method === 'HEAD' || req.socket.destroyed) return void res.end();
    // Every connection (a reconnection too) sends the whole file again: tell the client to start over.
    res.write('retry: 2000\nevent: reset\ndata: {}\n\n');
    const stop = followMetrics({ root: runsDir, path: join(dir.path, RUN_FILES.metrics), res, intervalMs: options.pollMs });
    const end = () => {
      if (!streams.delete(end)) return;
      stop();
      res.end();
    };
    streams.add(end);
    res.on('close', end);
  });

  // The Sweeps view (./sweeps-api.ts): 404 when the server was started without a queue.
  route('/api/sweeps', async (_req, res) => (options.queue === undefined ? notFound(res) : sendJson(res, { sweeps: await listSweeps(options.queue) })));
  route('/api/sweeps/file', async (req, res) => {
    const { job, file } = req.query;
    const stored = options.queue === undefined || typeof job !== 'string' || typeof file !== 'string' ? undefined : await storedRunFile(options.queue, job, file);
    if (stored === undefined) return notFound(res);
    res.writeHead(200, { 'Content-Type': stored.type, 'Content-Length': stored.bytes.byteLength, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(stored.bytes);
  });

  route('/files/*', async (req, res) => {
    if (!(await sendFileInside(req, res, runsDir, req.path.slice('/files'.length), 'no-cache'))) notFound(res);
  });

  // The app: files inside dist/web, looked up at each request (a rebuild needs no restart); other paths go
  // on to the routes above (polka runs middleware first). Vite names the assets by their content, so
  // they may be cached for good; index.html may not.
  app.use(
    handle(async (req, res, next) => {
      const path = req.path === '/' ? '/index.html' : req.path;
      const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
      if (!(await sendFileInside(req, res, appDir, path, cache))) next();
    }),
  );

  // requireHostHeader off: a request without Host gets the Host check's 403, not Node's 400.
  const server = createServer({ requireHostHeader: false }, (req, res) => app.handler(req, res));
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new ServeError(`--port ${options.port}: already in use on ${host}: choose another --port (0 picks a free one)`));
      else if (e.code === 'EACCES') reject(new ServeError(`--port ${options.port}: not allowed (ports below 1024 need privileges): choose a port ≥ 1024`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') reject(new ServeError(`--host ${host}: not an address of this machine`));
      else reject(e);
    });
    server.listen(options.port, host, () => resolvePromise());
  });
  const { port } = server.address() as AddressInfo;
  allowed = allowedHosts(port, host, options.allowHosts ?? []);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    server,
    close: () =>
      new Promise<void>((done) => {
        for (const end of [...streams]) end();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
