/**
 * Builds one app into a self-contained folder, `dist/apps/<app>/`:
 *   main.js, chunks/*.js     the app with every workspace lib bundled in (esbuild, from source),
 *                            the lazily imported parts as chunks; source maps beside them
 *   package.json             only the npm packages main.js still imports, with the ranges the
 *                            workspace declares
 *   package-lock.json        the workspace lockfile pruned to those packages (same versions as tested)
 * so that `npm ci --omit=dev && node main.js` runs it from an otherwise empty folder. npm packages
 * stay external: better-sqlite3 is native and must be built for the target Node, and the others
 * keep their own files (pino's transports, pg's optional native binding).
 *
 * Usage (each app's `build` target runs this): npm run tool -- tools/build/build-app.ts --app=verify-cli
 */
import { createProjectGraphAsync, type ProjectGraph } from '@nx/devkit';
import { createLockFile } from '@nx/js';
import { build, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { deployManifest, type WorkspaceManifest } from './deploy-manifest.js';
import { externalPackages } from './external-packages.js';

const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The apps this builds, by folder under apps/; each has `src/main.ts`. */
export const APPS = ['oauth-callback', 'token-health', 'verify-cli', 'ops-cli'] as const;
export type AppName = (typeof APPS)[number];

/** Everything but the workspace's own packages stays an import of main.js. */
const externalNpmPackages: Plugin = {
  name: 'external-npm-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@attio-auth/') ? undefined : { path: args.path, external: true },
    );
  },
};

function readManifest(path: string): WorkspaceManifest {
  return JSON.parse(readFileSync(path, 'utf8')) as WorkspaceManifest;
}

/** The manifests of the workspace libs whose files ended up in the bundle. */
function bundledLibManifests(inputs: readonly string[], root: string): WorkspaceManifest[] {
  const folders = new Set<string>();
  for (const input of inputs) {
    const match = /^libs\/([^/]+)\//.exec(input);
    if (match?.[1] !== undefined) folders.add(match[1]);
  }
  return [...folders].sort().map((f) => readManifest(join(root, 'libs', f, 'package.json')));
}

export interface BuiltApp {
  readonly outDir: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/**
 * Bundles `app` and writes its package.json and pruned lockfile into `outDir`.
 *
 * @example
 * const built = await buildApp('verify-cli');
 * // built.outDir === '<workspace>/dist/apps/verify-cli'
 */
export async function buildApp(
  app: AppName,
  options: { root?: string; outDir?: string; graph?: ProjectGraph } = {},
): Promise<BuiltApp> {
  const root = options.root ?? WORKSPACE_ROOT;
  const finalDir = options.outDir ?? join(root, 'dist', 'apps', app);
  // Written beside the final folder and swapped in at the end: a test running the previous build
  // (built-binary specs build and run in parallel) never sees a half-written folder.
  const outDir = `${finalDir}.tmp-${process.pid}`;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'apps', app, 'src', 'main.ts')],
    outdir: outDir,
    entryNames: 'main',
    bundle: true,
    // The apps import their heavy parts lazily (`await import(...)`, so `--version` loads none of
    // them): splitting keeps each of those a chunk loaded on first use instead of part of main.js.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    // The oldest Node line the apps support (package.json "engines").
    target: 'node20.19',
    // Bundle the workspace libs from their TypeScript sources (their package.json "exports").
    conditions: ['@attio-auth/source'],
    tsconfig: join(root, 'apps', app, 'tsconfig.lib.json'),
    plugins: [externalNpmPackages],
    sourcemap: true,
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const appManifest = readManifest(join(root, 'apps', app, 'package.json'));
  const manifest = deployManifest(
    appManifest,
    externalPackages(result.metafile),
    bundledLibManifests(Object.keys(result.metafile.inputs), root),
  );
  const graph = options.graph ?? (await createProjectGraphAsync({ exitOnError: true }));
  // createLockFile prunes the workspace's package-lock.json to these dependencies.
  const lockFile = createLockFile({ ...manifest }, graph, 'npm');
  // npm asks before running install scripts: approve the same ones the workspace approves
  // (better-sqlite3 compiles its native binding), for the packages this lockfile installs.
  const installed = Object.keys((JSON.parse(lockFile) as { packages: object }).packages);
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
  };
  const allowScripts = Object.fromEntries(
    Object.entries(rootManifest.allowScripts ?? {}).filter(([name]) =>
      installed.includes(`node_modules/${name}`),
    ),
  );
  const written = Object.keys(allowScripts).length > 0 ? { ...manifest, allowScripts } : manifest;
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(written, null, 2)}\n`);
  writeFileSync(join(outDir, 'package-lock.json'), lockFile);
  const previous = `${finalDir}.old-${process.pid}`;
  if (existsSync(finalDir)) renameSync(finalDir, previous);
  renameSync(outDir, finalDir);
  rmSync(previous, { recursive: true, force: true });
  return { outDir: finalDir, dependencies: manifest.dependencies };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { app: { type: 'string' } } });
  const app = values.app;
  if (app === undefined || !(APPS as readonly string[]).includes(app)) {
    process.stderr.write(`usage: build-app.ts --app=<${APPS.join('|')}>\n`);
    process.exitCode = 2;
    return;
  }
  const built = await buildApp(app as AppName);
  process.stdout.write(
    `built ${app} into ${built.outDir} (dependencies: ${Object.keys(built.dependencies).join(', ')})\n`,
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
