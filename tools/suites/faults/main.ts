/**
 * `npm run suite:faults [-- --full]`: the callback flow, the health checker and an attio-core client
 * under sandbox faults (429 storms, 30% 5xx, connection resets, 2 s latency, hangs), and the callback
 * service while another process holds the SQLite write lock (sqlite-faults.ts).
 * Checks: no install stored half-way; every failure shown with a known code; no transient failure
 * classified as revoked; no client above 100 requests/s at the sandbox; every run ends.
 * Quick: 6 installs per scenario on SQLite, health rounds over 20 connections on PostgreSQL.
 * Full: 20 installs per scenario and 60 connections, both drivers for both.
 * Alert hygiene (incident-faults.ts): an Attio 503 outage over 1,000 connections gives exactly one
 * `attio.unreachable` and one `attio.reachable`, no per-connection event but the `health.broken` of
 * tokens revoked during it (quick: two outage rounds on SQLite; full: a 30 s outage, both drivers).
 * With PostgreSQL reachable, also postgres-faults.ts: a server that accepts TCP and never answers, and
 * a table locked for 60 s by a second client (each reports its measured bounded time).
 */
import { ErrorCode } from '@attio-auth/attio-errors';
import { startSandbox } from '@attio-auth/attio-sandbox';
import { ServiceFailureCode } from '@attio-auth/oauth-callback';

import { postgresState } from '../shared/postgres.js';
import { runSuite } from '../shared/suite-run.js';
import { CALLBACK_SCENARIOS, runCallbackFaults, type CallbackEvidence } from './callback-faults.js';
import {
  failuresWithoutCode,
  halfInstalls,
  misclassified,
  rateViolations,
  tally,
  unendedRuns,
} from './checks.js';
import { clientBurst, healthEgress, type RatePeak } from './client-rate.js';
import { runHealthFaults, type HealthEvidence } from './health-faults.js';
import { incidentViolations, runIncidentFaults } from './incident-faults.js';
import { reportPostgresFaults } from './postgres-faults.js';
import { reportSqliteLocked } from './sqlite-faults.js';

const KNOWN_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  ...Object.values(ServiceFailureCode),
]);
const READS_PER_SECOND = 100;

