/**
 * A built app (`dist/apps/<app>`) copied into an empty folder and installed there the way a
 * deploying team does it: `npm ci --omit=dev`, then `node main.js`. Nothing of the workspace is
 * reachable from that folder (it lives under the OS temp directory, outside the repository).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT } from '../shared/app-runners.js';

/** A finished child process. */
export interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Copies `dist/apps/<app>` into a new empty temp folder and returns its path.
 *
 * @example
 * ```ts
 * const folder = copyBuiltApp('verify-cli');
 * ```
 */
export function copyBuiltApp(app: string): string {
  const folder = mkdtempSync(join(tmpdir(), `attio-auth-built-${app}-`));
  cpSync(join(REPO_ROOT, 'dist', 'apps', app), folder, { recursive: true });
  return folder;
}

/** The files of a folder, relative, sorted (`chunks/…` included), node_modules left out. */
export function listFiles(folder: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(folder, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (rel === 'node_modules') continue;
    if (entry.isDirectory()) out.push(...listFiles(folder, rel));
    else out.push(rel);
  }
  return out.sort();
}

/**
 * The folder where `npm ci` finds a better-sqlite3 build made earlier in this run (prebuild-install's
 * documented `<package>_local_prebuilds` directory), named as the package's release asset for this
 * Node ABI and platform. Only the first app compiles it from source; the others reuse that very
 * binary: same package version, same Node, same machine.
 */
export function localPrebuildName(version: string): string {
  return `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
}

/**
 * Packs the better-sqlite3 binding compiled in `folder` as a local prebuild under `prebuildDir`.
 *
 * @example
 * ```ts
 * saveLocalPrebuild(folder, prebuildDir);
 * ```
 */
export function saveLocalPrebuild(folder: string, prebuildDir: string): boolean {
  const pkgDir = join(folder, 'node_modules', 'better-sqlite3');
  if (!existsSync(join(pkgDir, 'build', 'Release', 'better_sqlite3.node'))) return false;
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  mkdirSync(prebuildDir, { recursive: true });
  const tar = spawnSync(
    'tar',
    ['-czf', join(prebuildDir, localPrebuildName(version)), 'build/Release/better_sqlite3.node'],
    { cwd: pkgDir },
  );
  return tar.status === 0;
}

/**
 * Runs a command in `folder` with only PATH, HOME and `env`; kills it after `timeoutMs`. No
 * `npm_config_*` variable is passed on: under `npm run` they include `npm_config_local_prefix`,
 * which would point the folder's `npm ci` at the workspace itself (npm reads its own .npmrc files).
 *
 * @example
 * ```ts
 * const run = await runIn(folder, process.execPath, ['main.js', '--version'], {}, 30_000);
 * ```
 */
export function runIn(
  folder: string,
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<NodeRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: folder,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `npm ci --omit=dev` in `folder`, from the npm cache (`--offline`), or online when the cache lacks
 * a package (ENOTCACHED). `prebuildDir` is offered to better-sqlite3's installer (see
 * {@link localPrebuildName}).
 *
 * @example
 * ```ts
 * const { run, online } = await npmCiProduction(folder, prebuildDir);
 * ```
 */
export async function npmCiProduction(
  folder: string,
  prebuildDir: string,
): Promise<{ run: NodeRun; online: boolean }> {
  const args = ['ci', '--omit=dev', '--no-audit', '--no-fund'];
  const env = { better_sqlite3_local_prebuilds: prebuildDir };
  // Compiling better-sqlite3 takes about a minute alone and far longer on a loaded 2-core machine.
  const offline = await runIn(folder, 'npm', [...args, '--offline'], env, 1_500_000);
  if (offline.code === 0 || !offline.stderr.includes('ENOTCACHED'))
    return { run: offline, online: false };
  return { run: await runIn(folder, 'npm', args, env, 1_500_000), online: true };
}
