/**
 * The file envelope of checkpoints and the classifier cache: one line
 * `{"format":F,"version":V,"sha256":H,"payload":P}` where H is the SHA-256 of the JSON text P, so a
 * damaged or edited file is detected before it is parsed. Each caller owns its format name, version
 * and error messages.
 */
import { createHash } from 'node:crypto';
import { writeFileAtomic } from './atomic-write.js';

/** SHA-256 of `text`, in hex. */
function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes `payload` (JSON text) in the envelope to `path`, atomically. */
export function writeChecksummedFile(path: string, format: string, version: number, payload: string): void {
  writeFileAtomic(path, `{"format":"${format}","version":${version},"sha256":"${sha256(payload)}","payload":${payload}}\n`);
}

/** The envelope's parts, with whether the payload matches its checksum; undefined if `text` is no envelope (or truncated). */
export function parseChecksummedFile(text: string): { format: string; version: number; checksumOk: boolean; payload: string } | undefined {
  const m = /^\{"format":"([^"]*)","version":(\d+),"sha256":"([0-9a-f]{64})","payload":(.*)\}\n?$/s.exec(text);
  if (m === null) return undefined;
  return { format: m[1], version: Number(m[2]), checksumOk: sha256(m[4]) === m[3], payload: m[4] };
}
