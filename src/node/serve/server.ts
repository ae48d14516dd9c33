/**
 * The web lab's HTTP server (`tsgan serve`), on polka. It serves
 *
 *   /                          the web app (dist/web, built by `npm run build`)
 *   /api/runs                  the run folders under RUNS_DIR (JSON, see runs-index.ts)
 *   /api/runs/events?run=NAME  a run's metrics.jsonl, followed live (server-sent events)
 *   /files/PATH                a file inside RUNS_DIR (config.json, samples.png, …)
 *
 * and nothing else: a path that tries to leave RUNS_DIR (.., encoded variants, symbolic links) gets
 * 404 like a missing file (see safe-path.ts), only GET and HEAD are answered, and no input is ever
 * evaluated (run names and paths are only looked up as files).
 */
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import polka from 'polka';
import { followMetrics } from './follow-metrics.js';
import { resolveInside } from './safe-path.js';
import { listRuns, runEntry } from './runs-index.js';
import { RUN_FILES } from '../run-folder.js';

/** Where `npm run build` puts the web app (dist/web, next to dist/src). */
export const APP_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));

/** A problem starting the server (port in use, app not built); `message` is one line with the fix. */
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

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('not found\n');
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(JSON.stringify(value));
}

/** Sends `file` (a real path already checked to be inside its root), or 404 when undefined or unreadable. */
function sendFile(method: string | undefined, res: ServerResponse, file: string | undefined, cacheControl: string): void {
  if (file === undefined) return notFound(res);
  const stream = createReadStream(file);
  stream.once('error', () => {
    // Vanished between the check and the read (e.g. a rebuild of dist/web): as if it never existed.
    if (!res.headersSent) notFound(res);
    else res.destroy();
  });
  stream.once('open', () => {
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': cacheControl,
      'X-Content-Type-Options': 'nosniff',
    });
    if (method === 'HEAD') {
      stream.destroy();
      res.end();
    } else stream.pipe(res);
  });
}

/** The run folder a `run` query parameter names ("" = RUNS_DIR itself), or undefined. */
function runDir(runsDir: string, name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  return resolveInside(runsDir, name, 'dir');
}

/** Starts the server; resolves once it listens. Rejects with {@link ServeError} when it cannot. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const appDir = options.appDir ?? APP_DIR;
  if (!existsSync(join(appDir, 'index.html'))) {
    throw new ServeError(`the web app is not built (no ${join(appDir, 'index.html')}): run \`npm run build\` first`);
  }
  const runsDir = options.runsDir;
  const host = options.host ?? '127.0.0.1';
  const streams = new Set<() => void>();

  const app = polka({
    onError: (_err, _req, res) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('internal error\n');
    },
    onNoMatch: (_req, res) => notFound(res),
  });

  app.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      res.end();
      return;
    }
    next();
  });

  app.get('/api/runs', (_req, res) => sendJson(res, { runs: listRuns(runsDir) }));

  app.get('/api/runs/events', (req, res) => {
    const dir = runDir(runsDir, req.query.run);
    if (dir === undefined || runEntry(dir, dir) === undefined) return notFound(res);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Content-Type-Options': 'nosniff' });
    // Every connection (a reconnection too) sends the whole file again: tell the client to start over.
    res.write('retry: 2000\nevent: reset\ndata: {}\n\n');
    const stop = followMetrics(join(dir, RUN_FILES.metrics), res, options.pollMs);
    const end = () => {
      stop();
      streams.delete(end);
      res.end();
    };
    streams.add(end);
    req.on('close', end);
  });

  app.get('/files/*', (req, res) => sendFile(req.method, res, resolveInside(runsDir, req.path.slice('/files'.length), 'file'), 'no-cache'));

  // The app: files inside dist/web, looked up at each request (a rebuild needs no restart); other paths go
  // on to the routes above (polka runs middleware first). Vite names the assets by their content, so
  // they may be cached for good; index.html may not.
  app.use((req, res, next) => {
    const path = req.path === '/' ? '/index.html' : req.path;
    const file = resolveInside(appDir, path, 'file');
    if (file === undefined) return next();
    sendFile(req.method, res, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
  });

  const server = createServer((req, res) => app.handler(req, res));
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
