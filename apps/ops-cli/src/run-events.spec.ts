import { fakeAttioToken } from '@attio-auth/connection-store/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';
import { DRIVERS, type TestDatabase } from './testing/test-databases.js';

jest.setTimeout(30_000);

const cwd = mkdtempSync(join(tmpdir(), 'ops-cli-events-'));

describe.each(DRIVERS)('attio-auth events ($driver)', (driverCase) => {
  const title = driverCase.skip ?? '';
  const maybe = driverCase.skip === undefined ? it : it.skip;
  let db: TestDatabase;
  const tokens: string[] = [];
  let createdId: string;

  beforeEach(async () => {
    if (driverCase.skip !== undefined) return;
    db = await driverCase.fresh();
    const store = await db.open();
    for (const id of ['ws-a', 'ws-b']) {
      const token = fakeAttioToken();
      tokens.push(token);
      await store.saveConnection({ workspaceId: id, scopes: ['record_permission:read'], token });
    }
    // One delivery of ws-a's event, failed for good (dead), as a worker would have left it.
    await store.fanOutEvents({ limit: 10, destinations: [{ id: 'sync', matches: () => true }] });
    const [leased] = await store.leaseDeliveries({
      owner: 'test',
      limit: 1,
      leaseMs: 60_000,
      destinationIds: ['sync'],
    });
    createdId = leased?.event.id ?? '';
    await store.recordDelivery(createdId, 'sync', 'test', {
      outcome: 'dead',
      status: 500,
      error: 'sync (https://sync.example.com/…) answered HTTP 500',
      at: new Date(),
    });
    await store.close();
  });
  afterEach(async () => {
    if (driverCase.skip === undefined) await db.cleanup();
  });

  const cli = async (argv: string[]) => {
    const io = captureIo({ env: db.env, cwd });
    const code = await run(argv, io);
    for (const token of tokens) expect(io.all()).not.toContain(token);
    return { code, out: io.out(), err: io.err() };
  };

  maybe(
    `when events are listed by state with --json, then only the dead one comes back ${title}`,
    async () => {
      const { code, out } = await cli(['events', 'list', '--state', 'dead', '--json']);
      expect(code).toBe(0);
      const doc = JSON.parse(out) as {
        result: { events: { id: string; type: string; workspaceId: string }[] };
      };
      expect(doc.result.events.map((e) => [e.id, e.type, e.workspaceId])).toEqual([
        [createdId, 'connection.created', 'ws-a'],
      ]);
    },
  );

  maybe(`when an event is shown, then its delivery log is printed ${title}`, async () => {
    const { code, out } = await cli(['events', 'show', createdId]);
    expect(code).toBe(0);
    expect(out).toContain(`event       ${createdId}`);
    expect(out).toContain('type        connection.created');
    expect(out).toContain(
      '  sync  dead  attempts 1  HTTP 500  sync (https://sync.example.com/…) answered HTTP 500',
    );
  });

  maybe(
    `when a dead event is replayed, then it is pending again, and a second replay has nothing to do ${title}`,
    async () => {
      const first = await cli(['events', 'replay', createdId, '--destination', 'sync']);
      const shown = await cli(['events', 'show', createdId, '--json']);
      const again = await cli(['events', 'replay', createdId]);
      expect(first).toMatchObject({
        code: 0,
        out: `re-queued 1 delivery of ${createdId}; the delivery worker sends it again.\n`,
      });
      const doc = JSON.parse(shown.out) as {
        result: { deliveries: { state: string; attempts: number }[] };
      };
      expect(doc.result.deliveries).toMatchObject([{ state: 'pending', attempts: 0 }]);
      expect(again.code).toBe(1);
      expect(again.err).toContain(`nothing to replay for ${createdId}`);
    },
  );

  maybe(
    `when the event id is unknown or the state is wrong, then exit 1 or 64 with what to do ${title}`,
    async () => {
      const unknown = await cli(['events', 'show', 'evt_nope']);
      const badState = await cli(['events', 'list', '--state', 'lost']);
      const noId = await cli(['events', 'replay']);
      expect(unknown).toMatchObject({
        code: 1,
        out: 'no event evt_nope (list them with attio-auth events list).\n',
      });
      expect(badState.code).toBe(64);
      expect(badState.err).toContain('--state must be one of pending, delivered, dead, disabled.');
      expect(noId.code).toBe(64);
      expect(noId.err).toContain(
        '"events replay" needs exactly one event id (attio-auth events replay <event-id>).',
      );
    },
  );
});
