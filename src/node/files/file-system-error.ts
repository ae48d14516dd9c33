/**
 * File-system failures as one line a user can act on. A Node error with a `code` (ENOSPC, EACCES, …)
 * becomes a {@link FileSystemError} that names the path, says what went wrong in words and how to fix
 * it, and carries the exit code the CLI ends with:
 *
 *   2  the path the user chose cannot be used (read-only, no permission, under a file, name too long, …)
 *   4  the environment failed (disk full, quota, I/O error, too many open files, out of memory)
 *
 * See docs/reliability.md for every exit code of the CLI.
 */

/** A file-system failure explained in one line (`message`), with the exit code to end with. */
export class FileSystemError extends Error {
  override readonly name = 'FileSystemError';
  constructor(
    message: string,
    readonly exitCode: 2 | 4,
    readonly code: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** What each error code means, the fix, and whether it is the path's fault (2) or the environment's (4). */
const KNOWN: Record<string, { what: string; fix: string; exitCode: 2 | 4 }> = {
  ENOSPC: { what: 'no space left on the device', fix: 'free some space (or choose a folder on another disk) and run again', exitCode: 4 },
  EDQUOT: { what: 'disk quota exceeded', fix: 'free some space within your quota and run again', exitCode: 4 },
  EIO: { what: 'input/output error from the device', fix: 'check the disk (dmesg) and run again', exitCode: 4 },
  EMFILE: { what: 'too many open files', fix: 'close other programs or raise the limit (ulimit -n) and run again', exitCode: 4 },
  ENFILE: { what: 'too many open files on the system', fix: 'close other programs and run again', exitCode: 4 },
  ENOMEM: { what: 'out of memory', fix: 'close other programs and run again', exitCode: 4 },
  EFBIG: { what: 'the file is larger than the file system or the file-size limit allows', fix: 'raise the limit (ulimit -f) or choose a folder on another disk', exitCode: 4 },
  EBUSY: { what: 'the file or device is busy', fix: 'wait for the other program to finish and run again', exitCode: 4 },
  ESTALE: { what: 'the network file system lost the file (stale handle)', fix: 'check the network mount and run again', exitCode: 4 },
  EACCES: { what: 'permission denied', fix: 'choose a folder you can write to', exitCode: 2 },
  EPERM: { what: 'operation not permitted', fix: 'choose a folder you can write to', exitCode: 2 },
  EROFS: { what: 'the file system is read-only', fix: 'choose a folder on a writable disk', exitCode: 2 },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', fix: 'choose a path whose parents are folders', exitCode: 2 },
  EISDIR: { what: 'is a folder, not a file', fix: 'give a file name', exitCode: 2 },
  ENAMETOOLONG: { what: 'the name is too long', fix: 'choose a shorter name', exitCode: 2 },
  ENOENT: { what: 'no such file or folder', fix: 'check the path (its folder must exist)', exitCode: 2 },
  EEXIST: { what: 'already exists', fix: 'choose another name', exitCode: 2 },
  ELOOP: { what: 'too many symbolic links', fix: 'choose a path without a link loop', exitCode: 2 },
  EINVAL: { what: 'the path is not valid here', fix: 'choose a path on an ordinary disk', exitCode: 2 },
  EXDEV: { what: 'cannot move across devices', fix: 'choose a folder on one disk', exitCode: 2 },
};

/** The Node error code of `e` (e.g. 'ENOSPC'), or undefined when `e` is no system error. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * `e` as a FileSystemError about `path` while doing `action` ("write", "read", "create the folder"), or
 * `e` itself when it is not a system error with a code this module knows.
 */
export function explainFileSystemError(e: unknown, path: string, action: string): unknown {
  if (e instanceof FileSystemError) return e;
  const code = errorCode(e);
  const known = code === undefined ? undefined : KNOWN[code];
  if (code === undefined || known === undefined) return e;
  return new FileSystemError(`cannot ${action} ${path}: ${known.what} (${code}): ${known.fix}`, known.exitCode, code, path);
}
