/**
 * The server's defence against DNS rebinding: a page from any site can make the browser send requests
 * to 127.0.0.1 under its own name (evil.example resolving to 127.0.0.1), and read the answers as
 * same-origin. The browser still sends that name in the Host header, so the server answers only Host
 * values that name it: the loopback names on the port it listens on (`127.0.0.1:PORT`,
 * `localhost:PORT`, `[::1]:PORT`), `--host`'s own name or address when it listens elsewhere, and the
 * `--allow-host` names. Everything else, and a request without Host, gets 403. Names are compared in
 * lower case (host names are case-insensitive).
 */

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
/** Addresses that mean "every interface": not names a browser would use to reach this server. */
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/** A bare IPv6 address (two colons or more) in brackets, as it appears in a Host header; others as they are. */
function bracketed(host: string): string {
  return host.split(':').length > 2 && !host.startsWith('[') ? `[${host}]` : host;
}

/** Splits `name[:port]` / `[v6][:port]`; undefined when it is not a host name or address with an optional port. */
function splitHost(value: string): { name: string; port?: number } | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*)(?::(\d{1,5}))?$/.exec(value);
  if (m === null) return undefined;
  if (m[2] === undefined) return { name: m[1] };
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { name: m[1], port } : undefined;
}

/**
 * The entries of one `--allow-host` value (a name, `name:port`, or a comma list of them), in lower
 * case with IPv6 addresses bracketed; undefined when any entry is not a host name (with its port).
 */
export function parseAllowHost(value: string): string[] | undefined {
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const entry = bracketed(raw.trim().toLowerCase());
    if (splitHost(entry) === undefined) return undefined;
    out.push(entry);
  }
  return out;
}

/**
 * The Host header values (lower case) a server listening on `host`:`port` answers. Each name counts
 * with `:port`, and also alone on port 80 (where a browser leaves the port out). An `--allow-host`
 * entry with a port counts only with that port; one without counts with `:port` and alone (e.g.
 * behind a proxy on port 80 or 443 that passes the name on).
 */
export function allowedHosts(port: number, host: string, allowHosts: readonly string[]): Set<string> {
  const out = new Set<string>();
  const add = (name: string) => {
    out.add(`${name}:${port}`);
    if (port === 80) out.add(name);
  };
  for (const name of LOOPBACK) add(name);
  const own = bracketed(host.toLowerCase());
  if (!ANY_ADDRESS.has(own)) add(own);
  for (const entry of allowHosts.flatMap((a) => parseAllowHost(a) ?? [])) {
    const split = splitHost(entry)!;
    if (split.port !== undefined) out.add(entry);
    else {
      out.add(`${entry}:${port}`);
      out.add(entry);
    }
  }
  return out;
}

/** True when the request's Host header (undefined when it sent none) is one of `allowed`. */
export function hostAllowed(allowed: ReadonlySet<string>, header: string | undefined): boolean {
  return header !== undefined && allowed.has(header.toLowerCase());
}
