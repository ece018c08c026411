/**
 * Faults phase: an Attio outage over many connections, as alert hygiene must handle it. The sandbox
 * answers 503 on /v2/self for several rounds of `attio-token-health --once --json` (in process) over
 * 1,000 stored connections; in the last outage round Attio answers again for the tail of the round,
 * where some tokens were really revoked meanwhile; then the outage ends. The events are counted from
 * the store's events table: exactly one `attio.unreachable`, one `attio.reachable`, a `health.broken`
 * for each revoked token, and no other per-connection event.
 *
 * The outage is a short real window: the rounds run back to back while the fault is on (quick: 2
 * rounds; full: every round that starts within 30 s, the outage), each round checks every
 * connection, so the store sees the same sequence a 30-second outage under a busy schedule gives.
 */
import type { Sandbox } from '@attio-auth/attio-sandbox';
import type { ConnectionStore } from '@attio-auth/connection-store';

import { runTokenHealth, type CliRun } from '../shared/app-runners.js';
import { createSuiteStore } from '../shared/suite-store.js';
import { withDeadline } from '../shared/suite-run.js';

const ROUND_DEADLINE_MS = 120_000;
/** Revoked during the outage, among the connections checked last (where Attio answers again). */
const REVOKED = 10;
/** The last requests of the partial round that Attio answers. */
const ANSWERED_TAIL = 100;

/** One round's `--json` summary line, as far as this phase reads it. */
export interface IncidentRound {
  readonly label: string;
  readonly ended: boolean;
  readonly exitCode: number | undefined;
  readonly durationMs: number;
  readonly checked: number;
  readonly suppressed: number;
  readonly counts: Record<string, number>;
  readonly incident: { open: boolean; opened: boolean; recovered: boolean } | undefined;
}

/** Evidence of the incident phase on one driver. */
export interface IncidentEvidence {
  readonly driver: 'sqlite' | 'postgres';
  readonly connections: number;
  readonly rounds: IncidentRound[];
  /** Wall time the 503 fault was on. */
  readonly outageMs: number;
  /** Event counts by type in the store, `connection.*` (the seeding) left out. */
  readonly eventCounts: Record<string, number>;
  /** Workspaces of per-connection (`health.*`) events, by type. */
  readonly perConnection: Record<string, string[]>;
  /** The workspaces whose tokens were revoked during the outage. */
  readonly revoked: string[];
}

/**
 * Seeds `connections` workspaces with active tokens and runs the outage.
 *
 * @example
 * ```ts
 * const evidence = await runIncidentFaults(sandbox, 'sqlite', 1000, { outageMs: 0 });
 * ```
 */
export async function runIncidentFaults(
  sandbox: Sandbox,
  driver: 'sqlite' | 'postgres',
  connections: number,
  options: { readonly outageMs: number },
): Promise<IncidentEvidence> {
  const location = await createSuiteStore(driver, 'suite_incident');
  const store = await location.open();
  const tokens = new Map<string, string>();
  const rounds: IncidentRound[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const ws = sandbox.admin.createWorkspace({
        name: `Incident ${driver} ${i}`,
        slug: `incident-${driver}-${Date.now()}-${i}`,
      });
      const token = sandbox.admin.createToken({ workspaceId: ws.id, scopes: [] });
      tokens.set(ws.id, token);
      await store.saveConnection({ workspaceId: ws.id, scopes: [], token });
    }
    const env = {
      TOKEN_ENCRYPTION_KEYS: location.keys,
      HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
      // One attempt per check: each 503 is one failed check (retries only lengthen the round).
      HEALTH_RETRIES: '0',
      HEALTH_TIMEOUT_MS: '3000',
      // The cap is per process and Attio's limit is per token: 1,000 tokens, one request each.
      HEALTH_RATE_LIMIT_PER_SECOND: '5000',
      LOG_LEVEL: 'silent',
    };
    const argv = ['--once', '--json', '--concurrency', '16', '--base-url', sandbox.urls.api];
    const openStore = () => location.open({ poolSize: 18 });
    const round = async (label: string) => {
      const result = await withDeadline(
        runTokenHealth(argv, { env, openStore }),
        ROUND_DEADLINE_MS,
      );
      rounds.push(roundOf(label, result?.value));
    };

    const outageStart = Date.now();
    sandbox.admin.setFaults([{ path: '/v2/self', status: 503 }]);
    let n = 0;
    do {
      n += 1;
      await round(`outage round ${n}`);
    } while (Date.now() - outageStart < options.outageMs || n < 2);

    // The outage's last round: Attio answers the last requests again, and the connections checked
    // last (the lease follows the last check time) had their tokens revoked meanwhile.
    const order = (await listAll(store))
      .sort(
        (a, b) =>
          (a.lastCheckedAt ?? 0) - (b.lastCheckedAt ?? 0) ||
          (a.workspaceId < b.workspaceId ? -1 : 1),
      )
      .map((c) => c.workspaceId);
    const revoked = order.slice(-REVOKED);
    for (const ws of revoked) sandbox.admin.revokeToken(tokens.get(ws) as string);
    sandbox.admin.setFaults([
      { path: '/v2/self', status: 503, times: Math.max(0, connections - ANSWERED_TAIL) },
    ]);
    await round('outage ending, revokes answered');
    sandbox.admin.clearFaults();
    const outageMs = Date.now() - outageStart;
    await round('after the outage');
    await round('next round');

    const events = await allEvents(store);
    const eventCounts: Record<string, number> = {};
    const perConnection: Record<string, string[]> = {};
    for (const e of events) {
      if (e.type.startsWith('connection.')) continue;
      eventCounts[e.type] = (eventCounts[e.type] ?? 0) + 1;
      if (e.workspaceId !== null) (perConnection[e.type] ??= []).push(e.workspaceId);
    }
    for (const ws of revoked) sandbox.admin.restoreToken(tokens.get(ws) as string);
    return { driver, connections, rounds, outageMs, eventCounts, perConnection, revoked };
  } finally {
    sandbox.admin.clearFaults();
    await store.close();
    await location.remove();
  }
}

