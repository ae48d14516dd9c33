/**
 * Maps a request path to a file inside a root folder, or to nothing. Every segment is decoded once
 * and then must be a plain name: "", ".", "..", and names holding "/", "\" or NUL (also when they were
 * percent-encoded, e.g. %2e%2e or ..%2f) are refused, and the real path (symbolic links followed) must
 * still lie inside the root's real path. Refused and missing paths both give undefined (the server
 * answers 404 to both, so a request cannot tell which files exist outside the root).
 */
import { realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';

/** The decoded segments of a URL path ("/a/b%20c" → ["a", "b c"]), or undefined if any is not a plain name. */
export function safeSegments(urlPath: string): string[] | undefined {
  const parts = urlPath.split('/').filter((p, i) => !(i === 0 && p === ''));
  const out: string[] = [];
  for (const raw of parts) {
    let name: string;
    try {
      name = decodeURIComponent(raw);
    } catch {
      return undefined; // malformed percent-encoding
    }
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
    out.push(name);
  }
  return out;
}

/** True when `path` is `root` or lies inside it (both real paths). */
function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The real path of the file or folder `urlPath` names inside `root` (of the kind asked for), or
 * undefined when it is refused, missing, or of the other kind.
 */
export function resolveInside(root: string, urlPath: string, kind: 'file' | 'dir'): string | undefined {
  const segments = safeSegments(urlPath);
  if (segments === undefined) return undefined;
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(join(realRoot, ...segments));
    if (!inside(realRoot, real)) return undefined;
    const st = statSync(real);
    return (kind === 'file' ? st.isFile() : st.isDirectory()) ? real : undefined;
  } catch {
    return undefined;
  }
}
