/**
 * A module resolve hook (registered by test/node/native-penalties.test.ts in a child process): every
 * import of test/helpers/backend.ts resolves to test/helpers/native-backend.ts instead, so that a test
 * file runs unchanged, all its checks, on the native backend.
 */
const NATIVE = new URL('./native-backend.ts', import.meta.url).href;

type Resolved = { url: string };

export async function resolve(specifier: string, context: unknown, next: (specifier: string, context: unknown) => Promise<Resolved>): Promise<Resolved> {
  const r = await next(specifier, context);
  return /\/test\/helpers\/backend\.(ts|js)$/.test(r.url) ? { ...r, url: NATIVE } : r;
}
