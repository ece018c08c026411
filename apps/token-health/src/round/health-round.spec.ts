import { ALL_SCOPES } from '@attio-auth/attio-core';
import type { ConnectionStore } from '@attio-auth/connection-store';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { run } from '../run.js';
import { DRIVERS, type TestDatabase } from '../testing/test-stores.js';
import { testIo } from '../testing/test-io.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';

const ALL = [...ALL_SCOPES];
// Hang faults wait for timeouts, which undici runs on ~1 s coarse timers: several rounds need more than 5 s.
jest.setTimeout(30_000);

describe.each(DRIVERS)('health rounds against the sandbox', (driver) => {
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

    /** One `--once --json` run against the sandbox, as a fresh process would do it. */
    async function once(env: Record<string, string> = {}) {
      const t = testIo(
        {
          NODE_ENV: 'test',
          ALERT_WEBHOOK_URL: receiver.url,
          HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
          ...env,
        },
        () => db.open(),
      );
      const code = await run(['--once', '--json', '--base-url', sandbox.urls.api], t.io);
      const lines = t.json();
      return {
        code,
        checks: lines.filter((l) => l['type'] === 'check'),
        summary: lines.find((l) => l['type'] === 'summary'),
        stderr: t.stderr.text(),
      };
    }
    const workspace = (index: number) => {
      const found = sandbox.fixtures.workspaces[index];
      if (!found) throw new Error(`the sandbox has no fixture workspace #${index}`);
      return found;
    };
    /** The Slack lines ALERT_WEBHOOK_URL got (the worker posts each event as `{ text }`). */
    const texts = () => receiver.received.map((r) => (r.body as { text: string }).text);
    /** Each alert as [kind, status, previous status]: kind from the line's emoji and wording. */
    const alerts = () =>
      texts().map((text) => {
        const broken = / is (\w+)(?: \(was (\w+)\))?\./.exec(text);
        if (text.startsWith(':red_circle:') && broken) {
          return [
            broken[1] === 'failed_to_check' ? 'unreachable' : 'problem',
            broken[1],
            broken[2],
          ];
        }
        const recovered = /recovered: healthy again(?: \(was (\w+)\))?\./.exec(text);
        if (recovered) return ['recovered', 'healthy', recovered[1]];
        throw new Error(`not an alert line: ${text}`);
      });
    const statusOf = (checks: Record<string, unknown>[]) =>
      Object.fromEntries(checks.map((c) => [c['workspaceId'], [c['status'], c['missingScopes']]]));

    it('when each stored connection has a different outcome, then each is classified, recorded and alerted once', async () => {
      const [primary, other] = [workspace(0), workspace(1)];
      const revokedWs = sandbox.admin.createWorkspace({ name: 'Revoked Co', slug: 'revoked-co' });
      const revokedToken = sandbox.admin.createToken({ workspaceId: revokedWs.id, scopes: ALL });
      sandbox.admin.revokeToken(revokedToken);
      const narrowWs = sandbox.admin.createWorkspace({ name: 'Narrow Co', slug: 'narrow-co' });
      const narrowToken = sandbox.admin.createToken({
        workspaceId: narrowWs.id,
        scopes: ['note:read'],
      });
      await store.saveConnection({
        workspaceId: primary.id,
        workspaceName: 'Acme Sandbox',
        scopes: ['note:read'],
        token: sandbox.fixtures.tokens.full,
      });
      // The readOnly fixture belongs to the primary workspace: stored under the other one, it is a mismatch.
      await store.saveConnection({
        workspaceId: other.id,
        scopes: [],
        token: sandbox.fixtures.tokens.readOnly,
      });
      await store.saveConnection({ workspaceId: revokedWs.id, scopes: ALL, token: revokedToken });
      await store.saveConnection({
        workspaceId: narrowWs.id,
        scopes: ['note:read', 'task:read'],
        token: narrowToken,
      });

      const first = await once();
      expect(first.code).toBe(1);
      expect(statusOf(first.checks)).toEqual({
        [primary.id]: ['healthy', []],
        [other.id]: ['workspace_mismatch', []],
        [revokedWs.id]: ['revoked', []],
        [narrowWs.id]: ['under_scoped', ['task:read']],
      });
      expect(first.summary).toMatchObject({
        checked: 4,
        counts: {
          healthy: 1,
          revoked: 1,
          under_scoped: 1,
          workspace_mismatch: 1,
          failed_to_check: 0,
        },
        exitCode: 1,
      });
      expect((await store.getConnection(narrowWs.id))?.health).toMatchObject({
        status: 'under_scoped',
        consecutiveFailures: 0,
        lastErrorCode: null,
      });
      expect((await store.getConnection(revokedWs.id))?.health.status).toBe('revoked');
      expect(alerts().sort()).toEqual([
        ['problem', 'revoked', 'unknown'],
        ['problem', 'under_scoped', 'unknown'],
        ['problem', 'workspace_mismatch', 'unknown'],
      ]);

      const second = await once();
      expect(second.code).toBe(1);
      expect(statusOf(second.checks)).toEqual(statusOf(first.checks));
      expect(receiver.received).toHaveLength(3);
    });

    it('when a token is revoked, restored, narrowed and widened between runs, then exactly one alert per change', async () => {
      const primary = workspace(0);
      const token = sandbox.admin.createToken({
        workspaceId: primary.id,
        scopes: ['note:read', 'task:read'],
      });
      await store.saveConnection({
        workspaceId: primary.id,
        workspaceName: 'Acme Sandbox',
        scopes: ['note:read', 'task:read'],
        token,
      });

      expect((await once()).code).toBe(0);
      expect(receiver.received).toHaveLength(0);

      sandbox.admin.revokeToken(token);
      expect((await once()).code).toBe(1);
      expect((await once()).code).toBe(1);
      expect(texts()).toEqual([
        `:red_circle: Acme Sandbox (${primary.id}) is revoked (was healthy). Ask the workspace to reinstall the app (or issue a new access token).`,
      ]);
      expect(JSON.stringify(receiver.received)).not.toContain(token);

      sandbox.admin.restoreToken(token);
      expect((await once()).code).toBe(0);
      expect(alerts()[1]).toEqual(['recovered', 'healthy', 'revoked']);

      sandbox.admin.setTokenScopes(token, ['note:read']);
      const narrowed = await once();
      expect(narrowed.code).toBe(1);
      expect(alerts()[2]).toEqual(['problem', 'under_scoped', 'healthy']);
      expect(texts()[2]).toContain('Missing scopes: task:read.');

      sandbox.admin.setTokenScopes(token, ['note:read', 'task:read']);
      expect((await once()).code).toBe(0);
      expect((await once()).code).toBe(0);
      expect(alerts()).toEqual([
        ['problem', 'revoked', 'healthy'],
        ['recovered', 'healthy', 'revoked'],
        ['problem', 'under_scoped', 'healthy'],
        ['recovered', 'healthy', 'under_scoped'],
      ]);
    });

    it.each([
      ['503s', { status: 503 as const }, 'ATTIO_SERVER_ERROR'],
      ['connection resets', { reset: true }, 'ATTIO_CONNECTION'],
      ['hangs', { hang: true }, 'ATTIO_TIMEOUT'],
      ['a 429 storm', { rateLimitStorm: true }, 'ATTIO_RATE_LIMITED'],
    ])(
      'when the sandbox answers /v2/self with %s, then failed_to_check (never revoked) and one alert at the threshold',
      async (_name, fault, code) => {
        const primary = workspace(0);
        await store.saveConnection({
          workspaceId: primary.id,
          scopes: [],
          token: sandbox.fixtures.tokens.full,
        });
        sandbox.admin.setFaults([{ path: '/v2/self', ...fault }]);
        const env = {
          HEALTH_RETRIES: '1',
          HEALTH_TIMEOUT_MS: '300',
          HEALTH_FAILURE_THRESHOLD: '2',
        };

        const runs = [await once(env), await once(env), await once(env)];
        expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
        expect(runs.map((r) => [r.checks[0]?.['status'], r.checks[0]?.['errorCode']])).toEqual([
          ['failed_to_check', code],
          ['failed_to_check', code],
          ['failed_to_check', code],
        ]);
        expect((await store.getConnection(primary.id))?.health).toMatchObject({
          status: 'failed_to_check',
          consecutiveFailures: 3,
          lastErrorCode: code,
        });
        expect(alerts()).toEqual([['unreachable', 'failed_to_check', 'failed_to_check']]);

        sandbox.admin.clearFaults();
        expect((await once(env)).code).toBe(0);
        expect(alerts()).toEqual([
          ['unreachable', 'failed_to_check', 'failed_to_check'],
          ['recovered', 'healthy', 'failed_to_check'],
        ]);
      },
    );

    it('when SIGTERM arrives during a --once round whose check hangs, then the check is abandoned at the bound and nothing is recorded', async () => {
      const primary = workspace(0);
      await store.saveConnection({
        workspaceId: primary.id,
        scopes: [],
        token: sandbox.fixtures.tokens.full,
      });
      sandbox.admin.setFaults([{ path: '/v2/self', hang: true }]);
      const t = testIo(
        {
          HEALTH_TIMEOUT_MS: '60000',
          HEALTH_SHUTDOWN_TIMEOUT_MS: '50',
          HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
        },
        () => db.open(),
      );
      const running = run(['--once', '--json', '--base-url', sandbox.urls.api], t.io);
      const requests = () =>
        Object.values(sandbox.admin.counters().byToken).reduce((sum, c) => sum + c.total, 0);
      while (requests() === 0) await new Promise((r) => setTimeout(r, 10));
      t.signal('SIGTERM');
      expect(await running).toBe(0);
      expect(t.json()).toEqual([
        expect.objectContaining({ type: 'summary', checked: 0, interrupted: true, exitCode: 0 }),
      ]);
      expect((await store.getConnection(primary.id))?.health).toMatchObject({
        status: 'unknown',
        lastCheckedAt: null,
      });
    });

    it('when verdicts differ, then later --once runs check the failing connection every run, the first healthy one after the min and the revoked one after the max', async () => {
      const primary = workspace(0);
      const revokedWs = sandbox.admin.createWorkspace({ name: 'Gone Co', slug: 'gone-co' });
      const revokedToken = sandbox.admin.createToken({ workspaceId: revokedWs.id, scopes: ALL });
      sandbox.admin.revokeToken(revokedToken);
      const narrowWs = sandbox.admin.createWorkspace({ name: 'Narrow Co', slug: 'narrow-co' });
      await store.saveConnection({
        workspaceId: primary.id,
        scopes: ['note:read'],
        token: sandbox.fixtures.tokens.full,
      });
      await store.saveConnection({ workspaceId: revokedWs.id, scopes: ALL, token: revokedToken });
      await store.saveConnection({
        workspaceId: narrowWs.id,
        scopes: ['note:read', 'task:read'],
        token: sandbox.admin.createToken({ workspaceId: narrowWs.id, scopes: ['note:read'] }),
      });
      const t0 = Date.now();
      /** A --once run whose clock reads `offsetMs` after t0 (plus real time): the workspaces it checked. */
      const runAt = async (offsetMs: number) => {
        const t = testIo(
          {
            NODE_ENV: 'test',
            HEALTH_MIN_CHECK_INTERVAL_SECONDS: '60',
            HEALTH_MAX_CHECK_INTERVAL_SECONDS: '3600',
            HEALTH_FAILING_CHECK_INTERVAL_SECONDS: '0',
          },
          () => db.open(),
        );
        const io = { ...t.io, now: () => Date.now() - t0 + offsetMs };
        await run(['--once', '--json', '--base-url', sandbox.urls.api], io);
        const lines = t.json();
        return {
          checked: lines
            .filter((l) => l['type'] === 'check')
            .map((l) => l['workspaceId'])
            .sort(),
          summary: lines.find((l) => l['type'] === 'summary'),
        };
      };
      const everyone = [primary.id, revokedWs.id, narrowWs.id].sort();
      expect((await runAt(0)).checked).toEqual(everyone);
      const soon = await runAt(1_000);
      expect(soon.checked).toEqual([narrowWs.id]);
      expect(soon.summary).toMatchObject({ checked: 1, counts: { under_scoped: 1 } });
      expect((await runAt(61_000)).checked).toEqual([primary.id, narrowWs.id].sort());
      expect((await runAt(3_601_000)).checked).toEqual(everyone);
    });

    it('when a worker crashed holding leases, then another worker takes them over only after they expire', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i += 1) {
        const ws = sandbox.admin.createWorkspace({ name: `Lease ${i}`, slug: `lease-${i}` });
        await store.saveConnection({
          workspaceId: ws.id,
          scopes: [],
          token: sandbox.admin.createToken({ workspaceId: ws.id, scopes: [] }),
        });
        ids.push(ws.id);
      }
      // The "crashed" worker leases everything for 60 s and never records a result.
      const crashed = await store.lease({
        owner: 'crashed-worker',
        limit: 10,
        leaseMs: 60_000,
        dueBefore: new Date(Date.now() + 1_000),
      });
      expect(crashed.map((c) => c.connection.workspaceId).sort()).toEqual([...ids].sort());

      const blocked = await once();
      expect(blocked.summary).toMatchObject({ checked: 0, exitCode: 0 });

      // A worker whose store clock is 61 s later sees the leases expired.
      const later = testIo({ NODE_ENV: 'test', HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0' }, () =>
        db.open({ now: () => new Date(Date.now() + 61_000) }),
      );
      expect(await run(['--once', '--json', '--base-url', sandbox.urls.api], later.io)).toBe(0);
      expect(
        later
          .json()
          .filter((l) => l['type'] === 'check')
          .map((l) => l['workspaceId'])
          .sort(),
      ).toEqual([...ids].sort());
      const totals = Object.values(sandbox.admin.counters().byToken).map((c) => c.total);
      expect(totals).toEqual([1, 1, 1, 1, 1]);
    });
  });
});
