/**
 * Faults phase 1: scripted installs through the real callback service (in process, real sockets,
 * fresh store) while the sandbox injects faults on the token endpoint and /v2/self. Collects what
 * the user was shown and what the store holds afterwards.
 */
import { parseSelfResponse } from '@attio-auth/attio-core';
import type { FaultRule, Sandbox } from '@attio-auth/attio-sandbox';
import { startCallbackHarness } from '@attio-auth/oauth-callback/testing';
import { runInstall } from '@attio-auth/oauth-callback/testing';

import { mapConcurrent, withDeadline } from '../shared/suite-run.js';
import { shownCodeOf, type InstallEvidence, type StoredEvidence } from './checks.js';

/** A named set of sandbox fault rules. */
export interface FaultScenario {
  readonly name: string;
  readonly rules: readonly FaultRule[];
}

/** The callback service's Attio timeout in this suite: long enough for 2 s latency, short enough for hangs. */
export const CALLBACK_TIMEOUT_MS = 3000;
const INSTALL_DEADLINE_MS = 30_000;

export const CALLBACK_SCENARIOS: readonly FaultScenario[] = [
  { name: 'token endpoint 429 storm', rules: [{ path: '/oauth/token', rateLimitStorm: true }] },
  {
    name: '30% 5xx on token endpoint and /v2/self',
    rules: [
      { path: '/oauth/token', status: 503, rate: 0.3 },
      { path: '/v2/self', status: 500, rate: 0.3 },
    ],
  },
  {
    name: 'connection resets (50%)',
    rules: [
      { path: '/oauth/token', reset: true, rate: 0.5 },
      { path: '/v2/self', reset: true, rate: 0.5 },
    ],
  },
  { name: '2 s latency on token endpoint', rules: [{ path: '/oauth/token', latencyMs: 2000 }] },
  { name: 'token endpoint hangs', rules: [{ path: '/oauth/token', hang: true }] },
  { name: '/v2/self 429 storm', rules: [{ path: '/v2/self', rateLimitStorm: true }] },
];

/** Evidence of phase 1 on one driver. */
export interface CallbackEvidence {
  readonly installs: InstallEvidence[];
  readonly stored: Map<string, StoredEvidence>;
  readonly durationsMs: Map<string, number>;
}

/**
 * Runs `perScenario` installs per scenario (6 at a time, alternating JSON and HTML answers) and
 * inspects the store afterwards with faults cleared.
 *
 * @example
 * ```ts
 * const evidence = await runCallbackFaults(sandbox, 'sqlite', 6);
 * ```
 */
export async function runCallbackFaults(
  sandbox: Sandbox,
  driver: 'sqlite' | 'postgres',
  perScenario: number,
): Promise<CallbackEvidence> {
  const service = await startCallbackHarness({
    sandbox,
    driver,
    env: { ATTIO_TIMEOUT_MS: String(CALLBACK_TIMEOUT_MS), LOG_LEVEL: 'warn' },
  });
  const installs: InstallEvidence[] = [];
  const durationsMs = new Map<string, number>();
  try {
    for (const scenario of CALLBACK_SCENARIOS) {
      sandbox.admin.setFaults(scenario.rules);
      const started = performance.now();
      const slots = Array.from({ length: perScenario }, (_, i) => i);
      const results = await mapConcurrent(slots, 6, async (i) => {
        const ws = sandbox.admin.createWorkspace({
          name: `Faults ${driver} ${scenario.name} ${i}`,
          slug: `faults-${driver}-${Date.now()}-${i}`,
        });
        const accept = i % 2 === 0 ? 'application/json' : 'text/html';
        const outcome = await withDeadline(
          runInstall(service.url, { workspaceId: ws.id, accept }).then(
            ({ result }) => ({
              status: result.status,
              shownCode: result.status === 200 ? undefined : shownCodeOf(result.body),
            }),
            (err: unknown) => ({
              status: undefined,
              shownCode: undefined,
              driverError: (err as Error).message,
            }),
          ),
          INSTALL_DEADLINE_MS,
        );
        const evidence: InstallEvidence = outcome
          ? {
              scenario: `${driver}/${scenario.name}`,
              workspaceId: ws.id,
              ended: true,
              ...defined(outcome.value),
            }
          : { scenario: `${driver}/${scenario.name}`, workspaceId: ws.id, ended: false };
        return evidence;
      });
      installs.push(...results);
      durationsMs.set(scenario.name, performance.now() - started);
    }
    sandbox.admin.clearFaults();
    const stored = new Map<string, StoredEvidence>();
    for await (const c of service.store.iterateConnections({ batchSize: 500 })) {
      let token: string | undefined;
      try {
        token = await service.store.getToken(c.workspaceId);
      } catch {
        token = undefined;
      }
      const works = token !== undefined && (await tokenWorksFor(sandbox, token, c.workspaceId));
      stored.set(c.workspaceId, {
        workspaceId: c.workspaceId,
        decrypts: token !== undefined,
        works,
      });
    }
    return { installs, stored, durationsMs };
  } finally {
    sandbox.admin.clearFaults();
    await service.close();
  }
}

/** True when the sandbox says `token` is active for `workspaceId`. */
export async function tokenWorksFor(
  sandbox: Sandbox,
  token: string,
  workspaceId: string,
): Promise<boolean> {
  const res = await fetch(`${sandbox.urls.api}/v2/self`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) return false;
  const self = parseSelfResponse(await res.json());
  return self.active && self.workspaceId === workspaceId;
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
