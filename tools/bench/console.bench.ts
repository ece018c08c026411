/**
 * `npm run bench -- console`: the admin console's pages over real HTTP with many stored connections, on
 * SQLite and PostgreSQL (no PostgreSQL reachable: SQLite only). BENCH_CONSOLE_CONNECTIONS (100,000) are
 * saved through the store (so each has its `connection.created` event and its install in the health
 * history); 2% are then recorded revoked and 1% under-scoped (a second history entry each), 10% carry
 * the owner tag team=growth. An admin session is sealed as a sign-in would seal it.
 *
 * Printed per driver: p50 / p95 / max of BENCH_CONSOLE_REQUESTS (30) sequential requests of each page —
 * the connections table unfiltered, by status, by owner tag, by text (matched in SQL: a text that matches few rows, or none, reads them all), deep
 * in the keyset (page 1,000 or so), status + cursor; a connection's page; the overview (counts by status,
 * 7 days of counts over time, incidents, deliveries) — and each p95 as a ratio of its target
 * (connections pages 200 ms, overview 300 ms).
 */
import { startSandbox } from '@attio-auth/attio-sandbox';
import {
  consoleSessionCookie,
  postgresReachable,
  startCallbackHarness,
} from '@attio-auth/oauth-callback/testing';

const CONNECTIONS = Number(process.env['BENCH_CONSOLE_CONNECTIONS'] ?? 100_000);
const REQUESTS = Number(process.env['BENCH_CONSOLE_REQUESTS'] ?? 30);
const TARGET_MS = { connections: 200, overview: 300 };

const id = (i: number) => `ws_${String(i).padStart(7, '0')}`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function seed(
  store: Awaited<ReturnType<typeof startCallbackHarness>>['store'],
): Promise<number> {
  const started = performance.now();
  const concurrency = store.driver === 'postgres' ? 8 : 1;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < CONNECTIONS; i = next++) {
        await store.saveConnection({
          workspaceId: id(i),
          workspaceName: `Workspace ${i}`,
          scopes: ['record_permission:read'],
          token: `bench-token-${i}`,
          ...(i % 10 === 0 ? { owner: { tags: { team: 'growth' } } } : {}),
        });
      }
    }),
  );
  const checkedAt = new Date();
  const broken = [];
  for (let i = 0; i < CONNECTIONS; i += 1) {
    if (i % 50 === 7)
      broken.push({
        workspaceId: id(i),
        result: { status: 'revoked' as const, checkedAt, errorCode: 'ATTIO_UNAUTHORIZED' },
      });
    else if (i % 100 === 3)
      broken.push({
        workspaceId: id(i),
        result: {
          status: 'under_scoped' as const,
          checkedAt,
          missingScopes: ['object_configuration:read'],
        },
      });
  }
  for (let i = 0; i < broken.length; i += 500) await store.record(broken.slice(i, i + 500));
  return (performance.now() - started) / 1000;
}

async function measure(url: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const started = performance.now();
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const sandbox = await startSandbox({ rateLimit: false });
try {
  const drivers: ('sqlite' | 'postgres')[] = postgresReachable()
    ? ['sqlite', 'postgres']
    : ['sqlite'];
  if (drivers.length === 1) console.log('PostgreSQL not reachable: SQLite only');
  for (const driver of drivers) {
    const service = await startCallbackHarness({
      sandbox,
      driver,
      env: {
        LOG_LEVEL: 'silent',
        // Never contacted: the session is sealed here, no one signs in.
        CONSOLE_OIDC_ISSUER: 'http://127.0.0.1:9',
        CONSOLE_OIDC_CLIENT_ID: 'bench',
        CONSOLE_OIDC_CLIENT_SECRET: 'bench-console-client-secret',
        CONSOLE_ALLOWED_EMAIL_DOMAINS: 'example.com',
      },
    });
    try {
      const seconds = await seed(service.store);
      console.log(`${driver}: ${CONNECTIONS} connections seeded in ${seconds.toFixed(1)} s`);
      const consoleConfig = service.config.admin.console;
      if (!consoleConfig) throw new Error('console not configured');
      const { cookie } = consoleSessionCookie(consoleConfig, {
        sub: 'bench',
        label: 'bench',
        role: 'admin',
      });
      const deep = id(Math.floor(CONNECTIONS * 0.5));
      const pages: [string, string, number][] = [
        ['connections, no filter', '/admin/console/connections', TARGET_MS.connections],
        [
          'connections, status=revoked',
          '/admin/console/connections?status=revoked',
          TARGET_MS.connections,
        ],
        [
          'connections, tag team=growth',
          '/admin/console/connections?tag=team%3Dgrowth',
          TARGET_MS.connections,
        ],
        [
          'connections, text "Workspace 4242"',
          '/admin/console/connections?q=Workspace+4242',
          TARGET_MS.connections,
        ],
        [
          'connections, text matching nothing',
          '/admin/console/connections?q=no+such+workspace',
          TARGET_MS.connections,
        ],
        [
          `connections, after ${deep}`,
          `/admin/console/connections?after=${deep}`,
          TARGET_MS.connections,
        ],
        [
          `connections, status=under_scoped after ${deep}`,
          `/admin/console/connections?status=under_scoped&after=${deep}`,
          TARGET_MS.connections,
        ],
        ['connection page', `/admin/console/connections/${id(7)}`, TARGET_MS.connections],
        ['overview', '/admin/console', TARGET_MS.overview],
      ];
      for (const [name, path, target] of pages) {
        const times = await measure(`${service.url}${path}`, cookie);
        const p95 = percentile(times, 95);
        console.log(
          `${driver} ${name}: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(times.at(-1) ?? NaN).toFixed(1)} ms; p95/target ${(p95 / target).toFixed(2)} (target ${target} ms)`,
        );
      }
    } finally {
      await service.close();
    }
  }
} finally {
  await sandbox.close();
}
