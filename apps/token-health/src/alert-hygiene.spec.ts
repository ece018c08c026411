import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSleep, SlidingWindowThrottle } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import type { ConnectionStore } from '@attio-auth/connection-store';
import { runRound } from './round/health-round.js';
import { createTokenChecker } from './round/token-checker.js';
import { run } from './run.js';
import { roundContext } from './testing/round-context.js';
import { DRIVERS, type TestDatabase } from './testing/test-stores.js';
import { testIo } from './testing/test-io.js';
import { startWebhookReceiver } from './testing/webhook-receiver.js';

jest.setTimeout(60_000);

describe.each(DRIVERS)('alert hygiene against the sandbox', (driver) => {
  (driver.skip ? describe.skip : describe)(driver.skip ?? `${driver.driver} store`, () => {
    let sandbox: Sandbox;
    let db: TestDatabase;
    let store: ConnectionStore;
    let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      db = await driver.fresh();
      store = await db.open();
      receiver = await startWebhookReceiver();
    });
    afterEach(async () => {
      await receiver.close();
      await db.cleanup();
      await sandbox.close();
    });

    /** Seeds `count` workspaces with active tokens; returns them in workspace-id order (the lease order). */
    async function seed(count: number) {
      const seeded: { workspaceId: string; token: string }[] = [];
      for (let i = 0; i < count; i += 1) {
        const ws = sandbox.admin.createWorkspace({ name: `Co ${i}`, slug: `co-${i}` });
        const token = sandbox.admin.createToken({ workspaceId: ws.id, scopes: [] });
        await store.saveConnection({ workspaceId: ws.id, scopes: [], token });
        seeded.push({ workspaceId: ws.id, token });
      }
      return seeded.sort((a, b) => (a.workspaceId < b.workspaceId ? -1 : 1));
    }

    /** One `--once --json` round, one check at a time, no retries (each 503 is one failed check). */
    async function once(env: Record<string, string> = {}) {
      const t = testIo(
        {
          HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
          HEALTH_RETRIES: '0',
          HEALTH_HEARTBEAT_URL: receiver.url,
          ...env,
        },
        () => db.open(),
      );
      const code = await run(
        ['--once', '--json', '--concurrency', '1', '--base-url', sandbox.urls.api],
        t.io,
      );
      const summary = t.json().find((l) => l['type'] === 'summary');
      return { code, summary, stderr: t.stderr.text() };
    }

    const eventTypes = async () =>
      (await store.listEvents({ limit: 1000 }))
        .filter((e) => !e.type.startsWith('connection.'))
        .map((e) => [e.type, e.workspaceId])
        .reverse();

    it('when /v2/self answers 503 for two rounds and then recovers, with one token revoked meanwhile, then one unreachable, one reachable and only that health.broken', async () => {
      const seeded = await seed(20);
      sandbox.admin.setFaults([{ path: '/v2/self', status: 503 }]);
      const first = await once();
      expect(first.code).toBe(2);
      expect(first.summary).toMatchObject({
        checked: 20,
        counts: { failed_to_check: 20 },
        suppressed: 17,
        discarded: 0,
        incident: { open: true, opened: true, recovered: false, reason: 'http_5xx' },
      });

      // During the incident, the last connection of the lease order gets through and is revoked.
      const last = seeded[seeded.length - 1] as { workspaceId: string; token: string };
      sandbox.admin.revokeToken(last.token);
      sandbox.admin.setFaults([{ path: '/v2/self', status: 503, times: seeded.length - 1 }]);
      const second = await once();
      expect(second.summary).toMatchObject({
        counts: { failed_to_check: 19, revoked: 1 },
        suppressed: 19,
        incident: { open: true, opened: false, recovered: false, reason: 'http_5xx' },
      });

      sandbox.admin.clearFaults();
      const third = await once();
      expect(third.summary).toMatchObject({
        counts: { healthy: 19, revoked: 1, failed_to_check: 0 },
        suppressed: 0,
        incident: { open: false, opened: false, recovered: true, reason: 'http_5xx' },
      });
      expect(await eventTypes()).toEqual([
        ['attio.unreachable', null],
        ['health.broken', last.workspaceId],
        ['attio.reachable', null],
      ]);
      // Three completed rounds: three heartbeats, none of them /fail (an outage of Attio is not the checker failing).
      expect(receiver.received.map((r) => [r.method, r.path])).toEqual([
        ['GET', '/hook'],
        ['GET', '/hook'],
        ['GET', '/hook'],
      ]);
    });

    it('when the store fails during the round, then the heartbeat requests <url>/fail and the round exits 2', async () => {
      await seed(2);
      const failing = testIo(
        { HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0', HEALTH_HEARTBEAT_URL: receiver.url },
        async () => {
          const real = await db.open();
          return Object.assign(Object.create(real) as ConnectionStore, {
            lease: async () => {
              throw new Error('connection to the database was lost');
            },
          });
        },
      );
      const code = await run(['--once', '--json', '--base-url', sandbox.urls.api], failing.io);
      expect(code).toBe(2);
      expect(failing.stderr.text()).toContain(
        'the round stopped early: connection to the database was lost',
      );
      expect(receiver.received.map((r) => [r.method, r.path])).toEqual([['GET', '/hook/fail']]);
    });

    it('when a connection is re-installed between its lease and its record, then its verdict is discarded and no false revoked is written', async () => {
      const [target] = await seed(1);
      const { workspaceId, token: oldToken } = target as { workspaceId: string; token: string };
      const newToken = sandbox.admin.createToken({ workspaceId, scopes: [] });
      const real = createTokenChecker({
        baseUrl: sandbox.urls.api,
        timeoutMs: 5000,
        retries: 0,
        limiter: new SlidingWindowThrottle(100, { now: Date.now, sleep: defaultSleep }),
        now: Date.now,
        sleep: defaultSleep,
      });
      let reinstalled = false;
      const check = async (token: string) => {
        // The user re-installs while the first check runs: Attio revokes the old token, the store gets the new one.
        if (!reinstalled) {
          reinstalled = true;
          sandbox.admin.revokeToken(oldToken);
          await store.saveConnection({ workspaceId, scopes: [], token: newToken });
        }
        return real(token);
      };
      const summary = await runRound(roundContext({ store, check }));

      // The re-saved connection is due again: depending on when its save commits, the same round may lease
      // it once more and check the new token (healthy), or leave it for the next round (unknown).
      expect(summary.discarded).toBe(1);
      expect(summary.checked).toBeLessThanOrEqual(1);
      expect(summary.counts.revoked).toBe(0);
      expect(['unknown', 'healthy']).toContain(
        (await store.getConnection(workspaceId))?.health.status,
      );
      expect(await store.getToken(workspaceId)).toBe(newToken);
      expect(await eventTypes()).toEqual([]);
    });
  });
});

