/**
 * Pure interpretation of `npm audit --json`, `npm ls --json` and the lockfile for the dependencies
 * suite. `npm audit` needs the registry's bulk advisory endpoint; when that cannot be reached (offline,
 * a proxy that refuses POST, a 4xx/5xx) the verdict is "could not run", distinct from "clean".
 */

/** What `npm audit` said. */
export type AuditVerdict =
  | { readonly kind: 'clean'; readonly counts: Readonly<Record<string, number>> }
  | {
      readonly kind: 'vulnerable';
      readonly counts: Readonly<Record<string, number>>;
      readonly advisories: readonly string[];
    }
  | { readonly kind: 'could-not-run'; readonly reason: string };

interface AuditJson {
  error?: { code?: string; summary?: string };
  message?: string;
  statusCode?: number;
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity?: string; via?: unknown[] }>;
}

/**
 * Classifies an audit run (its `--json` stdout and stderr). High or critical advisories make it
 * `vulnerable`; a missing report (network, endpoint error) makes it `could-not-run`.
 *
 * @example
 * ```ts
 * auditVerdict('{"metadata":{"vulnerabilities":{"high":0,"critical":0,"moderate":1}}}', '');
 * // { kind: 'clean', counts: { high: 0, critical: 0, moderate: 1 } }
 * ```
 */
export function auditVerdict(stdout: string, stderr: string): AuditVerdict {
  let json: AuditJson;
  try {
    json = JSON.parse(stdout) as AuditJson;
  } catch {
    return {
      kind: 'could-not-run',
      reason: firstLine(stderr) || 'npm audit printed no JSON report',
    };
  }
  const counts = json.metadata?.vulnerabilities;
  if (counts === undefined) {
    const reason =
      json.message ?? json.error?.summary ?? json.error?.code ?? firstLine(stderr) ?? 'no report';
    return {
      kind: 'could-not-run',
      reason: `${reason}${json.statusCode ? ` (HTTP ${json.statusCode})` : ''}`,
    };
  }
  const serious = (counts['high'] ?? 0) + (counts['critical'] ?? 0);
  if (serious === 0) return { kind: 'clean', counts };
  const advisories = Object.entries(json.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name}: ${v.severity}`);
  return { kind: 'vulnerable', counts, advisories };
}

/**
 * Problems `npm ls --omit=dev --all --json` reports (missing, invalid, extraneous packages).
 *
 * @example
 * ```ts
 * treeProblems('{"problems":["missing: pg@^8, required by app"]}'); // ['missing: pg@^8, required by app']
 * ```
 */
export function treeProblems(stdout: string): string[] {
  try {
    const json = JSON.parse(stdout) as { problems?: string[]; error?: { summary?: string } };
    return [...(json.problems ?? []), ...(json.error?.summary ? [json.error.summary] : [])];
  } catch {
    return ['npm ls printed no JSON'];
  }
}

/**
 * Production packages in the lockfile that run install scripts and are not allowed to by the root
 * package.json `allowScripts` (install scripts run arbitrary code at `npm ci`).
 *
 * @example
 * ```ts
 * unexpectedInstallScripts({ packages: { 'node_modules/x': { hasInstallScript: true } } }, { 'better-sqlite3': true });
 * // ['x runs an install script and is not in allowScripts']
 * ```
 */
export function unexpectedInstallScripts(
  lock: { packages?: Record<string, { hasInstallScript?: boolean; dev?: boolean }> },
  allowScripts: Record<string, boolean>,
): string[] {
  return Object.entries(lock.packages ?? {})
    .filter(([path, p]) => path !== '' && p.hasInstallScript === true && p.dev !== true)
    .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    .filter((name) => allowScripts[name] !== true)
    .map((name) => `${name} runs an install script and is not in allowScripts`);
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}
