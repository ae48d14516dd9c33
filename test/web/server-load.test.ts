/**
 * `tsgan serve` under load, on loopback only and bounded in time: a metrics.jsonl is streamed from the
 * file in chunks (every line once, in order, across chunk boundaries and cut characters; a partial last
 * line waits for its end; a replaced file starts over), slow clients of a 40 MB file cost the server
 * little memory and do not stall other requests, and open event streams are capped (503 beyond the cap).
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tempDir } from '../helpers/cli.js';
import { FIXTURE_RUN, rawRequest, serve, type Served } from './serve-helpers.js';

/** A RUNS_DIR with one run folder `name` holding the fixture's config.json and the given metrics.jsonl. */
function runsWith(name: string, metrics: string | Buffer): { runsDir: string; runDir: string } {
  const runsDir = join(tempDir('tsgan-web-load-'), 'runs');
  const runDir = join(runsDir, name);
  mkdirSync(runDir, { recursive: true });
  copyFileSync(join(FIXTURE_RUN, 'config.json'), join(runDir, 'config.json'));
  writeFileSync(join(runDir, 'metrics.jsonl'), metrics);
  return { runsDir, runDir };
}

/** The resident memory of process `pid` now (VmRSS) and at its peak (VmHWM), in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** An event-stream client that parses events as they come; `events` grows, `close()` hangs up. */
interface StreamClient {
  readonly status: Promise<number>;
  readonly events: { event: string; data: string }[];
  readonly req: ClientRequest;
  bytes: number;
  /** Resolves once `predicate(events)` holds (checked at each chunk), or rejects after `ms`. */
  until(predicate: (events: { event: string; data: string }[]) => boolean, ms: number): Promise<void>;
  close(): void;
}

