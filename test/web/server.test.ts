/**
 * `tsgan serve` without a browser: the runs API, the live metrics stream (server-sent events), path
 * traversal refused with 404, and bad input (one line, exit code 2).
 */
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tsgan } from '../helpers/cli.js';
import { fixtureRunsDir, serve, type Served } from './serve-helpers.js';

/** A GET with the path sent exactly as written (no URL normalization on the client side). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string; type: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tsgan serve', () => {
  const fx = fixtureRunsDir(40);
  let s: Served;
  before(async () => {
    s = await serve([fx.runsDir]);
  });
  after(async () => {
    await s.stop();
  });

  it('serves the app and lists the run folders', async () => {
    const app = await rawGet(s.url, '/');
    assert.equal(app.status, 200);
    assert.match(app.body, /<title>tsgan web lab<\/title>/);
    const list = await rawGet(s.url, '/api/runs');
    assert.equal(list.status, 200);
    const { runs } = JSON.parse(list.body);
    assert.equal(runs.length, 1);
    assert.equal(runs[0].name, 'ring8-run');
    assert.equal(runs[0].data, 'ring8');
    assert.equal(runs[0].loss, 'non-saturating');
    assert.ok(runs[0].files.includes('samples.png'));
    const png = await rawGet(s.url, '/files/ring8-run/samples.png');
    assert.equal(png.status, 200);
    assert.equal(png.type, 'image/png');
  });

  it('follows metrics.jsonl live as server-sent events', async () => {
    const u = new URL('api/runs/events?run=ring8-run', s.url);
    const records: { step: number; type: string }[] = [];
    let appended = false;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${records.length} of ${fx.lines.length} records arrived`)), 15_000);
      const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/event-stream/);
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          buf += d;
          const events = buf.split('\n\n');
          buf = events.pop()!;
          for (const e of events) {
            const data = /^data: (.*)$/m.exec(e);
            if (/^event: record$/m.test(e) && data !== null) records.push(JSON.parse(data[1]));
          }
          if (records.length === 40 && !appended) {
            appended = true;
            fx.appendRest(); // the run goes on: the rest must arrive on the open stream
          }
          if (records.length === fx.lines.length) {
            clearTimeout(timer);
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', (e) => (records.length === fx.lines.length ? undefined : reject(e)));
      req.end();
    });
    assert.deepEqual(
      records.map((r) => r.step),
      fx.lines.map((l) => JSON.parse(l).step),
    );
    assert.equal(records.filter((r) => r.type === 'step').at(-1)!.step, 300);
  });

  it('refuses every path that tries to leave RUNS_DIR with 404', async () => {
    const attempts = [
      '/files/../secret.txt',
      '/files/%2e%2e/secret.txt',
      '/files/%2E%2E/secret.txt',
      '/files/..%2fsecret.txt',
      '/files/ring8-run/..%2f..%2fsecret.txt',
      '/files/%252e%252e/secret.txt',
      '/files/ring8-run/../../secret.txt',
      '/files/..\\secret.txt',
      '/files/%2e%2e%5csecret.txt',
      '/files/ring8-run/%00/../../secret.txt',
      `/files/${encodeURIComponent(fx.secret)}`,
      `/files/${fx.secret}`,
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/api/runs/events?run=..',
      '/api/runs/events?run=%2e%2e',
      '/api/runs/events?run=ring8-run/../..',
    ];
    for (const path of attempts) {
      const r = await rawGet(s.url, path);
      assert.equal(r.status, 404, `${path} → ${r.status}`);
      assert.doesNotMatch(r.body, /TOP-SECRET/, path);
    }
    // Symbolic links inside RUNS_DIR that point out of it are refused too.
    symlinkSync(fx.secret, join(fx.runDir, 'link.txt'));
    symlinkSync(join(fx.runsDir, '..'), join(fx.runsDir, 'up'));
    for (const path of ['/files/ring8-run/link.txt', '/files/up/secret.txt', '/api/runs/events?run=up']) {
      const r = await rawGet(s.url, path);
      assert.equal(r.status, 404, `${path} → ${r.status}`);
      assert.doesNotMatch(r.body, /TOP-SECRET/, path);
    }
    assert.deepEqual(JSON.parse((await rawGet(s.url, '/api/runs')).body).runs.map((r: { name: string }) => r.name), ['ring8-run'], 'the list does not follow links out');
    // A plain missing file is 404 too (no way to tell refused from missing).
    assert.equal((await rawGet(s.url, '/files/ring8-run/nope.png')).status, 404);
  });

  it('answers only GET and HEAD', async () => {
    const u = new URL(s.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/api/runs', method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('x');
    });
    assert.equal(status, 405);
  });

  it('bad input: one line, exit code 2', async () => {
    const missing = tsgan(['serve', '/no/such/runs-dir', '--port', '0']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr.trim(), /^tsgan: \/no\/such\/runs-dir: no such folder/);
    assert.equal(missing.stderr.trim().split('\n').length, 1);
    const badPort = tsgan(['serve', fx.runsDir, '--port', '70000']);
    assert.equal(badPort.code, 2);
    assert.match(badPort.stderr.trim(), /^tsgan: --port 70000: must be a port number/);
    // A port in use.
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const busy = tsgan(['serve', fx.runsDir, '--port', String(port)]);
      assert.equal(busy.code, 2);
      assert.equal(busy.stderr.trim().split('\n').length, 1);
      assert.match(busy.stderr, new RegExp(`--port ${port}: already in use`));
    } finally {
      blocker.close();
    }
  });
});
