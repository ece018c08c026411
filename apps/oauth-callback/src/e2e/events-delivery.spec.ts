import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';

import { generateWebhookSecret } from '@attio-auth/attio-events';
import { defaultSleep } from '@attio-auth/attio-core';
import { until } from '@attio-auth/attio-core/testing';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
} from '@attio-auth/connection-store';
import { Webhook } from 'standardwebhooks';

import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { bindServer } from '../server.js';
import { startService, type RunningService } from '../service.js';
import { runInstall } from '../testing/install-driver.js';
import { freshDatabase, storeDrivers, type TestDatabase } from '../testing/test-databases.js';

jest.setTimeout(60_000);

const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmnop';

interface Got {
  id: string;
  type: string;
  workspaceId: string | undefined;
  verified: boolean;
}

/** A destination on loopback that checks every signature with the standardwebhooks package. */
async function startReceiver(secret: string) {
  const got: Got[] = [];
  const verifier = new Webhook(secret);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified = true;
      try {
        verifier.verify(body, req.headers as Record<string, string>);
      } catch {
        verified = false;
      }
      const parsed = JSON.parse(body) as { type: string; data: { workspace_id?: string } };
      got.push({
        id: String(req.headers['webhook-id']),
        type: parsed.type,
        workspaceId: parsed.data.workspace_id,
        verified,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/attio`,
    got,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

for (const target of storeDrivers()) {
  const suite = target.mode === 'skip' ? describe.skip : describe;

  suite(`signed events from the callback service ${target.title}`, () => {
    if (target.mode === 'fail') {
      it('when PostgreSQL is required, then it must be reachable', () => {
        throw new Error(`${target.title}: start PostgreSQL or set TEST_DATABASE_URL`);
      });
      return;
    }
    let sandbox: Sandbox;
    let db: TestDatabase;
    let store: ConnectionStore;
    let service: RunningService;
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    const logs: string[] = [];

    const admin = async (path: string, method = 'GET') => {
      const res = await fetch(`${service.url}/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    /** The receiver answers before the worker records it: wait for the delivery log to say so. */
    const recorded = async (eventId: string) => {
      for (let i = 0; i < 2500; i += 1) {
        const [d] = await store.listDeliveries(eventId);
        if (d?.state === 'delivered') return;
        await defaultSleep(2);
      }
      throw new Error(`timed out waiting for ${eventId} to be recorded delivered`);
    };

    beforeEach(async () => {
      sandbox = await startSandbox({ rateLimit: false });
      const secret = generateWebhookSecret();
      receiver = await startReceiver(secret);
      db = freshDatabase(target.driver);
      const keys = generateKeyRingEntry('t1');
      const bound = await bindServer({ port: 0, host: '127.0.0.1' });
      const config = loadConfig(
        sandboxEnv(sandbox, {
          PUBLIC_BASE_URL: bound.url,
          TOKEN_ENCRYPTION_KEYS: keys,
          DATABASE_URL: db.databaseUrl,
          ADMIN_TOKEN,
          RATE_LIMIT_MAX: '100000',
          REVOCATION_PASS_INTERVAL_SECONDS: '0',
          SHUTDOWN_TIMEOUT_MS: '2000',
          EVENT_DESTINATIONS: JSON.stringify([
            { id: 'sync', kind: 'standard', url: receiver.url, secrets: [secret] },
          ]),
          // Outside production the SSRF guard lets a plain-http loopback receiver through.
          NODE_ENV: 'test',
        }),
      );
      sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, config.oauth.redirectUri);
      store = await openConnectionStore({
        databaseUrl: db.databaseUrl,
        keyRing: parseKeyRing(keys),
        ...(db.schema ? { schema: db.schema } : {}),
      });
      const sink = new Writable({
        write(chunk: Buffer, _enc, done) {
          logs.push(chunk.toString('utf8'));
          done();
        },
      });
      service = await startService(config, createLogger(config.log, sink), {
        store,
        processMetrics: false,
        bound,
      });
    });
    afterEach(async () => {
      await service?.close();
      await store?.close();
      db?.drop();
      await receiver?.close();
      await sandbox?.close();
    });

    it('when a workspace installs and an admin deletes it, then created and deleted arrive signed, in order', async () => {
      const { result } = await runInstall(service.url);
      expect(result.status).toBe(200);
      const workspaceId = sandbox.fixtures.workspaces[0]?.id;
      await until(() => receiver.got.length >= 1, 'connection.created delivered');

      expect((await admin(`/connections/${workspaceId}`, 'DELETE')).status).toBe(200);
      await until(
        () => receiver.got.some((g) => g.type === 'connection.deleted'),
        'connection.deleted delivered',
      );

      const types = receiver.got.map((g) => g.type);
      expect(types[0]).toBe('connection.created');
      expect(types.indexOf('connection.deleted')).toBeGreaterThan(0);
      expect(receiver.got.every((g) => g.verified && g.workspaceId === workspaceId)).toBe(true);
      expect(service.eventDelivery).toBeDefined();
    });

    it('when an admin lists, shows and replays an event, then the log shows it and the replay resends the same id', async () => {
      await runInstall(service.url);
      await until(() => receiver.got.length >= 1, 'connection.created delivered');
      const [created] = receiver.got;
      await recorded(created?.id as string);

      const list = await admin('/events?state=delivered&type=connection.created');
      const shown = await admin(`/events/${created?.id}`);
      const replay = await admin(`/events/${created?.id}/replay`, 'POST');
      await until(() => receiver.got.length >= 2, 'the replay delivered');

      expect(list.status).toBe(200);
      expect((list.body['data'] as { id: string }[]).map((e) => e.id)).toEqual([created?.id]);
      expect(shown.status).toBe(200);
      expect(shown.body['deliveries']).toMatchObject([
        {
          destinationId: 'sync',
          state: 'delivered',
          attempts: 1,
          lastStatus: 204,
          lastError: null,
        },
      ]);
      expect(replay).toEqual({
        status: 200,
        body: { data: { eventId: created?.id, requeued: 1 } },
      });
      expect(receiver.got.map((g) => g.id)).toEqual([created?.id, created?.id]);
    });

    it('when the event is unknown, the replay names no delivery, or the query is bad, then a clear admin error', async () => {
      await runInstall(service.url);
      await until(() => receiver.got.length >= 1, 'connection.created delivered');
      const id = receiver.got[0]?.id;
      await recorded(id as string);

      const unknown = await admin('/events/evt_00000000000000000000000000/replay', 'POST');
      const nothing = await admin(`/events/${id}/replay?destination=elsewhere`, 'POST');
      const badQuery = await admin('/events?state=lost');

      expect([unknown.status, (unknown.body['error'] as { code: string }).code]).toEqual([
        404,
        'ADMIN_EVENT_NOT_FOUND',
      ]);
      expect([nothing.status, (nothing.body['error'] as { code: string }).code]).toEqual([
        409,
        'ADMIN_EVENT_NOTHING_TO_REPLAY',
      ]);
      expect([badQuery.status, (badQuery.body['error'] as { code: string }).code]).toEqual([
        400,
        'ADMIN_EVENTS_QUERY_INVALID',
      ]);
    });
  });
}
