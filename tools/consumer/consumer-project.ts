/**
 * The temporary "internal team's repository" of the consumer test: a directory under os.tmpdir() (outside the
 * workspace, so nothing can resolve through the monorepo's node_modules or its `@attio-auth/source` condition)
 * with the packed tarballs installed by plain `npm install`, exactly as a team would.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PackedLib } from './pack-libs.js';

export interface ConsumerProject {
  readonly dir: string;
  /** How better-sqlite3 got its native binding: 'install-script' or 'seeded from the workspace'. */
  readonly nativeBinding: string;
}

/** Version of a package installed under `root`/node_modules (e.g. the workspace's pinned @types/node). */
function versionIn(root: string, pkg: string): string {
  return (
    JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
}

/**
 * Creates the project and installs the tarballs (+ their third-party dependencies from the npm cache, falling
 * back to the registry).
 *
 * better-sqlite3 compiles SQLite with node-gyp in its install script when no prebuilt binary can be fetched
 * (3+ minutes on this shared 2-core machine). `allowScripts` in the project's package.json allows that script,
 * as a team's project must under npm 11's script gating, and `nativeBuild` (CONSUMER_NATIVE_BUILD=1) runs it.
 * Otherwise npm installs with --ignore-scripts and the workspace's compiled binding of the SAME better-sqlite3
 * version is copied in, like a CI build cache; on a version mismatch the install script runs after all.
 */
export function createConsumerProject(
  dir: string,
  packed: readonly PackedLib[],
  options: { workspaceRoot: string; nativeBuild: boolean },
): ConsumerProject {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'attio-auth-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: {
      ...Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`])),
      // connection-store's SQLite driver is an optional peer: a team's app installs it, as here.
      'better-sqlite3': versionIn(options.workspaceRoot, 'better-sqlite3'),
      // rate-budget's Redis client at the version the workspace's lockfile tests, as a team's lockfile holds
      // what it tested: ioredis 6.1.0's own .d.ts import the untyped `redis-errors`, so the nodenext check
      // (skipLibCheck: false) fails inside ioredis on it, whatever our declarations say.
      ioredis: versionIn(options.workspaceRoot, 'ioredis'),
    },
    devDependencies: { '@types/node': versionIn(options.workspaceRoot, '@types/node') },
    allowScripts: { 'better-sqlite3': true },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const npm = (args: string[]) =>
    execFileSync(
      'npm',
      [...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        env: cleanEnv(),
      },
    );

  const binding = join('build', 'Release', 'better_sqlite3.node');
  const workspaceBinding = join(options.workspaceRoot, 'node_modules', 'better-sqlite3', binding);
  if (options.nativeBuild || !existsSync(workspaceBinding)) {
    npm(['install']);
    return { dir, nativeBinding: 'built by its install script (allowScripts)' };
  }
  npm(['install', '--ignore-scripts']);
  const installed = versionIn(dir, 'better-sqlite3');
  const workspace = versionIn(options.workspaceRoot, 'better-sqlite3');
  if (installed !== workspace) {
    npm(['rebuild', 'better-sqlite3']);
    return {
      dir,
      nativeBinding: `better-sqlite3@${installed} built by its install script (workspace has ${workspace})`,
    };
  }
  mkdirSync(join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release'), { recursive: true });
  cpSync(workspaceBinding, join(dir, 'node_modules', 'better-sqlite3', binding));
  return {
    dir,
    nativeBinding: `better-sqlite3@${installed}: compiled binding reused from the workspace (same version)`,
  };
}

/**
 * The environment without the `npm_*` variables `npm run` sets (npm_config_local_prefix and friends): npm in
 * the temporary project must behave as a stranger's npm, never install into or read from the workspace.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** Copies a fixture from tools/consumer/fixtures/ into the project. */
export function addFixture(
  project: ConsumerProject,
  fixturesDir: string,
  name: string,
  targetName = name,
): string {
  const target = join(project.dir, targetName);
  mkdirSync(join(target, '..'), { recursive: true });
  cpSync(join(fixturesDir, name), target);
  return target;
}

/** Runs `node <args>` in the project; returns stdout, or throws with stderr when it exits non-zero. */
export function runNode(
  project: ConsumerProject,
  args: readonly string[],
  env: Record<string, string> = {},
): string {
  try {
    return execFileSync(process.execPath, [...args], {
      cwd: project.dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanEnv(env),
      timeout: 60_000,
    });
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string; message: string };
    throw new Error(
      `node ${args.join(' ')} exited ${err.status ?? '?'}\n${(err.stderr || err.stdout || err.message).trim()}`,
    );
  }
}