await runSuite(
  'faults',
  { quickLimitMs: 240_000, fullLimitMs: 900_000 },
  async (report, options) => {
    const pg = await postgresState();
    const pgRequired = options.full || process.env['REQUIRE_PG'] === '1';
    if (!pg.ok) report.couldNotRun('PostgreSQL phases', pg.reason, pgRequired);
    const callbackDrivers: ('sqlite' | 'postgres')[] =
      options.full && pg.ok ? ['sqlite', 'postgres'] : ['sqlite'];
    const healthDrivers: ('sqlite' | 'postgres')[] = options.full
      ? pg.ok
        ? ['sqlite', 'postgres']
        : ['sqlite']
      : [pg.ok ? 'postgres' : 'sqlite'];

    const sandbox = await startSandbox({});
    try {
      const callbacks: CallbackEvidence[] = [];
      for (const driver of callbackDrivers) {
        const evidence = await runCallbackFaults(sandbox, driver, options.full ? 20 : 6);
        callbacks.push(evidence);
        for (const scenario of CALLBACK_SCENARIOS) {
          const mine = evidence.installs.filter((i) => i.scenario === `${driver}/${scenario.name}`);
          const ok = mine.filter((i) => i.status === 200).length;
          report.figure(
            `callback ${driver} · ${scenario.name}`,
            `${mine.length} installs in ${((evidence.durationsMs.get(scenario.name) ?? 0) / 1000).toFixed(1)} s: ${ok} stored, ` +
              `failures shown as ${tally(mine.filter((i) => i.status !== 200).map((i) => `${i.status ?? 'none'} ${i.shownCode ?? '-'}`))}`,
          );
        }
      }
      const installs = callbacks.flatMap((c) => c.installs);
      const stored = new Map(callbacks.flatMap((c) => [...c.stored.entries()]));
      report.expectNone(
        'no install stored half-way',
        halfInstalls(installs, stored),
        `${installs.length} installs compared with ${stored.size} stored rows, each token decrypted and checked at the sandbox`,
      );
      report.expectNone(
        'every failure shown to the user with a known code',
        failuresWithoutCode(installs, KNOWN_CODES),
        `${installs.filter((i) => i.status !== 200).length} failed installs, JSON and HTML answers`,
      );

      const health: HealthEvidence[] = [];
      for (const driver of healthDrivers) {
        const evidence = await runHealthFaults(sandbox, driver, options.full ? 60 : 20);
        health.push(evidence);
        for (const round of evidence.rounds) {
          report.figure(
            `health ${round.label}`,
            `${round.checks} checks in ${(round.durationMs / 1000).toFixed(1)} s, exit ${round.exitCode ?? 'none'}: ${tally(round.statuses)}`,
          );
        }
        report.expect(
          `health control round on ${driver}: a revoked token is still reported revoked`,
          evidence.controlRevoked === 'revoked',
          'no faults, one of the tokens revoked at the sandbox',
          `the revoked token was classified ${evidence.controlRevoked ?? '(not checked)'}`,
        );
      }
      const verdicts = health.flatMap((h) => h.verdicts);
      report.expectNone(
        'health checker classifies no transient failure as revoked (or any other problem)',
        misclassified(verdicts),
        `${verdicts.length} verdicts on valid tokens under faults`,
      );
      const rounds = health.flatMap((h) => h.rounds);
      const expectedChecks = health.flatMap((h) => h.rounds.map((r) => ({ r, n: h.connections })));
      report.expectNone(
        'every health round checks every connection and exits 0 or 2',
        expectedChecks
          .filter(
            ({ r, n }) => r.ended && (r.checks !== n || (r.exitCode !== 0 && r.exitCode !== 2)),
          )
          .map(({ r, n }) => `${r.label}: ${r.checks}/${n} checks, exit ${r.exitCode}`),
        `${rounds.length} rounds`,
      );

      const incidentDrivers: ('sqlite' | 'postgres')[] =
        options.full && pg.ok ? ['sqlite', 'postgres'] : ['sqlite'];
      for (const driver of incidentDrivers) {
        const evidence = await runIncidentFaults(sandbox, driver, 1000, {
          outageMs: options.full ? 30_000 : 0,
        });
        for (const round of evidence.rounds)
          report.figure(
            `incident ${driver} · ${round.label}`,
            `${round.checked} checks in ${(round.durationMs / 1000).toFixed(1)} s, ${round.suppressed} suppressed, ` +
              `incident ${round.incident ? (round.incident.recovered ? 'recovered' : round.incident.open ? (round.incident.opened ? 'opened' : 'open') : 'none') : '?'}`,
          );
        report.figure(
          `incident ${driver} · events in the store`,
          `${Object.entries(evidence.eventCounts)
            .map(([type, n]) => `${type} ${n}`)
            .join(', ')} (503 outage ${(evidence.outageMs / 1000).toFixed(1)} s)`,
        );
        report.expectNone(
          `incident ${driver}: one attio.unreachable and one attio.reachable per outage, no per-connection event but the revokes' health.broken`,
          incidentViolations(evidence),
          `${evidence.connections} connections, ${evidence.rounds.length} rounds, ${evidence.revoked.length} tokens revoked during the outage; events counted in the store's events table`,
        );
      }

      const peaks: RatePeak[] = [
        await clientBurst(sandbox, options.full ? 1000 : 300),
        await healthEgress(sandbox, options.full ? 500 : 250),
      ];
      for (const p of peaks) {
        report.figure(
          `rate · ${p.label}`,
          `${p.requests} requests, peak ${p.maxPerSecond} in one second (sandbox counters)`,
        );
        report.expectNone(
          `rate · ${p.label}: at most ${READS_PER_SECOND} requests in any one second`,
          p.maxPerSecond > READS_PER_SECOND
            ? [
                `peak ${p.maxPerSecond} requests in one second at the sandbox (limit ${READS_PER_SECOND})`,
              ]
            : [],
          'one token, counted by the sandbox',
        );
      }
      await reportSqliteLocked(sandbox, report);

      const counters = sandbox.admin.counters();
      const others = {
        byToken: Object.fromEntries(
          Object.entries(counters.byToken).filter(([id]) => !peaks.some((p) => p.tokenId === id)),
        ),
      };
      report.figure(
        'rate · highest per-token requests in any one second, other tokens',
        Math.max(0, ...Object.values(others.byToken).map((c) => c.maxPerSecond)),
      );
      report.expectNone(
        `no other client exceeds ${READS_PER_SECOND} requests/s at the sandbox`,
        rateViolations(others, READS_PER_SECOND),
        `${Object.keys(others.byToken).length} tokens (installs, health checks) counted by the sandbox`,
      );

      report.expectNone(
        'every run ends',
        unendedRuns([
          ...installs.map((i) => ({
            label: `install ${i.scenario} ${i.workspaceId}`,
            ended: i.ended,
          })),
          ...rounds.map((r) => ({ label: `health round ${r.label}`, ended: r.ended })),
          ...peaks.map((p) => ({ label: p.label, ended: p.ended })),
        ]),
        `${installs.length} installs, ${rounds.length} health rounds, ${peaks.length} rate runs, each under a deadline`,
      );
      if (pg.ok) await reportPostgresFaults(report, sandbox);
    } finally {
      await sandbox.close();
    }
  },
);
