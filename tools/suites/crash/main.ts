/**
 * `npm run suite:crash [-- --full]`: the callback service runs as a real child process; while 8
 * scripted browsers install concurrently, it is killed with SIGKILL at a random moment, then started
 * again on the same store; on SQLite and on PostgreSQL (fresh file / schema per run).
 * Quick: 4 kills per driver; full: 20 per driver.
 * Checks: every install answered as a success is present and decrypts; no partial rows; the service
 * starts again on the same store every time.
 * Then `attio-auth rotate-keys` over 10,000 rows, killed with SIGKILL at a random point 5 times and
 * re-run: every row decrypts with the new key, none lost, none half-written (rotate-keys-crash.ts).
 * Then the event outbox: the delivering process is killed with SIGKILL 20 times during deliveries:
 * every event delivered at least once, duplicates with the same webhook-id, none invented (outbox-crash.ts).
 * `--outbox-only` runs the outbox case alone (after a change to the outbox or the delivery worker).
 */
import { defaultSleep } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import { runInstall } from '@attio-auth/oauth-callback/testing';

import { seededRandom } from '../bad-input/generate.js';
import { tokenWorksFor } from '../faults/callback-faults.js';
import { postgresState } from '../shared/postgres.js';
import { createSuiteStore } from '../shared/suite-store.js';
import { runSuite } from '../shared/suite-run.js';
import type { SuiteReport } from '../shared/suite-report.js';
import {
  failedStarts,
  lostInstalls,
  partialRows,
  type RowEvidence,
  type StartEvidence,
} from './checks.js';
import { crashOutbox } from './outbox-crash.js';
import { crashRotateKeys } from './rotate-keys-crash.js';
import { freePort, spawnService, waitReady, type ServiceProcess } from './service-process.js';

const LANES = 8;
const READY_TIMEOUT_MS = 90_000;

await runSuite(
  'crash',
  { quickLimitMs: 720_000, fullLimitMs: 2_400_000 },
  async (report, options) => {
    const kills = options.full ? 20 : 4;
    const outboxOnly = options.rest.includes('--outbox-only');
    const pg = await postgresState();
    const drivers: ('sqlite' | 'postgres')[] = ['sqlite'];
    if (pg.ok) drivers.push('postgres');
    else
      report.couldNotRun(
        'crash on PostgreSQL',
        pg.reason,
        options.full || process.env['REQUIRE_PG'] === '1',
      );
    if (!outboxOnly) await installsAndRotation(report, drivers, kills);
    for (const driver of drivers) {
      const location = await createSuiteStore(driver, 'suite_outbox');
      try {
        await crashOutbox(report, location, {
          events: options.full ? 2_000 : 300,
          kills: 20,
          random: seededRandom(Number(process.env['SUITE_SEED'] ?? 11) + 2),
        });
      } finally {
        await location.remove();
      }
    }
  },
);

/** The installs under SIGKILL, then rotate-keys under SIGKILL, on each driver. */
async function installsAndRotation(
  report: SuiteReport,
  drivers: readonly ('sqlite' | 'postgres')[],
  kills: number,
): Promise<void> {
  const sandbox = await startSandbox({ rateLimit: false });
  // A little latency on Attio's side keeps installs in flight between the exchange and the save.
  sandbox.admin.setFaults([{ path: '/v2/self', latencyMs: { min: 5, max: 60 } }]);
  try {
    for (const driver of drivers)
      await crashDriver(report, sandbox, driver, kills, Number(process.env['SUITE_SEED'] ?? 11));
  } finally {
    await sandbox.close();
  }
  for (const driver of drivers) {
    const location = await createSuiteStore(driver, 'suite_rotate');
    try {
      await crashRotateKeys(report, location, {
        rows: 10_000,
        kills: 5,
        random: seededRandom(Number(process.env['SUITE_SEED'] ?? 11) + 1),
      });
    } finally {
      await location.remove();
    }
  }
}

