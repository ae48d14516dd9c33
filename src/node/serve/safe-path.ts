/**
 * Every file the server opens goes through here. A request path is mapped to a file inside a root
 * folder, or to nothing: every segment is decoded once and then must be a plain name ("", ".", "..",
 * and names holding "/", "\" or NUL, also when they were percent-encoded, e.g. %2e%2e or ..%2f, are
 * refused), and the real path (symbolic links followed) must still lie inside the root's real path.
 * A file is then opened by that real path, without following a link in its last name, and checked
 * again once open (the same file, still inside): a link swapped in between is refused too. Refused and
 * missing paths both give undefined (the server answers 404 to both, so a request cannot tell which
 * files exist outside the root). Only fs.promises: nothing here blocks the event loop.
 */
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
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

/** A file or folder found inside a root: its real path and what stat said of it. */
export interface FoundInside {
  readonly path: string;
  readonly stats: Stats;
}

/**
 * The real path of `path` (a path on disk, e.g. a run folder's metrics.jsonl) when it lies inside
 * `root` once every symbolic link is followed and is of the kind asked for; undefined otherwise.
 */
export async function findInside(root: string, path: string, kind: 'file' | 'dir'): Promise<FoundInside | undefined> {
  try {
    const realRoot = await realpath(root);
    const real = await realpath(path);
    if (!inside(realRoot, real)) return undefined;
    const stats = await stat(real);
    return (kind === 'file' ? stats.isFile() : stats.isDirectory()) ? { path: real, stats } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The real path of the file or folder the request path `urlPath` names inside `root` (of the kind
 * asked for), or undefined when it is refused, missing, or of the other kind.
 */
export async function resolveInside(root: string, urlPath: string, kind: 'file' | 'dir'): Promise<FoundInside | undefined> {
  const segments = safeSegments(urlPath);
  if (segments === undefined) return undefined;
  return findInside(root, join(root, ...segments), kind);
}

/** A file opened for reading by {@link openInside}; the caller closes `handle`. */
export interface OpenedInside extends FoundInside {
  readonly handle: FileHandle;
}

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0; // not on Windows, where the check after opening remains

/**
 * Opens the file at `path` for reading when it lies inside `root` (see {@link findInside}), or gives
 * undefined. The file opened is checked to be the one found (same device and inode) and its path to
 * be still the same real path inside `root`.
 */
export async function openInside(root: string, path: string): Promise<OpenedInside | undefined> {
  const found = await findInside(root, path, 'file');
  if (found === undefined) return undefined;
  let handle: FileHandle;
  try {
    handle = await open(found.path, constants.O_RDONLY | NO_FOLLOW);
  } catch {
    return undefined; // vanished, unreadable, or a link now (ELOOP)
  }
  try {
    const stats = await handle.stat();
    const again = await findInside(root, found.path, 'file');
    if (again !== undefined && again.path === found.path && again.stats.ino === stats.ino && again.stats.dev === stats.dev) {
      return { path: found.path, stats, handle };
    }
  } catch {
    /* fall through: refused */
  }
  await handle.close().catch(() => undefined);
  return undefined;
}