function roundOf(label: string, run: CliRun | undefined): IncidentRound {
  if (!run) {
    return {
      label,
      ended: false,
      exitCode: undefined,
      durationMs: ROUND_DEADLINE_MS,
      checked: 0,
      suppressed: 0,
      counts: {},
      incident: undefined,
    };
  }
  const summary = run.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .find((l) => l['type'] === 'summary') as
    | {
        checked: number;
        suppressed: number;
        counts: Record<string, number>;
        incident: IncidentRound['incident'];
      }
    | undefined;
  return {
    label,
    ended: true,
    exitCode: run.exitCode,
    durationMs: run.durationMs,
    checked: summary?.checked ?? 0,
    suppressed: summary?.suppressed ?? 0,
    counts: summary?.counts ?? {},
    incident: summary?.incident,
  };
}

async function listAll(store: ConnectionStore) {
  const out: { workspaceId: string; lastCheckedAt: number | null }[] = [];
  for await (const c of store.iterateConnections({ batchSize: 500 }))
    out.push({
      workspaceId: c.workspaceId,
      lastCheckedAt: c.health.lastCheckedAt?.getTime() ?? null,
    });
  return out;
}

/** Every event in the store, oldest first (keyset pages by seq). */
async function allEvents(store: ConnectionStore) {
  const out: Awaited<ReturnType<ConnectionStore['listEvents']>> = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await store.listEvents({ limit: 500, ...(beforeSeq ? { beforeSeq } : {}) });
    out.push(...page);
    if (page.length < 500) break;
    beforeSeq = (page[page.length - 1] as { seq: number }).seq;
  }
  return out.reverse();
}

/**
 * The violations of the phase's expectations: one unreachable, one reachable, one `health.broken`
 * per revoked token and no other per-connection event. Pure.
 *
 * @example
 * ```ts
 * report.expectNone('one incident per outage', incidentViolations(evidence), '1,000 connections');
 * ```
 */
export function incidentViolations(evidence: IncidentEvidence): string[] {
  const v: string[] = [];
  const count = (type: string) => evidence.eventCounts[type] ?? 0;
  if (count('attio.unreachable') !== 1)
    v.push(`${count('attio.unreachable')} attio.unreachable events (expected 1)`);
  if (count('attio.reachable') !== 1)
    v.push(`${count('attio.reachable')} attio.reachable events (expected 1)`);
  const broken = [...(evidence.perConnection['health.broken'] ?? [])].sort();
  const revoked = [...evidence.revoked].sort();
  if (JSON.stringify(broken) !== JSON.stringify(revoked))
    v.push(
      `health.broken for ${broken.length} workspaces, expected exactly the ${revoked.length} revoked ones`,
    );
  for (const [type, list] of Object.entries(evidence.perConnection))
    if (type !== 'health.broken') v.push(`${list.length} ${type} events (expected none)`);
  for (const r of evidence.rounds) {
    if (!r.ended) v.push(`${r.label}: did not end within ${ROUND_DEADLINE_MS / 1000} s`);
    else if (r.checked !== evidence.connections)
      v.push(`${r.label}: ${r.checked}/${evidence.connections} checks`);
  }
  return v;
}
