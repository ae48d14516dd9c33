/**
 * Follows a run's metrics.jsonl as `tsgan train` appends to it, and sends every complete line to a
 * client as a server-sent event (`event: record`, the line as `data`). Lines already in the file go
 * first; then the file is polled (every `intervalMs`) for new bytes. A file that shrinks (a run
 * overwritten with --overwrite) starts over with `event: reset`. The lines are passed on as they are:
 * the server never parses or evaluates them.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { StringDecoder } from 'node:string_decoder';

/** Starts following `path` into `res` (already a text/event-stream); returns the function that stops it. */
export function followMetrics(path: string, res: ServerResponse, intervalMs = 250): () => void {
  let offset = 0;
  let rest = '';
  let decoder = new StringDecoder('utf8'); // a character cut between two reads is completed by the next
  const poll = () => {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return; // not written yet
    }
    if (size < offset) {
      offset = 0;
      rest = '';
      decoder = new StringDecoder('utf8');
      res.write('event: reset\ndata: {}\n\n');
    }
    if (size === offset) return;
    const buf = Buffer.alloc(size - offset);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, buf, 0, buf.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const lines = (rest + decoder.write(buf)).split('\n');
    rest = lines.pop() ?? '';
    const events = lines.filter((l) => l.trim() !== '').map((l) => `event: record\ndata: ${l.replace(/\r/g, '')}\n\n`);
    if (events.length > 0) res.write(events.join(''));
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  // A comment line every 15 s keeps proxies and the browser from closing an idle stream.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  return () => {
    clearInterval(timer);
    clearInterval(keepAlive);
  };
}
