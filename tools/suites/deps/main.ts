/**
 * `npm run suite:deps [-- --full]`: `npm audit --omit=dev --audit-level=high` must report no high or
 * critical advisory. `--audit` is passed explicitly because a user npmrc may set audit=false. When
 * the registry's advisory endpoint cannot be reached, the suite says "could not run": a SKIP in quick
 * mode (CI without registry access still runs the offline checks), a FAILED check in full mode.
 * Offline checks: the production tree is complete (`npm ls`), and no production package runs an
 * install script unless the root package.json allows it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from '../shared/app-runners.js';
import { runSuite } from '../shared/suite-run.js';
import { auditVerdict, treeProblems, unexpectedInstallScripts } from './audit-verdict.js';

function npm(args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
} {
  const started = performance.now();
  const r = spawnSync('npm', args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {
    status: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    ms: performance.now() - started,
  };
}

await runSuite('deps', { quickLimitMs: 180_000, fullLimitMs: 300_000 }, async (report, options) => {
  const audit = npm(['audit', '--omit=dev', '--audit-level=high', '--audit', '--json']);
  const verdict = auditVerdict(audit.stdout, audit.stderr);
  report.figure(
    'npm audit',
    `exit ${audit.status} in ${(audit.ms / 1000).toFixed(1)} s → ${verdict.kind}${verdict.kind === 'could-not-run' ? `: ${verdict.reason}` : `: ${JSON.stringify(verdict.counts)}`}`,
  );
  if (verdict.kind === 'could-not-run') {
    report.couldNotRun(
      'npm audit --omit=dev: no high or critical advisories',
      verdict.reason,
      options.full,
    );
  } else {
    report.expectNone(
      'npm audit --omit=dev: no high or critical advisories',
      verdict.kind === 'vulnerable' ? verdict.advisories : [],
      'advisories at high or critical',
    );
  }
  const ls = npm(['ls', '--omit=dev', '--all', '--json']);
  const problems = treeProblems(ls.stdout);
  report.figure('npm ls --omit=dev --all', `exit ${ls.status}, ${problems.length} problems`);
  report.expectNone(
    'production dependency tree is complete and valid',
    problems,
    'npm ls --omit=dev --all',
  );
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    allowScripts?: Record<string, boolean>;
  };
  const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as Parameters<
    typeof unexpectedInstallScripts
  >[0];
  const prod = Object.entries(lock.packages ?? {}).filter(
    ([path, p]) => path.startsWith('node_modules/') && !(p as { dev?: boolean }).dev,
  ).length;
  report.figure('production packages in the lockfile', prod);
  report.expectNone(
    'no production package runs an install script unless allowed',
    unexpectedInstallScripts(lock, pkg.allowScripts ?? {}),
    'package-lock.json hasInstallScript vs allowScripts',
  );
});
