/**
 * @arethetypeswrong/cli on each packed tarball. It is not a workspace dependency (no `npm install` in the
 * workspace): it is installed into the consumer test's temporary directory, outside the workspace, pinned.
 *
 * Profile `esm-only`: the libs are ESM only, so attw's node16-from-CJS column always shows "ESM (dynamic import
 * only)" — TypeScript's node16 mode predates require(esm). Node ≥ 20.19 (our `engines`) does load them from
 * require(), which step (b) of the consumer test proves, and `module: nodenext` type-checks it (step (c)).
 * node10 resolution (no `exports` support) is also out of scope for an `engines: >=20.19` package.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv } from './consumer-project.js';

export const ATTW_VERSION = '0.18.5';

/** Installs attw into `dir` (from the npm cache, else the registry) and returns the path of its bin. */
export function installAttw(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'attw-runner', private: true }, null, 2)}\n`,
  );
  execFileSync(
    'npm',
    [
      'install',
      `@arethetypeswrong/cli@${ATTW_VERSION}`,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: cleanEnv() },
  );
  return join(dir, 'node_modules', '.bin', 'attw');
}

/** Runs attw on one tarball; throws with its report when it finds a problem (non-zero exit). */
export function runAttw(bin: string, tarball: string): void {
  try {
    execFileSync(
      bin,
      [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: cleanEnv(),
      },
    );
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`attw reported problems:\n${(err.stdout || err.stderr || err.message).trim()}`);
  }
}
