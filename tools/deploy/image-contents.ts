/**
 * What the attio-auth image must not contain, checked on the list of its files (and the text of the
 * files under /app): no secret, no `.env`, no dev key, no local data, no tests or test data, no build
 * stage leftovers, no development dependencies. Pure: the caller lists the image (buildah mount + walk).
 */

/** One entry of the image's file system, as a path from its root. */
export interface ImageEntry {
  readonly path: string;
  readonly type: 'file' | 'dir' | 'symlink' | 'other';
  readonly size: number;
}

/** Files whose text is scanned for secret-looking strings. */
export const SCANNED_ROOT = '/app/';
/** Files larger than this are not scanned (the bundles are far below it). */
export const MAX_SCANNED_BYTES = 8 * 1024 * 1024;

/** The public CA bundle Debian's ca-certificates ships: `.pem` there are certificates, not keys. */
const PUBLIC_CERT_DIRS = [
  '/etc/ssl/certs/',
  '/usr/share/ca-certificates/',
  '/usr/lib/ssl/cert.pem',
];

/** Development-only packages: their presence under a node_modules means dev dependencies shipped. */
const DEV_PACKAGES = [
  'jest',
  'typescript',
  'nx',
  '@nx',
  '@swc',
  'esbuild',
  'eslint',
  'prettier',
  'playwright-core',
  'ts-node',
  '@attio-auth',
];

interface PathRule {
  readonly problem: string;
  readonly test: (path: string, base: string) => boolean;
}

const PATH_RULES: readonly PathRule[] = [
  {
    problem: 'a .env file (config comes from the environment and _FILE mounts)',
    test: (_p, base) => base === '.env' || (base.startsWith('.env.') && base !== '.env.example'),
  },
  {
    problem: 'a key or certificate file outside the public CA bundle',
    test: (p, base) =>
      /\.(pem|key|p12|pfx)$/.test(base) && !PUBLIC_CERT_DIRS.some((d) => p.startsWith(d)),
  },
  { problem: 'a generated dev encryption key', test: (_p, base) => base === 'dev-encryption-key' },
  {
    problem: 'a SQLite database (local data)',
    test: (_p, base) => /\.(sqlite|sqlite-wal|sqlite-shm|sqlite3|db)$/.test(base),
  },
  { problem: 'a test file', test: (_p, base) => /\.(spec|test)\.[cm]?[jt]sx?$/.test(base) },
  {
    problem: 'test data or output',
    test: (p) => /\/(fixtures|__fixtures__|test-output|coverage)(\/|$)/.test(p),
  },
  {
    problem: 'a build-stage leftover (sources, npm cache, workspace)',
    // /root/.npm itself may exist, empty: the mount point of the npm cache buildah mounts into RUN steps.
    test: (p) =>
      /^\/(src|manifests)(\/|$)/.test(p) ||
      p.startsWith('/root/.npm/') ||
      /^\/app\/.*\/\.nx(\/|$)/.test(p),
  },
  {
    problem: 'a development dependency',
    test: (p) =>
      DEV_PACKAGES.some((pkg) => new RegExp(`/node_modules/${pkg.replace('/', '\\/')}$`).test(p)),
  },
];

/** Secret-looking strings: Attio/Stripe-style keys, webhook signing secrets, private keys. */
const SECRET_PATTERNS: readonly { readonly name: string; readonly re: RegExp }[] = [
  { name: 'an sk_ key', re: /\bsk_[A-Za-z0-9]{20,}/ },
  { name: 'a whsec_ signing secret', re: /\bwhsec_[A-Za-z0-9+/=]{16,}/ },
  // A header followed by a base64 body (real line breaks or `\n` escapes in a string): a PEM parser's
  // header check alone (jose's `indexOf("-----BEGIN PRIVATE KEY-----")`) holds no key.
  {
    name: 'a private key',
    re: /-----BEGIN [A-Z ]*PRIVATE KEY-----(?:\s|\\n|\\r)*[A-Za-z0-9+/]{40,}/,
  },
  { name: 'a key ring entry', re: /\b[a-z0-9]{1,20}:[A-Za-z0-9+/]{43}=/ },
];

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

/**
 * The problems of the listed paths, one line each (`<path>: <problem>`); empty when clean.
 *
 * @example
 * ```ts
 * pathProblems([{ path: '/app/.env', type: 'file', size: 10 }]);
 * // ['/app/.env: a .env file (config comes from the environment and _FILE mounts)']
 * ```
 */
export function pathProblems(entries: readonly ImageEntry[]): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    const rule = PATH_RULES.find((r) => r.test(entry.path, baseName(entry.path)));
    if (rule) problems.push(`${entry.path}: ${rule.problem}`);
  }
  return problems;
}

/** The entries whose text {@link secretProblems} scans: regular files under /app, not too large. */
export function scannedEntries(entries: readonly ImageEntry[]): ImageEntry[] {
  return entries.filter(
    (e) => e.type === 'file' && e.path.startsWith(SCANNED_ROOT) && e.size <= MAX_SCANNED_BYTES,
  );
}

/**
 * The secret-looking strings in one file's text, named without the value (`<path>: an sk_ key`).
 *
 * @example
 * ```ts
 * secretProblems('/app/x.js', 'const k = "sk_' + 'a'.repeat(24) + '"'); // ['/app/x.js: an sk_ key']
 * ```
 */
export function secretProblems(path: string, text: string): string[] {
  return SECRET_PATTERNS.filter((p) => p.re.test(text)).map((p) => `${path}: ${p.name}`);
}
