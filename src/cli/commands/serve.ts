/**
 * `tsgan serve [RUNS_DIR]`: the web lab (train in the browser with the same library) and the Runs view
 * (the run folders under RUNS_DIR, followed live). See src/node/serve/server.ts for what it serves.
 */
import { existsSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { connectRedis, DEFAULT_MAX_STREAMS, queueUrl, redactUrl, ServeError, startServer } from '../../node/index.js';
import { UsageError } from '../errors.js';
import { parseInteger } from '../parse.js';

export function serveCommand(): Command {
  return new Command('serve')
    .description('the web lab: train GANs in the browser, and follow the run folders under RUNS_DIR live')
    .argument('[runs-dir]', 'folder of run folders to list (default: runs, where `tsgan train` writes)')
    .option('--port <p>', 'port to listen on (default: 5173; 0 picks a free one)', parseInteger)
    .option('--host <address>', 'address to listen on (default: 127.0.0.1, this machine only); its name is also accepted as Host')
    .option(
      '--allow-host <name>',
      'also answer requests whose Host header is NAME (with the port, or alone) or NAME:PORT; repeatable, or a comma list (others get 403)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--queue <url>', 'also list the sweeps on this Redis queue, their jobs and their runs as last copied by the workers (docs/sweeps.md)')
    .option('--max-streams <n>', `live run streams open at once at most (default: ${DEFAULT_MAX_STREAMS}; more get 503)`, parseInteger)
    .action(async (runsArg: string | undefined, opts: { port?: number; host?: string; allowHost?: string[]; maxStreams?: number; queue?: string }) => {
      const runsDir = runsArg ?? 'runs';
      if (runsArg !== undefined && !(existsSync(runsArg) && statSync(runsArg).isDirectory())) {
        throw new UsageError(`${runsArg}: no such folder: give a folder of run folders (\`tsgan train --out DIR\` makes one)`);
      }
      const port = opts.port ?? 5173;
      if (port < 0 || port > 65535) throw new UsageError(`--port ${port}: must be a port number in 0…65535 (0 picks a free one)`);
      const queue = opts.queue === undefined ? undefined : await connectRedis(queueUrl(opts.queue));
      let running;
      try {
        running = await startServer({ runsDir, port, host: opts.host, allowHosts: opts.allowHost, maxStreams: opts.maxStreams, queue });
      } catch (e) {
        queue?.disconnect();
        if (e instanceof ServeError) throw new UsageError(e.message);
        throw e;
      }
      process.stdout.write(`tsgan: the web lab is at ${running.url} (runs from ${runsDir}${opts.queue === undefined ? '' : `; sweeps from ${redactUrl(opts.queue)} at ${running.url}#/sweeps`}); Ctrl-C stops it\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          running.close().then(() => {
            queue?.disconnect();
            done();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
