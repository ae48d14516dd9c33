/**
 * The Redis a sweep's queue lives on: `--queue redis://[user:password@]host:port[/db]` (or `rediss://`
 * for TLS), else the `TSGAN_REDIS_URL` environment variable. Every connection is checked first with a
 * short timeout, so an unreachable server, a wrong password or a bad address is one line within a few
 * seconds, never a hang; passwords never appear in a message (they are shown as ***).
 */
import { isIP } from 'node:net';
import type { Redis, RedisOptions } from 'ioredis';

/** A problem with the queue's address or server; `message` is one line with the fix. */
export class QueueError extends Error {
  override readonly name = 'QueueError';
}

/** The environment variable that names the queue when `--queue` is not given. */
export const REDIS_URL_ENV = 'TSGAN_REDIS_URL';

/**
 * bullmq and ioredis, loaded when a queue is first used (every other command starts faster without
 * them). They are optional peer dependencies: a project that uses tsgan as a library installs them only
 * for the queue; without them this is a QueueError saying how to add them.
 */
export async function queueModules(): Promise<{ bullmq: typeof import('bullmq'); ioredis: { Redis: typeof import('ioredis').Redis } }> {
  try {
    const [bullmq, { Redis }] = await Promise.all([import('bullmq'), import('ioredis')]);
    return { bullmq, ioredis: { Redis } };
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new QueueError('the sweep queue needs the packages bullmq and ioredis, which tsgan lists as optional: `npm install bullmq@^6 ioredis@^5` in your project (a clone of tsgan has them)');
  }
}

/** How long the first connection may take before the queue is called unreachable. */
const CONNECT_TIMEOUT_MS = 3000;

/** `url` with its password (if any) replaced by ***, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** The queue's address: `flag` (--queue), else TSGAN_REDIS_URL, checked (scheme, host, port, db). */
export function queueUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = flag ?? env[REDIS_URL_ENV];
  const from = flag !== undefined ? '--queue' : REDIS_URL_ENV;
  if (url === undefined || url.trim() === '') throw new QueueError(`no queue given: pass --queue redis://host:6379 or set ${REDIS_URL_ENV}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`${from} ${redactUrl(url)}: not a URL: write redis://[user:password@]host:port[/db] (rediss:// for TLS)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new QueueError(`${from} ${redactUrl(url)}: the scheme must be redis:// or rediss:// (TLS), not ${u.protocol}//`);
  if (u.hostname === '') throw new QueueError(`${from} ${redactUrl(url)}: no host: write redis://host:port`);
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^(1[0-5]|[0-9])$/.test(db)) throw new QueueError(`${from} ${redactUrl(url)}: the database /${db} must be a number from 0 to 15`);
  return url;
}

/** ioredis options for `url` (BullMQ's workers and queues need `maxRetriesPerRequest: null`: they wait out a restart). */
export function redisOptions(url: string, overrides: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port === '' ? 6379 : Number(u.port),
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
    db: Number(u.pathname.replace(/^\//, '') || 0),
    ...(u.protocol === 'rediss:' ? { tls: isIP(u.hostname.replace(/^\[|\]$/g, '')) === 0 ? { servername: u.hostname } : {} } : {}),
    maxRetriesPerRequest: null,
    ...overrides,
  };
}

/** The one-line reason for a failed first connection to `url`. */
function explain(url: string, e: Error & { code?: string }): string {
  const where = redactUrl(url);
  const msg = e.message ?? String(e);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(msg)) return `Redis at ${where} refused the user name or password: check them in --queue or ${REDIS_URL_ENV}`;
  if (/NOAUTH/i.test(msg)) return `Redis at ${where} needs a password: give it in the URL (redis://:PASSWORD@host:port) or ${REDIS_URL_ENV}`;
  const code = e.code ?? /\b(E[A-Z]+)\b/.exec(msg)?.[1];
  if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|HOSTNAME/.test(code)) return `Redis at ${where}: its TLS certificate was refused (${code}): if it is signed by your own CA, give Node that CA with NODE_EXTRA_CA_CERTS=ca.pem; check the host name`;
  if (/wrong version number|packet length too long|ECONNRESET/i.test(msg) && url.startsWith('rediss:')) return `Redis at ${where} does not speak TLS on that port: use redis:// or the server's TLS port`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot reach Redis at ${where}: no such host: check the host name`;
  if (code !== undefined || /timeout|connect/i.test(msg)) return `cannot reach Redis at ${where} (${code ?? msg}): start redis-server there, or check the address in --queue or ${REDIS_URL_ENV}`;
  return `Redis at ${where}: ${msg}`;
}

/**
 * A connection to the queue's Redis, checked: it connects within 3 seconds and answers
 * PING. Throws {@link QueueError} (one line) otherwise. The connection then reconnects by itself if the
 * server restarts (commands wait meanwhile).
 */
export async function connectRedis(url: string): Promise<Redis> {
  const { Redis } = (await queueModules()).ioredis;
  // The probe gives up at once; the connection handed back retries for ever (a restart must not end a worker).
  const probe = new Redis(redisOptions(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false }));
  let cause: Error | undefined; // the socket's own error (ECONNREFUSED, …): connect() only says the connection closed
  probe.on('error', (e: Error) => (cause ??= e));
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new QueueError(explain(url, cause ?? (e as Error)));
  } finally {
    probe.disconnect();
  }
  const redis = new Redis(redisOptions(url, { retryStrategy: (times) => Math.min(times * 200, 2000) }));
  redis.on('error', () => {}); // reconnects by itself; a command that fails says why
  return redis;
}
