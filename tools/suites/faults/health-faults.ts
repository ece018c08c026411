/**
 * Faults phase 2: the health checker (`attio-token-health --once --json`, in process) over a store of
 * valid, active tokens while the sandbox injects faults on /v2/self. Every verdict other than
 * `healthy` or `failed_to_check` is a misclassification. A control round without faults, with one
 * token revoked, shows the same pipeline does report `revoked` when it is true.
 */
import type { Sandbox } from '@attio-auth/attio-sandbox';

import { healthChecks, runTokenHealth } from '../shared/app-runners.js';
import { createSuiteStore } from '../shared/suite-store.js';
import { withDeadline } from '../shared/suite-run.js';
import type { HealthVerdict } from './checks.js';
import type { FaultScenario } from './callback-faults.js';

const HEALTH_TIMEOUT_MS = 3000;
const ROUND_DEADLINE_MS = 90_000;

export const HEALTH_SCENARIOS: readonly FaultScenario[] = [
  { name: '/v2/self 429 storm', rules: [{ path: '/v2/self', rateLimitStorm: true }] },
  {
    name: '30% 5xx on /v2/self',
    rules: [
      { path: '/v2/self', status: 503, rate: 0.15 },
      { path: '/v2/self', status: 500, rate: 0.15 },
    ],
  },
  { name: 'connection resets (40%)', rules: [{ path: '/v2/self', reset: true, rate: 0.4 }] },
  { name: '2 s latency', rules: [{ path: '/v2/self', latencyMs: 2000 }] },
  { name: '/v2/self hangs', rules: [{ path: '/v2/self', hang: true }] },
  { name: 'all 502', rules: [{ path: '/v2/self', status: 502 }] },
];

/** Evidence of phase 2 on one driver. */
export interface HealthEvidence {
  readonly verdicts: HealthVerdict[];
  readonly rounds: {
    label: string;
    ended: boolean;
    exitCode: number | undefined;
    checks: number;
    durationMs: number;
    statuses: string[];
  }[];
  /** Verdict of the revoked token in the control round (expected `revoked`). */
  readonly controlRevoked: string | undefined;
  readonly connections: number;
}

/**
 * Seeds `connections` workspaces with active tokens, then runs one health round per scenario.
 *
 * @example
 * ```ts
 * const evidence = await runHealthFaults(sandbox, 'postgres', 20);
 * ```
 */
export async function runHealthFaults(
  sandbox: Sandbox,
  driver: 'sqlite' | 'postgres',
  connections: number,
): Promise<HealthEvidence> {
  const location = await createSuiteStore(driver, 'suite_faults');
  const seed = await location.open();
  const tokens = new Map<string, string>();
  try {
    for (let i = 0; i < connections; i++) {
      const ws = sandbox.admin.createWorkspace({
        name: `Health ${driver} ${i}`,
        slug: `health-${driver}-${Date.now()}-${i}`,
      });
      const token = sandbox.admin.createToken({ workspaceId: ws.id, scopes: [] });
      tokens.set(ws.id, token);
      await seed.saveConnection({ workspaceId: ws.id, scopes: [], token });
    }
  } finally {
    await seed.close();
  }
  const env = {
    TOKEN_ENCRYPTION_KEYS: location.keys,
    HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
    HEALTH_TIMEOUT_MS: String(HEALTH_TIMEOUT_MS),
    HEALTH_RETRIES: '1',
    LOG_LEVEL: 'silent',
  };
  const argv = ['--once', '--json', '--concurrency', '16', '--base-url', sandbox.urls.api];
  const openStore = () => location.open({ poolSize: 18 });
  const verdicts: HealthVerdict[] = [];
  const rounds: HealthEvidence['rounds'] = [];
  try {
    for (const scenario of HEALTH_SCENARIOS) {
      sandbox.admin.setFaults(scenario.rules);
      const label = `${driver}/${scenario.name}`;
      const result = await withDeadline(
        runTokenHealth(argv, { env, openStore }),
        ROUND_DEADLINE_MS,
      );
      sandbox.admin.clearFaults();
      if (!result) {
        rounds.push({
          label,
          ended: false,
          exitCode: undefined,
          checks: 0,
          durationMs: ROUND_DEADLINE_MS,
          statuses: [],
        });
        continue;
      }
      const checks = healthChecks(result.value);
      for (const c of checks)
        verdicts.push({
          scenario: label,
          target: c.workspaceId ?? c.name ?? '?',
          status: c.status,
          errorCode: c.errorCode,
        });
      rounds.push({
        label,
        ended: true,
        exitCode: result.value.exitCode,
        checks: checks.length,
        durationMs: result.value.durationMs,
        statuses: checks.map((c) => (c.errorCode ? `${c.status}:${c.errorCode}` : c.status)),
      });
    }
    // Control: no faults, one token really revoked.
    const [revokedWs, revokedToken] = [...tokens.entries()][0] as [string, string];
    sandbox.admin.revokeToken(revokedToken);
    const control = await withDeadline(runTokenHealth(argv, { env, openStore }), ROUND_DEADLINE_MS);
    sandbox.admin.restoreToken(revokedToken);
    const controlRevoked = control
      ? healthChecks(control.value).find((c) => c.workspaceId === revokedWs)?.status
      : undefined;
    return { verdicts, rounds, controlRevoked, connections };
  } finally {
    sandbox.admin.clearFaults();
    await location.remove();
  }
}
