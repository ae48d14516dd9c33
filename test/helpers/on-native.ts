/**
 * Runs an existing test file, unchanged, on the native backend: in a child process whose import of
 * test/helpers/backend.ts resolves to test/helpers/native-backend.ts (test/helpers/native-backend-hooks.ts).
 * Returns its exit code, its TAP output, its counts and the native kernel calls native-backend.ts printed.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './cli.js';

export interface NativeRun {
  readonly code: number | null;
  readonly tap: string;
  readonly calls: Record<string, number>;
  /** The TAP summary count `# <what> N` (pass, fail, skipped, todo, cancelled). */
  count(what: string): number;
  /** The lines of failed tests and errors, for a message. */
  failures(): string;
}

export function runOnNative(file: string, env: NodeJS.ProcessEnv = {}): NativeRun {
  const hooks = pathToFileURL(join(ROOT, 'test/helpers/native-backend-hooks.ts')).href;
  const registerHooks = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(hooks)});`)}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, TSGAN_NATIVE: '', TSGAN_NATIVE_LEVEL: '', ...env };
  delete childEnv.NODE_TEST_CONTEXT; // a test run of its own, reporting in TAP, not to this one's runner
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', registerHooks, '--test', '--test-reporter=tap', join(ROOT, file)], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    killSignal: 'SIGKILL',
    env: childEnv,
  });
  const line = /^# native kernel calls: (\{.*\})$/m.exec(r.stdout);
  return {
    code: r.status,
    tap: r.stdout,
    calls: line === null ? {} : JSON.parse(line[1]),
    count: (what) => Number(new RegExp(`^# ${what} (\\d+)$`, 'm').exec(r.stdout)?.[1]),
    failures: () => r.stdout.split('\n').filter((l) => /^not ok|error:/.test(l.trim())).join('\n'),
  };
}
