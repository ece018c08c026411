import { createWorkspaceClient } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import {
  createObservationRecorder,
  type ConnectionStore,
  type ObservationRecorder,
} from '@attio-auth/connection-store';
import { run } from './run.js';
import { DRIVERS, type TestDatabase } from './testing/test-stores.js';
import { testIo } from './testing/test-io.js';

jest.setTimeout(60_000);

/** The bound the checker has from a client's failure to the report. */
const REPORT_BOUND_MS = 5_000;
const SCOPES = ['object_configuration:read'];

/** Resolves with the first `--json` line of `stdout` that `match` accepts (resolved on write, not polled). */
function lineMatching(
  io: ReturnType<typeof testIo>,
  match: (line: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const write = io.io.stdout.write.bind(io.io.stdout);
    io.io.stdout.write = (chunk: string) => {
      const result = write(chunk);
      for (const text of chunk.split('\n').filter((l) => l.startsWith('{'))) {
        const line = JSON.parse(text) as Record<string, unknown>;
        if (match(line)) resolve(line);
      }
      return result;
    };
  });
}

describe.each(DRIVERS)('health from live traffic', (driver) => {
  (driver.skip ? describe.skip : describe)(driver.skip ?? `${driver.driver} store`, () => {
    let sandbox: Sandbox;
    let db: TestDatabase;
    let store: ConnectionStore;

    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      db = await driver.fresh();
      store = await db.open();
    });
    afterEach(async () => {
      await db.cleanup();
      await sandbox.close();
    });

    async function seed(name: string) {
      const ws = sandbox.admin.createWorkspace({ name, slug: name.toLowerCase() });
      const token = sandbox.admin.createToken({ workspaceId: ws.id, scopes: SCOPES });
      await store.saveConnection({ workspaceId: ws.id, scopes: SCOPES, token });
      return { workspaceId: ws.id, token };
    }

    /** A service's real client for a stored connection, reporting into a coalescing recorder. */
    async function serviceClient(workspaceId: string, recorder: ObservationRecorder) {
      return createWorkspaceClient({
        workspaceId,
        getToken: (id) => store.getToken(id),
        baseUrl: sandbox.urls.api,
        retry: false,
        rateLimit: false,
        onObservation: recorder.observe,
      });
    }

    it('when a client sees a 401 for a revoked token, then --schedule rechecks that connection and reports it revoked within 5 s, with no round due', async () => {
      const { workspaceId, token } = await seed('Revoked Co');
      // The round was run already: nothing is due until next year's cron tick.
      await store.record([{ workspaceId, result: { status: 'healthy', checkedAt: new Date() } }]);
      const t = testIo(
        { HEALTH_HOST: '127.0.0.1', HEALTH_PORT: '0', HEALTH_FLAG_POLL_SECONDS: '1' },
        () => db.open(),
      );
      const revokedLine = lineMatching(
        t,
        (l) => l['type'] === 'check' && l['workspaceId'] === workspaceId,
      );
      const running = run(
        ['--schedule', '0 0 1 1 *', '--json', '--base-url', sandbox.urls.api],
        t.io,
      );
      await t.port();

      sandbox.admin.revokeToken(token);
      const recorder = createObservationRecorder({ store, flushEveryMs: 100 });
      const client = await serviceClient(workspaceId, recorder);
      await expect(client.get('/v2/objects')).rejects.toMatchObject({ status: 401 });
      const seenAt = Date.now();
      await recorder.close();

      const bound = new Promise<'timed out'>((resolve) =>
        setTimeout(() => resolve('timed out'), REPORT_BOUND_MS).unref(),
      );
      const first = await Promise.race([revokedLine, bound]);
      expect(first).toMatchObject({ type: 'check', workspaceId, status: 'revoked' });
      expect(Date.now() - seenAt).toBeLessThanOrEqual(REPORT_BOUND_MS);
      expect((await store.getConnection(workspaceId))?.health.status).toBe('revoked');

      t.signal('SIGTERM');
      expect(await running).toBe(0);
    });

    it('when a connection was used successfully within HEALTH_SKIP_IF_SEEN_SECONDS, then the round skips it and reports it seen healthy', async () => {
      const used = await seed('Used Co');
      const idle = await seed('Idle Co');
      const longAgo = new Date(Date.now() - 3_600_000);
      await store.record([
        { workspaceId: used.workspaceId, result: { status: 'healthy', checkedAt: longAgo } },
        { workspaceId: idle.workspaceId, result: { status: 'healthy', checkedAt: longAgo } },
      ]);
      const recorder = createObservationRecorder({ store, flushEveryMs: 3_600_000 });
      const client = await serviceClient(used.workspaceId, recorder);
      await client.get('/v2/objects');
      await recorder.close();

      const t = testIo(
        { HEALTH_SKIP_IF_SEEN_SECONDS: '600', HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0' },
        () => db.open(),
      );
      const code = await run(['--once', '--json', '--base-url', sandbox.urls.api], t.io);
      expect(code).toBe(0);
      const lines = t.json();
      expect(lines.filter((l) => l['type'] === 'check').map((l) => l['workspaceId'])).toEqual([
        idle.workspaceId,
      ]);
      expect(lines.find((l) => l['type'] === 'summary')).toMatchObject({
        checked: 1,
        counts: { healthy: 1 },
        seenHealthy: 1,
      });
    });
  });
});
