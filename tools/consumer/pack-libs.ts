/**
 * Packs every lib under libs/ into an npm tarball the way it would be published.
 *
 * The workspace's package.json files are written for the monorepo: internal dependencies are "*", the
 * `@attio-auth/source` export condition points at src/ (which the tarball does not ship), and `private`
 * keeps them off the public registry. So each lib is staged in a temporary copy first, and only that copy
 * is rewritten: internal "*" ranges become the exact version of the sibling (the libs release in lockstep),
 * the source condition and the Nx metadata are dropped. The workspace files are never touched.
 *
 * Usage (release flow, docs/releasing.md):
 *   npm run tool -- tools/consumer/pack-libs.ts [--out dist/packages] [--version 1.2.3] [--skip-build] [--publishable]
 * `--version` stamps the tarballs without editing the workspace (useful for pre-releases); `--publishable` also
 * drops `"private": true` so `npm publish <tarball>` accepts them (internal registry only).
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { publishedManifest } from './published-manifest.js';

export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PackedLib {
  /** Folder under libs/, e.g. `attio-core`. */
  readonly folder: string;
  /** Package name, e.g. `@attio-auth/attio-core`. */
  readonly name: string;
  readonly version: string;
  /** Absolute path of the .tgz. */
  readonly tarball: string;
  /** Files in the tarball, relative to the package root. */
  readonly files: readonly string[];
}

export interface PackOptions {
  readonly outDir: string;
  /** Overrides every lib's version (lockstep) in the tarballs only. */
  readonly version?: string;
  /** Drops `"private": true` so the tarballs can be published to an internal registry. */
  readonly publishable?: boolean;
  readonly workspaceRoot?: string;
}

type Json = Record<string, unknown>;

/** Folders under libs/ that hold a package.json, in dependency-free (alphabetical) order. */
export function listLibFolders(root = WORKSPACE_ROOT): string[] {
  return readdirSync(join(root, 'libs'))
    .filter((f) => existsSync(join(root, 'libs', f, 'package.json')))
    .sort();
}

/** Builds every lib with its inferred Nx `build` target (tsc, tsconfig.lib.json → dist/). */
export function buildLibs(root = WORKSPACE_ROOT): void {
  execFileSync(
    'npx',
    ['nx', 'run-many', '-t', 'build', '-p', listLibFolders(root).join(','), '--outputStyle=static'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    },
  );
}

/**
 * Source files (relative to src/, without .ts) that tsconfig.lib.json compiles: its include/exclude expanded by
 * TypeScript's own config parser (no program is built, so this takes milliseconds).
 */
function compiledStems(libDir: string): Set<string> {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d: ts.Diagnostic) => {
      throw new Error(String(d.messageText));
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(libDir, 'tsconfig.lib.json'), {}, host);
  const src = join(libDir, 'src');
  return new Set(
    (parsed?.fileNames ?? [])
      .map((f) => resolve(f))
      .filter((f) => f.startsWith(`${src}/`) && f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => relative(src, f).replace(/\.ts$/, '')),
  );
}

/**
 * dist/ may hold outputs of files deleted or excluded since (tsc never removes them) and the tsbuildinfo; copy
 * only the outputs of files tsconfig.lib.json compiles today, so a stale or test-only module is never published.
 */
function copyDist(libDir: string, stageDir: string): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  const dist = join(libDir, 'dist');
  if (!existsSync(join(dist, 'index.js')))
    throw new Error(`${dist}/index.js is missing: build the libs first`);
  const stems = compiledStems(libDir);
  for (const file of walk(dist)) {
    const rel = relative(dist, file);
    const stem = rel.replace(/(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/, '');
    if (stem === rel || !stems.has(stem)) continue;
    mkdirSync(dirname(join(stageDir, 'dist', rel)), { recursive: true });
    cpSync(file, join(stageDir, 'dist', rel));
  }
}

/** Stages and packs every lib; returns the tarballs in libs/ folder order. */
export function packLibs(options: PackOptions): PackedLib[] {
  const root = options.workspaceRoot ?? WORKSPACE_ROOT;
  const folders = listLibFolders(root);
  const manifests = new Map(
    folders.map((f) => [
      f,
      JSON.parse(readFileSync(join(root, 'libs', f, 'package.json'), 'utf8')) as Json,
    ]),
  );
  const versions = new Map(
    [...manifests.values()].map((m) => [String(m['name']), String(m['version'])]),
  );
  mkdirSync(options.outDir, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'attio-auth-stage-'));
  try {
    return folders.map((folder) => {
      const libDir = join(root, 'libs', folder);
      const stageDir = join(staging, folder);
      mkdirSync(stageDir);
      copyDist(libDir, stageDir);
      cpSync(join(libDir, 'README.md'), join(stageDir, 'README.md'));
      const manifest = publishedManifest(manifests.get(folder) as Json, versions, options);
      writeFileSync(join(stageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const out = execFileSync('npm', ['pack', '--json', '--pack-destination', options.outDir], {
        cwd: stageDir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
      return {
        folder,
        name: String(manifest['name']),
        version: String(manifest['version']),
        tarball: join(options.outDir, info.filename),
        files: info.files.map((f) => f.path),
      };
    });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i === -1 ? undefined : process.argv[i + 1];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(argValue('--out') ?? join(WORKSPACE_ROOT, 'dist', 'packages'));
  if (!process.argv.includes('--skip-build')) buildLibs();
  const packed = packLibs({
    outDir,
    version: argValue('--version'),
    publishable: process.argv.includes('--publishable'),
  });
  for (const p of packed)
    console.log(
      `${p.name}@${p.version}  ${relative(process.cwd(), p.tarball)}  (${p.files.length} files)`,
    );
}
