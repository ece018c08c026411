/**
 * What the consumer test expects of each published lib: the manifest fields a consumer's Node, TypeScript and
 * bundler read, the files in the tarball, a few exports per lib, and the exact output of the consumer run.
 */
import { execFileSync } from 'node:child_process';
import { assertEqual } from './check-runner.js';
import type { PackedLib } from './pack-libs.js';

/** Exports each lib must have (a sample of each lib's public API in its `src/index.ts`, not the full list). */
export const EXPECTED_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  '@attio-auth/app-config': ['ConfigError', 'deepFreeze', 'httpUrl', 'loadConfig'],
  '@attio-auth/attio-errors': [
    'AttioError',
    'ErrorCode',
    'REMEDIES',
    'fromResponse',
    'isTransientError',
    'redact',
  ],
  '@attio-auth/attio-core': [
    'OPERATION_SCOPES',
    'createAttioClient',
    'missingScopes',
    'parseSelfResponse',
    'requiredScopesFor',
  ],
  '@attio-auth/attio-oauth': [
    'buildAuthorizeUrl',
    'completeInstall',
    'createState',
    'exchangeCode',
  ],
  '@attio-auth/connection-store': ['generateKeyRingEntry', 'openConnectionStore', 'parseKeyRing'],
  '@attio-auth/connection-lifecycle': [
    'deleteConnection',
    'estimateBulkDelete',
    'purgeExpired',
    'runRevocationPass',
  ],
  '@attio-auth/attio-events': ['createEvent', 'deliverOnce', 'parseDestinations', 'signWebhook'],
  '@attio-auth/attio-sandbox': ['startSandbox'],
};

/** Exact output of fixtures/public-api.mts run against the in-process sandbox. */
export const EXPECTED_PUBLIC_API_RUN = {
  code: 'ATTIO_RATE_LIMITED',
  reason: 'refused',
  errorCode: 'ATTIO_RATE_LIMITED',
  retryAfterMs: 2000,
  transient: true,
  remedy: true,
  redacted: 'Authorization: Bearer [REDACTED]',
  scopesNeeded: ['object_configuration:read'],
  missing: ['object_configuration:read'],
  installShape: 'grantedScopes',
  health: 'healthy',
  self: { active: true, workspaceName: 'Acme Sandbox', allScopes: true },
  stored: { workspaceId: true, health: 'unknown' },
  storedSelfActive: true,
  badTokenError: 'ATTIO_INVALID_TOKEN_FORMAT',
  authorizeParams: ['client_id', 'redirect_uri', 'response_type', 'state'],
};

interface Manifest {
  name: string;
  type?: string;
  private?: boolean;
  sideEffects?: boolean;
  files?: string[];
  engines?: Record<string, string>;
  types?: string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  nx?: unknown;
}

/** Reads package/package.json out of a tarball without unpacking it. */
export function tarballManifest(tarball: string): Manifest {
  return JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  ) as Manifest;
}

/**
 * The published manifest and file list are right: ESM with `types` first in exports (TypeScript picks the first
 * matching condition), no workspace-only source condition, exact versions for sibling libs, Node ≥ 20.19 (the
 * first 20.x with require(esm) unflagged), side-effect free, and only dist + README (no sources, no specs).
 */
export function checkTarball(lib: PackedLib): void {
  const m = tarballManifest(lib.tarball);
  assertEqual(m.type, 'module', 'type');
  assertEqual(m.types, './dist/index.d.ts', 'types');
  assertEqual(
    m.exports?.['.'],
    { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' },
    'exports["."]',
  );
  assertEqual(m.engines, { node: '>=20.19' }, 'engines');
  assertEqual(m.sideEffects, false, 'sideEffects');
  assertEqual(m.files, ['dist', 'README.md'], 'files');
  assertEqual(m.nx, undefined, 'nx metadata');
  for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
    if (dep.startsWith('@attio-auth/') && !/^\d+\.\d+\.\d+/.test(range))
      throw new Error(`dependency ${dep}@"${range}" is not an exact version`);
  }
  for (const required of [
    'package.json',
    'README.md',
    'dist/index.js',
    'dist/index.d.ts',
    'dist/index.js.map',
    'dist/index.d.ts.map',
  ]) {
    if (!lib.files.includes(required)) throw new Error(`missing ${required}`);
  }
  // Test helpers stay out of the tarball, except a lib's public ./testing entry point (connection-store's
  // contract suite), which is exported on purpose and then ships as dist/testing/.
  const testingEntry = m.exports?.['./testing'];
  if (testingEntry !== undefined) {
    assertEqual(
      testingEntry,
      {
        types: './dist/testing/index.d.ts',
        import: './dist/testing/index.js',
        default: './dist/testing/index.js',
      },
      'exports["./testing"]',
    );
  }
  const unwanted = lib.files.filter(
    (f) =>
      /(^src\/)|\.(spec|test)\.|tsbuildinfo/.test(f) ||
      (/(^|\/)testing\//.test(f) && !(testingEntry !== undefined && f.startsWith('dist/testing/'))),
  );
  if (unwanted.length > 0)
    throw new Error(`ships files it must not: ${unwanted.slice(0, 5).join(', ')}`);
  const js = lib.files.filter((f) => f.endsWith('.js'));
  const noMap = js.filter((f) => !lib.files.includes(`${f}.map`));
  if (noMap.length > 0) throw new Error(`no source map for ${noMap.slice(0, 5).join(', ')}`);
}