describe('alert hygiene in --schedule mode without a store', () => {
  let sandbox: Sandbox;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let dir: string;
  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    receiver = await startWebhookReceiver();
    dir = await mkdtemp(join(tmpdir(), 'hygiene-'));
  });
  afterEach(async () => {
    await receiver.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('when Attio answers 503 for several scheduled rounds, then the incident opens once, stays open in memory, and each round pings the heartbeat', async () => {
    const entries = [0, 1, 2].map((i) => ({
      name: `entry-${i}`,
      token: sandbox.admin.createToken({
        workspaceId: sandbox.fixtures.workspaces[0]?.id as string,
        scopes: [],
      }),
    }));
    await writeFile(join(dir, 'tokens.json'), JSON.stringify(entries));
    sandbox.admin.setFaults([{ path: '/v2/self', status: 503 }]);
    const t = testIo({
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: '0',
      HEALTH_RETRIES: '0',
      HEALTH_HEARTBEAT_URL: receiver.url,
      LOG_LEVEL: 'warn',
    });
    const running = run(
      [
        '--schedule',
        '* * * * * *',
        '--skip-store',
        '--tokens-file',
        join(dir, 'tokens.json'),
        '--base-url',
        sandbox.urls.api,
      ],
      t.io,
    );
    await t.port();
    // Each finished round pings once: wait (by polling the receiver) for three rounds.
    while (receiver.received.length < 3) await new Promise((r) => setTimeout(r, 50));
    t.signal('SIGTERM');
    expect(await running).toBe(0);

    expect(new Set(receiver.received.map((r) => `${r.method} ${r.path}`))).toEqual(
      new Set(['GET /hook']),
    );
    const opened = t.stderr
      .lines()
      .filter((l) => l.includes('Attio incident: checks fail for the same transient reason'));
    expect(opened).toHaveLength(1);
    expect(JSON.parse(opened[0] as string)).toMatchObject({
      reason: 'http_5xx',
      failures: 2,
      threshold: 2,
      round_size: 3,
    });
  });
});
