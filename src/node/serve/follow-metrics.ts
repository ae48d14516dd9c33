/**
 * Follows a run's metrics.jsonl as `tsgan train` appends to it, and sends every complete line to a
 * client as a server-sent event (`event: record`, the line as `data`). Lines already in the file go
 * first; then the file is polled (every `intervalMs`) for new bytes. The lines are passed on as they
 * are: the server never parses or evaluates them.
 *
 * Memory per client is bounded, whatever the file's size: the file is read in chunks of `chunkBytes`
 * into one buffer, and the next chunk is read only once the client has taken the last (a `write` that
 * returns false waits for 'drain'). Between two reads only the partial last line is kept; a line longer
 * than {@link MAX_LINE_CHARS} is dropped (with a comment line saying so) instead of being held.
 *
 * The file is opened through safe-path.ts (its real path must lie inside RUNS_DIR; a link out of it
 * counts as no file). A file that shrinks, or is replaced by another (a rollback or --overwrite writes a
 * new file and renames it over the old), starts over with `event: reset`.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';
import { findInside, openInside } from './safe-path.js';

/** Bytes read from the file at a time (and at most about that much waits in a client's response). */
export const CHUNK_BYTES = 64 * 1024;
/** A partial line longer than this (in UTF-16 units, i.e. characters) is dropped, not kept. */
export const MAX_LINE_CHARS = 1 << 20;

export interface FollowOptions {
  /** RUNS_DIR: the file must lie inside it. */
  readonly root: string;
  /** The metrics.jsonl to follow (it may not exist yet). */
  readonly path: string;
  /** Already a text/event-stream. */
  readonly res: ServerResponse;
  /** Milliseconds between two looks at the file once its end is reached (default 250). */
  readonly intervalMs?: number;
  /** Default {@link CHUNK_BYTES}. */
  readonly chunkBytes?: number;
}

/** Starts following `options.path` into `options.res`; returns the function that stops it. */
export function followMetrics(options: FollowOptions): () => void {
  const { root, path, res } = options;
  const intervalMs = options.intervalMs ?? 250;
  const buf = Buffer.allocUnsafe(options.chunkBytes ?? CHUNK_BYTES);
  let stopped = false;
  let file: { handle: FileHandle; dev: number; ino: number } | undefined;
  let offset = 0;
  let rest = ''; // the partial last line
  let skipping = false; // inside a line too long to keep: dropped up to its end
  let decoder = new StringDecoder('utf8'); // a character cut between two reads is completed by the next
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  /** Resolves once `res` can take more (or the client has gone). */
  const drained = () =>
    new Promise<void>((resolve) => {
      if (res.destroyed || res.writableEnded) return resolve();
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  const send = async (text: string) => {
    if (!res.write(text)) await drained();
  };

  const startOver = async () => {
    offset = 0;
    rest = '';
    skipping = false;
    decoder = new StringDecoder('utf8');
    await send('event: reset\ndata: {}\n\n');
  };

  const closeFile = async () => {
    const f = file;
    file = undefined;
    await f?.handle.close().catch(() => undefined);
  };

  /** The events for the complete lines in `text` (the next decoded bytes); keeps the partial last line. */
  const events = (text: string): string => {
    if (skipping) {
      const end = text.indexOf('\n');
      if (end < 0) return '';
      skipping = false;
      text = text.slice(end + 1);
    }
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    let out = '';
    for (const l of lines) if (l.trim() !== '') out += `event: record\ndata: ${l.replace(/\r/g, '')}\n\n`;
    if (rest.length > MAX_LINE_CHARS) {
      rest = '';
      skipping = true;
      out += `: a line longer than ${MAX_LINE_CHARS} characters was skipped\n\n`;
    }
    return out;
  };

  /** Sends what the file holds beyond `offset`, chunk by chunk, as fast as the client takes it. */
  const poll = async () => {
    const now = await findInside(root, path, 'file');
    if (now === undefined) return; // not written yet, or a link out of RUNS_DIR: nothing to send
    if (file === undefined || file.dev !== now.stats.dev || file.ino !== now.stats.ino) {
      const opened = await openInside(root, path);
      if (opened === undefined) return;
      const replaced = file !== undefined;
      await closeFile();
      file = { handle: opened.handle, dev: opened.stats.dev, ino: opened.stats.ino };
      if (stopped) return closeFile();
      if (replaced) await startOver();
    }
    const size = (await file.handle.stat()).size;
    if (size < offset) await startOver();
    while (!stopped && file !== undefined && offset < size) {
      const { bytesRead } = await file.handle.read(buf, 0, Math.min(buf.length, size - offset), offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      const text = events(decoder.write(buf.subarray(0, bytesRead)));
      if (text !== '' && !stopped) await send(text);
    }
  };

  const loop = async () => {
    polling = true;
    try {
      await poll();
    } catch {
      await closeFile(); // unreadable for now (e.g. replaced while read): opened afresh at the next look
    }
    polling = false;
    if (stopped) await closeFile();
    else timer = setTimeout(loop, intervalMs);
  };
  void loop();
  // A comment line every 15 s keeps proxies and the browser from closing an idle stream.
  const keepAlive = setInterval(() => {
    if (!res.writableNeedDrain) res.write(': keep-alive\n\n');
  }, 15_000);
  return () => {
    stopped = true;
    clearTimeout(timer);
    clearInterval(keepAlive);
    // A poll under way closes the file when it returns (see loop); otherwise close it now.
    if (!polling) void closeFile();
  };
}