function follow(url: string, run: string, options: { slowMs?: number } = {}): StreamClient {
  const u = new URL(`api/runs/events?run=${encodeURIComponent(run)}`, url);
  const waiters: (() => void)[] = [];
  let resolveStatus: (s: number) => void;
  const client: StreamClient = {
    status: new Promise<number>((r) => (resolveStatus = r)),
    events: [],
    bytes: 0,
    req: request({ host: u.hostname, port: u.port, path: u.pathname + u.search }, (res) => {
      resolveStatus(res.statusCode ?? 0);
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        client.bytes += Buffer.byteLength(d);
        buf += d;
        const parts = buf.split('\n\n');
        buf = parts.pop()!;
        for (const p of parts) {
          const event = /^event: (.*)$/m.exec(p)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(p)?.[1];
          if (data !== undefined) client.events.push({ event, data });
        }
        for (const w of [...waiters]) w();
        // A slow reader: one chunk, then a pause (the server must hold back, not buffer the file).
        if (options.slowMs !== undefined) {
          res.pause();
          setTimeout(() => res.resume(), options.slowMs);
        }
      });
    }),
    until(predicate, ms) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not after ${ms} ms: ${client.events.length} events, last ${JSON.stringify(client.events.at(-1))}`)), ms);
        const check = () => {
          if (!predicate(client.events)) return;
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve();
        };
        waiters.push(check);
        check();
      });
    },
    close() {
      client.req.destroy();
    },
  };
  client.req.on('error', () => undefined); // hung up by close()
  client.req.end();
  return client;
}

const records = (events: { event: string; data: string }[]) => events.filter((e) => e.event === 'record').map((e) => JSON.parse(e.data));

describe('tsgan serve under load', () => {
  it('streams every line once and in order across read chunks, holds a partial last line, and starts over on a replaced file', async () => {
    // ~2 MB: lines of varied lengths (some longer than a read chunk) with 2- and 3-byte characters, so
    // that chunk boundaries cut lines and characters.
    const line = (i: number) => JSON.stringify({ type: 'step', step: i, pad: 'é·'.repeat((i * 7919) % 1000) + (i % 97 === 0 ? 'x'.repeat(70_000) : '') });
    const n = 800;
    const { runsDir, runDir } = runsWith('chunks', Array.from({ length: n }, (_, i) => `${line(i + 1)}\n`).join(''));
    const s = await serve([runsDir]);
    const c = follow(s.url, 'chunks');
    try {
      assert.equal(await c.status, 200);
      await c.until((e) => records(e).length === n, 20_000);
      assert.deepEqual(
        records(c.events).map((r) => r.step),
        Array.from({ length: n }, (_, i) => i + 1),
      );
      assert.equal(records(c.events)[96].pad, JSON.parse(line(97)).pad, 'a line longer than a read chunk arrives whole');
      assert.equal(records(c.events)[500].pad, JSON.parse(line(501)).pad, 'cut characters are put back together');
      // A partial last line is held until its end is written.
      const next = line(n + 1);
      writeFileSync(join(runDir, 'metrics.jsonl'), next.slice(0, 20), { flag: 'a' });
      await new Promise((r) => setTimeout(r, 700)); // about three polls
      assert.equal(records(c.events).length, n);
      writeFileSync(join(runDir, 'metrics.jsonl'), `${next.slice(20)}\n`, { flag: 'a' });
      await c.until((e) => records(e).length === n + 1, 5_000);
      assert.equal(records(c.events)[n].step, n + 1);
      // Replaced by a new, longer file (as a rollback or --overwrite writes it: a new file renamed over
      // the old): the client is told to start over and gets the new file from its first line.
      const replacement = join(runDir, 'metrics.jsonl.tmp');
      writeFileSync(replacement, Array.from({ length: n + 5 }, (_, i) => `${JSON.stringify({ type: 'step', step: 1000 + i, pad: 'z'.repeat(4000) })}\n`).join(''));
      assert.ok(statSync(replacement).size > statSync(join(runDir, 'metrics.jsonl')).size, 'longer in bytes: a shrink test alone would not see it');
      const before = c.events.length;
      renameSync(replacement, join(runDir, 'metrics.jsonl'));
      await c.until((e) => records(e.slice(before)).length === n + 5, 5_000);
      const after = c.events.slice(before);
      assert.equal(after[0].event, 'reset');
      assert.deepEqual(
        records(after).map((r) => r.step),
        Array.from({ length: n + 5 }, (_, i) => 1000 + i),
      );
    } finally {
      c.close();
      await s.stop();
    }
  });

  describe('ten slow clients of a 40 MB metrics.jsonl', () => {
    // 40 MB of real step records (the fixture's, renumbered), made in a moment.
    const fixtureLines = readFileSync(join(FIXTURE_RUN, 'metrics.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{"type":"step"'));
    const block = fixtureLines.map((l) => `${l}\n`).join('');
    const size = 40 * 1024 * 1024;
    const big = Buffer.from(block.repeat(Math.ceil(size / block.length)));
    const { runsDir } = runsWith('big-run', big);
    let s: Served;
    before(async () => {
      s = await serve([runsDir]);
    });
    after(async () => {
      await s.stop();
    });

    it("keep the server's memory bounded, and other requests answered meanwhile", { skip: process.platform !== 'linux' && 'reads the memory from /proc (Linux)' }, async (t) => {
      const pid = s.child.pid!;
      assert.equal((await rawRequest(s.url, '/api/runs')).status, 200);
      await new Promise((r) => setTimeout(r, 300));
      const base = memoryOf(pid);
      const clients = Array.from({ length: 10 }, () => follow(s.url, 'big-run', { slowMs: 50 }));
      let peak = base.rss;
      const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rss)), 50);
      try {
        assert.deepEqual(await Promise.all(clients.map((c) => c.status)), Array(10).fill(200));
        await new Promise((r) => setTimeout(r, 1000));
        const t0 = performance.now();
        const list = await rawRequest(s.url, '/api/runs');
        const listMs = performance.now() - t0;
        assert.equal(list.status, 200);
        assert.equal(JSON.parse(list.body).runs[0].name, 'big-run');
        assert.ok(listMs < 2000, `GET /api/runs took ${listMs.toFixed(0)} ms while ten streams were open`);
        await new Promise((r) => setTimeout(r, 2000));
        peak = Math.max(peak, memoryOf(pid).peak);
        const growthMb = (peak - base.rss) / 2 ** 20;
        t.diagnostic(`resident memory ${(base.rss / 2 ** 20).toFixed(0)} MB → peak +${growthMb.toFixed(1)} MB; GET /api/runs in ${listMs.toFixed(0)} ms`);
        // Ten whole copies would be 400 MB (and more as strings); streamed, each client costs a read chunk
        // and what waits in its socket.
        assert.ok(growthMb < 64, `the server's resident memory grew by ${growthMb.toFixed(0)} MB (from ${(base.rss / 2 ** 20).toFixed(0)} MB)`);
        for (const c of clients) {
          assert.equal(c.events[0].event, 'reset');
          assert.deepEqual(records(c.events.slice(1, 4)), fixtureLines.slice(0, 3).map((l) => JSON.parse(l)));
          assert.ok(c.bytes < big.length, 'a slow client has not had the whole file yet');
        }
      } finally {
        clearInterval(sampler);
        for (const c of clients) c.close();
      }
    });
  });

  it('caps open event streams: beyond --max-streams, 503 with Retry-After and a one-line body', async () => {
    const { runsDir } = runsWith('capped', readFileSync(join(FIXTURE_RUN, 'metrics.jsonl')));
    const s = await serve([runsDir, '--max-streams', '2']);
    const open = [follow(s.url, 'capped'), follow(s.url, 'capped')];
    try {
      assert.deepEqual(await Promise.all(open.map((c) => c.status)), [200, 200]);
      for (const method of ['GET', 'HEAD']) {
        const third = await rawRequest(s.url, '/api/runs/events?run=capped', { method });
        assert.equal(third.status, 503, method);
        assert.match(String(third.headers['retry-after']), /^[1-9]\d*$/, method);
        if (method === 'GET') {
          assert.match(third.body, /^too many open event streams \(2\)/);
          assert.equal(third.body.split('\n').length, 2, 'one line');
        }
      }
      // The rest of the server still answers.
      assert.equal((await rawRequest(s.url, '/api/runs')).status, 200);
      // A stream that closes frees its place.
      open[0].close();
      const deadline = Date.now() + 3000;
      let status = 0;
      while (Date.now() < deadline) {
        status = (await rawRequest(s.url, '/api/runs/events?run=capped', { readMs: 100 })).status;
        if (status === 200) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(status, 200);
    } finally {
      for (const c of open) c.close();
      await s.stop();
    }
  });
});
