/**
 * Faults phase 3: request rates as the sandbox counts them. One attio-core client (what the apps use
 * for a workspace) fires many reads at once while 30% of them fail with 5xx and are retried; the
 * sandbox's per-token counters must never see more than 100 requests in any one-second window.
 * The health checker's process-wide cap (HEALTH_RATE_LIMIT_PER_SECOND=100) is measured the same way,
 * with one token listed many times in a tokens file so the sandbox can count its egress.
 */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createAttioClient } from '@attio-auth/attio-core';
import type { Sandbox } from '@attio-auth/attio-sandbox';

import { runTokenHealth } from '../shared/app-runners.js';
import { withDeadline } from '../shared/suite-run.js';

/** Per-token peak of one phase (from the sandbox's counters). */
export interface RatePeak {
  readonly label: string;
  readonly requests: number;
  readonly maxPerSecond: number;
  readonly ended: boolean;
  /** The sandbox's id of the token (never the token). */
  readonly tokenId: string;
}

/**
 * Runs `reads` concurrent `GET /v2/objects` through one client under 30% 5xx.
 *
 * @example
 * ```ts
 * const peak = await clientBurst(sandbox, 300);
 * ```
 */
export async function clientBurst(sandbox: Sandbox, reads: number): Promise<RatePeak> {
  const ws = sandbox.admin.createWorkspace({
    name: 'Rate client',
    slug: `rate-client-${Date.now()}`,
  });
  const token = sandbox.admin.createToken({
    workspaceId: ws.id,
    scopes: ['object_configuration:read'],
  });
  sandbox.admin.setFaults([{ path: '/v2/objects', status: 503, rate: 0.3 }]);
  const client = createAttioClient({ token, baseUrl: sandbox.urls.api });
  const done = await withDeadline(
    Promise.allSettled(Array.from({ length: reads }, () => client.get('/v2/objects'))),
    120_000,
  );
  sandbox.admin.clearFaults();
  const counters = sandbox.admin.counters().byToken[sandbox.admin.tokenId(token)];
  return {
    label: `attio-core client, ${reads} reads under 30% 503`,
    requests: counters?.total ?? 0,
    maxPerSecond: counters?.maxPerSecond ?? 0,
    ended: done !== undefined,
    tokenId: sandbox.admin.tokenId(token),
  };
}

/**
 * Runs the health checker over a tokens file listing one token `entries` times.
 *
 * @example
 * ```ts
 * const peak = await healthEgress(sandbox, 250);
 * ```
 */
export async function healthEgress(sandbox: Sandbox, entries: number): Promise<RatePeak> {
  const ws = sandbox.admin.createWorkspace({
    name: 'Rate health',
    slug: `rate-health-${Date.now()}`,
  });
  const token = sandbox.admin.createToken({ workspaceId: ws.id, scopes: [] });
  const dir = mkdtempSync(join(tmpdir(), 'suite-faults-'));
  const file = join(dir, 'tokens.json');
  writeFileSync(
    file,
    JSON.stringify(
      Array.from({ length: entries }, (_, i) => ({
        name: `entry-${i}`,
        token,
        requiredScopes: [],
      })),
    ),
  );
  try {
    const run = await withDeadline(
      runTokenHealth(
        ['--once', '--json', '--skip-store', '--tokens-file', file, '--base-url', sandbox.urls.api],
        {
          env: { HEALTH_RETRIES: '0', LOG_LEVEL: 'silent' },
        },
      ),
      120_000,
    );
    const counters = sandbox.admin.counters().byToken[sandbox.admin.tokenId(token)];
    return {
      label: `health checker, ${entries} checks, HEALTH_RATE_LIMIT_PER_SECOND=100`,
      requests: counters?.total ?? 0,
      maxPerSecond: counters?.maxPerSecond ?? 0,
      ended: run !== undefined,
      tokenId: sandbox.admin.tokenId(token),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
