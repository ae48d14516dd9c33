/**
 * The Host check of `tsgan serve` (DNS rebinding): which Host header values a server answers, from the
 * address it listens on, its port and the --allow-host names. The server's 403s are in server.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedHosts, hostAllowed, parseAllowHost } from '../../src/node/serve/host-check.js';

describe('Host check', () => {
  it('the loopback names on the port it listens on, and nothing else by default', () => {
    assert.deepEqual([...allowedHosts(5173, '127.0.0.1', [])].sort(), ['127.0.0.1:5173', '[::1]:5173', 'localhost:5173']);
    assert.deepEqual([...allowedHosts(5173, '::1', [])].sort(), ['127.0.0.1:5173', '[::1]:5173', 'localhost:5173']);
    assert.deepEqual([...allowedHosts(5173, 'localhost', [])].sort(), ['127.0.0.1:5173', '[::1]:5173', 'localhost:5173']);
  });

  it('on port 80 a browser sends the name alone: accepted too', () => {
    assert.deepEqual([...allowedHosts(80, '127.0.0.1', [])].sort(), ['127.0.0.1', '127.0.0.1:80', '[::1]', '[::1]:80', 'localhost', 'localhost:80']);
  });

  it("--host's own name or address is added; an any-address (0.0.0.0, ::) is not a name and adds nothing", () => {
    assert.ok(allowedHosts(8080, '192.168.1.5', []).has('192.168.1.5:8080'));
    assert.ok(allowedHosts(8080, 'MyBox.local', []).has('mybox.local:8080'));
    assert.ok(allowedHosts(8080, 'fe80::1', []).has('[fe80::1]:8080'));
    assert.equal(allowedHosts(8080, '0.0.0.0', []).size, 3);
    assert.equal(allowedHosts(8080, '::', []).size, 3);
  });

  it('--allow-host: NAME matches NAME:PORT and NAME alone, NAME:P only itself, case-insensitively', () => {
    const allowed = allowedHosts(8080, '127.0.0.1', ['Lab.Example', 'x.example:9000', '::2']);
    for (const h of ['lab.example:8080', 'LAB.example', 'x.example:9000', '[::2]:8080', '[::2]', 'localhost:8080']) assert.equal(hostAllowed(allowed, h), true, h);
    for (const h of ['x.example:8080', 'x.example', 'lab.example:8081', 'lab.example.evil.example:8080', 'evil.example:8080', 'localhost:9000', '', undefined]) {
      assert.equal(hostAllowed(allowed, h), false, String(h));
    }
  });

  it('parses --allow-host values (comma lists) and refuses what is not a host name', () => {
    assert.deepEqual(parseAllowHost('a.example,B.example:8443'), ['a.example', 'b.example:8443']);
    assert.deepEqual(parseAllowHost('[::1]:80'), ['[::1]:80']);
    assert.deepEqual(parseAllowHost('fe80::1'), ['[fe80::1]']);
    for (const bad of ['', 'bad host', 'a.example,', ',a', 'a/b', 'a@b', 'a:99999', 'a:0', 'a:', '[::1', 'a:b']) assert.equal(parseAllowHost(bad), undefined, bad);
  });
});