async function crashDriver(
  report: SuiteReport,
  sandbox: Sandbox,
  driver: 'sqlite' | 'postgres',
  kills: number,
  seed: number,
): Promise<void> {
  const location = await createSuiteStore(driver, 'suite_crash');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, `${url}/oauth/callback`);
  const env = sandboxEnv(sandbox, {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_BASE_URL: url,
    TOKEN_ENCRYPTION_KEYS: location.keys,
    DATABASE_URL: location.databaseUrl,
    RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL: 'warn',
  });
  const random = seededRandom(seed);
  const starts: StartEvidence[] = [];
  const answeredSuccess: string[] = [];
  let attempted = 0;
  let cutShort = 0;
  let service: ServiceProcess | undefined;
  try {
    for (let round = 0; round <= kills; round++) {
      service = spawnService(env);
      const readyMs = await waitReady(url, READY_TIMEOUT_MS, service.exited);
      const label = round === 0 ? `${driver} first start` : `${driver} restart after kill ${round}`;
      starts.push(
        readyMs === undefined
          ? { label, ready: false, ms: READY_TIMEOUT_MS, output: service.output().slice(-400) }
          : { label, ready: true, ms: Math.round(readyMs) },
      );
      if (readyMs === undefined || round === kills) break;
      let killed = false;
      const successesBefore = answeredSuccess.length;
      const lanes = Array.from({ length: LANES }, async () => {
        while (!killed) {
          const ws = sandbox.admin.createWorkspace({
            name: `Crash ${driver}`,
            slug: `crash-${driver}-${round}-${attempted}-${Date.now()}`,
          });
          attempted += 1;
          try {
            const { result } = await runInstall(url, {
              workspaceId: ws.id,
              accept: 'application/json',
            });
            const body =
              result.status === 200
                ? (JSON.parse(result.body) as { workspace?: { id?: string } })
                : undefined;
            if (body?.workspace?.id === ws.id) answeredSuccess.push(ws.id);
          } catch {
            cutShort += 1;
          }
        }
      });
      // Kill at a random moment once installs are flowing: after the first two answered successes
      // of this round (or 30 s), plus a random 0–500 ms.
      const flowing = performance.now();
      while (answeredSuccess.length - successesBefore < 2 && performance.now() - flowing < 30_000)
        await defaultSleep(20);
      await defaultSleep(Math.floor(random() * 500));
      killed = true;
      service.child.kill('SIGKILL');
      await service.exited;
      await Promise.all(lanes);
    }
    const store = await location.open();
    const rows = new Map<string, RowEvidence>();
    try {
      for await (const c of store.iterateConnections({ batchSize: 500 })) {
        let token: string | undefined;
        try {
          token = await store.getToken(c.workspaceId);
        } catch {
          token = undefined;
        }
        rows.set(c.workspaceId, {
          workspaceId: c.workspaceId,
          decrypts: token !== undefined,
          works: token !== undefined && (await tokenWorksFor(sandbox, token, c.workspaceId)),
        });
      }
    } finally {
      await store.close();
    }
    const readyTimes = starts.filter((s) => s.ready).map((s) => s.ms);
    report.figure(
      `${driver}: kills`,
      `${kills}; installs attempted ${attempted}, answered as installed ${answeredSuccess.length}, cut short by a kill ${cutShort}`,
    );
    report.figure(
      `${driver}: rows after the crashes`,
      `${rows.size} (${rows.size - answeredSuccess.length} stored but never answered: the kill came between commit and answer)`,
    );
    report.figure(
      `${driver}: time to ready per start`,
      `min ${Math.min(...readyTimes)} ms, max ${Math.max(...readyTimes)} ms over ${readyTimes.length} starts`,
    );
    report.expectNone(
      `${driver}: every install answered as a success is present and decrypts`,
      lostInstalls(answeredSuccess, rows),
      `${answeredSuccess.length} answered installs`,
    );
    report.expectNone(
      `${driver}: no partial rows`,
      partialRows(rows.values()),
      `${rows.size} rows, each decrypted and checked at the sandbox`,
    );
    report.expectNone(
      `${driver}: the service starts again on the same store after every kill`,
      failedStarts(starts),
      `${starts.length} starts`,
    );
  } finally {
    if (service && service.child.exitCode === null && service.child.signalCode === null) {
      service.child.kill('SIGTERM');
      await Promise.race([service.exited, defaultSleep(10_000)]);
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    }
    await location.remove();
  }
}
