import { ALL_SCOPES } from '@attio-auth/attio-core';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import type { ConnectionStore } from '@attio-auth/connection-store';
import { run } from '../run.js';
import { DRIVERS, type TestDatabase } from '../testing/test-stores.js';
import { testIo } from '../testing/test-io.js';
import { startWebhookReceiver } from '../testing/webhook-receiver.js';

jest.setTimeout(30_000);

describe.each(DRIVERS)('event delivery after a --once round', (driver) => {
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

    it('when a round finds a revoked token, then its health.broken reaches the slack destination before the run ends', async () => {
      const ws = sandbox.admin.createWorkspace({ name: 'Revoked Co', slug: 'revoked-co' });
      const token = sandbox.admin.createToken({ workspaceId: ws.id, scopes: [...ALL_SCOPES] });
      sandbox.admin.revokeToken(token);
      await store.saveConnection({
        workspaceId: ws.id,
        workspaceName: 'Revoked Co',
        scopes: [],
        token,
      });
      const t = testIo(
        {
          HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
          NODE_ENV: 'test',
          EVENT_DESTINATIONS: JSON.stringify([
            { id: 'ops', kind: 'slack', url: receiver.url, events: ['health.*'] },
          ]),
        },
        () => db.open(),
      );

      const code = await run(['--once', '--json', '--base-url', sandbox.urls.api], t.io);

      expect(code).toBe(1);
      const texts = receiver.received.map((r) => (r.body as { text: string }).text);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(`Revoked Co (${ws.id}) is revoked`);
      expect(texts[0]).not.toContain(token);
      const [event] = await store.listEvents({ type: 'health.broken' });
      expect((await store.listDeliveries(event?.id ?? ''))[0]?.state).toBe('delivered');
    });
  });
});
