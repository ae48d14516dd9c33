/**
 * `tsgan serve` without a browser: the runs API, the live metrics stream (server-sent events), path
 * traversal and symbolic links out of RUNS_DIR refused with 404 on every route, HEAD wherever GET
 * works, the Host check (DNS rebinding), and bad input (one line, exit code 2). The load rules
 * (streaming, the stream cap) are in server-load.test.ts.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROOT, tsgan } from '../helpers/cli.js';
import { FIXTURE_RUN, fixtureRunsDir, ownHeaders, rawRequest, serve, type Served } from './serve-helpers.js';

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

  it('symbolic links out of RUNS_DIR: a linked metrics.jsonl or config.json is not listed, served or followed', async () => {
    const outside = dirname(fx.runsDir);
    const secretJsonl = join(outside, 'secret-metrics.jsonl');
    writeFileSync(secretJsonl, '{"type":"step","step":1,"secret":"TOP-SECRET-METRICS"}\n');
    const secretConfig = join(outside, 'secret-config.json');
    writeFileSync(secretConfig, '{"data":"TOP-SECRET-DATA","loss":"TOP-SECRET-LOSS","steps":7}\n');
    // Only a linked metrics.jsonl: not a run at all.
    mkdirSync(join(fx.runsDir, 'leak-metrics'));
    symlinkSync(secretJsonl, join(fx.runsDir, 'leak-metrics', 'metrics.jsonl'));
    // A real config.json and a linked metrics.jsonl: a run whose metrics are absent.
    mkdirSync(join(fx.runsDir, 'leak-both'));
    copyFileSync(join(FIXTURE_RUN, 'config.json'), join(fx.runsDir, 'leak-both', 'config.json'));
    symlinkSync(secretJsonl, join(fx.runsDir, 'leak-both', 'metrics.jsonl'));
    // A linked config.json and a real metrics.jsonl: a run without a config.
    mkdirSync(join(fx.runsDir, 'leak-config'));
    symlinkSync(secretConfig, join(fx.runsDir, 'leak-config', 'config.json'));
    writeFileSync(join(fx.runsDir, 'leak-config', 'metrics.jsonl'), `${fx.lines[0]}\n`);

    const none = await rawRequest(s.url, '/api/runs/events?run=leak-metrics', { readMs: 1000 });
    assert.equal(none.status, 404);
    assert.doesNotMatch(none.body, /TOP-SECRET/);
    // Followed for a second (four polls): the stream starts, and nothing of the linked file comes.
    const both = await rawRequest(s.url, '/api/runs/events?run=leak-both', { readMs: 1000 });
    assert.equal(both.status, 200);
    assert.equal(both.body, 'retry: 2000\nevent: reset\ndata: {}\n\n');
    for (const path of ['/files/leak-both/metrics.jsonl', '/files/leak-metrics/metrics.jsonl', '/files/leak-config/config.json']) {
      const r = await rawRequest(s.url, path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /TOP-SECRET/, path);
    }
    const list = await rawRequest(s.url, '/api/runs');
    assert.doesNotMatch(list.body, /TOP-SECRET/);
    const runs = JSON.parse(list.body).runs as { name: string; files: string[]; data?: unknown; loss?: string }[];
    const byName = new Map(runs.map((r) => [r.name, r]));
    assert.deepEqual([...byName.keys()].sort(), ['leak-both', 'leak-config', 'ring8-run']);
    assert.deepEqual(byName.get('leak-both')!.files, ['config.json']);
    assert.equal(byName.get('leak-both')!.data, 'ring8');
    assert.deepEqual(byName.get('leak-config')!.files, ['metrics.jsonl']);
    assert.equal(byName.get('leak-config')!.data, undefined);
    assert.equal(byName.get('leak-config')!.loss, undefined);
  });

  it('HEAD answers wherever GET does: the same status and headers, no body', async () => {
    const paths = [
      '/',
      '/api/runs',
      '/api/runs/events?run=ring8-run',
      '/files/ring8-run/samples.png',
      '/files/ring8-run/config.json',
      '/files/ring8-run/nope.png',
      '/api/runs/events?run=nope',
      '/nope',
    ];
    for (const path of paths) {
      const sse = path.startsWith('/api/runs/events');
      const get = await rawRequest(s.url, path, sse ? { readMs: 300 } : {});
      // HEAD must end by itself, the event stream's too (rawRequest fails after 10 s otherwise).
      const head = await rawRequest(s.url, path, { method: 'HEAD' });
      assert.equal(head.status, get.status, path);
      assert.equal(get.status, /nope/.test(path) ? 404 : 200, path);
      assert.deepEqual(ownHeaders(head.headers), ownHeaders(get.headers), path);
      assert.equal(head.body, '', path);
      assert.notEqual(get.body, '', path);
    }
    // The files' lengths are announced, so HEAD tells the size without the body.
    const cfg = await rawRequest(s.url, '/files/ring8-run/config.json', { method: 'HEAD' });
    assert.equal(Number(cfg.headers['content-length']), readFileSync(join(fx.runDir, 'config.json')).length);
  });

  it('answers only Host names of its own address, on its own port; others get 403 (DNS rebinding)', async () => {
    const port = Number(new URL(s.url).port);
    const paths = ['/', '/api/runs', '/api/runs/events?run=ring8-run', '/files/ring8-run/config.json'];
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
      for (const path of paths) {
        const r = await rawRequest(s.url, path, { host, readMs: path.includes('events') ? 200 : undefined });
        assert.equal(r.status, 200, `${host} ${path}`);
      }
    }
    const refused = [`evil.example:${port}`, 'evil.example', `127.0.0.1:${port + 1}`, `localhost:${port + 1}`, 'localhost', '127.0.0.1', `127.0.0.1.evil.example:${port}`, null];
    for (const host of refused) {
      for (const path of paths) {
        for (const method of ['GET', 'HEAD']) {
          const r = await rawRequest(s.url, path, { host, method });
          assert.equal(r.status, 403, `${method} ${path} with Host ${host}`);
          if (method === 'GET') {
            assert.equal(r.body.split('\n').length, 2, 'one line');
            assert.match(r.body, /^host not allowed/);
            assert.doesNotMatch(r.body, /ring8|<html/i);
          }
        }
      }
    }
  });

  it('--allow-host adds names (repeatable, comma lists; a name without a port also matches alone)', async () => {
    const other = await serve([fx.runsDir, '--allow-host', 'lab.example,Other.Example', '--allow-host', 'third.example:8443']);
    try {
      const port = Number(new URL(other.url).port);
      for (const host of [`lab.example:${port}`, 'lab.example', `other.example:${port}`, 'third.example:8443', `127.0.0.1:${port}`]) {
        assert.equal((await rawRequest(other.url, '/api/runs', { host })).status, 200, host);
      }
      for (const host of [`third.example:${port}`, 'third.example', `evil.example:${port}`, `lab.example.evil.example:${port}`]) {
        assert.equal((await rawRequest(other.url, '/api/runs', { host })).status, 403, host);
      }
    } finally {
      await other.stop();
    }
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
    for (const [args, pattern] of [
      [['--max-streams', '0'], /^tsgan: --max-streams 0: must be at least 1/],
      [['--allow-host', 'bad host'], /^tsgan: --allow-host bad host: not a host name/],
      [['--allow-host', 'a.example,'], /^tsgan: --allow-host a\.example,: not a host name/],
    ] as const) {
      const r = tsgan(['serve', fx.runsDir, '--port', '0', ...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr.trim(), pattern);
    }
  });
});

describe('tsgan serve: no synchronous file system call on the request path', () => {
  it('the server\'s files use fs.promises only (a sync call blocks every other client while it runs)', () => {
    const dir = join(ROOT, 'src/node/serve');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('server.ts') && files.includes('follow-metrics.ts') && files.includes('runs-index.ts') && files.includes('safe-path.ts'));
    for (const f of files) {
      const source = readFileSync(join(dir, f), 'utf8');
      assert.deepEqual(source.match(/\b\w+Sync\b/g) ?? [], [], `${f} calls the file system synchronously`);
    }
  });
});
