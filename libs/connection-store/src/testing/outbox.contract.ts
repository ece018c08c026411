import { it, expect } from '@jest/globals';
import type { StoredEvent } from '../store/outbox-types.js';
import type { ConnectionStore, HealthResult, HealthStatus } from '../store/types.js';
import { fakeAttioToken } from './contract-harness.js';
import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;

/** Every stored event, oldest first. */
async function allEvents(store: ConnectionStore): Promise<StoredEvent[]> {
  return (await store.listEvents({ limit: 1_000 })).reverse();
}

async function types(store: ConnectionStore): Promise<string[]> {
  return (await allEvents(store)).map((e) => e.type);
}

function ownerOf(tags: Record<string, string> = {}, display_name: string | null = null) {
  return { display_name, tags };
}

async function check(
  store: ConnectionStore,
  workspaceId: string,
  status: HealthStatus,
  at: Date,
  extra: Partial<HealthResult> = {},
  options?: Parameters<ConnectionStore['record']>[1],
) {
  const [t] = await store.record(
    [{ workspaceId, result: { status, checkedAt: at, ...extra } }],
    options,
  );
  return t;
}

/** The outbox: each connection.* and health.* event is written with its change, and only then. */
export function describeOutboxContract(env: ContractEnv): void {
  it('when a connection is installed, then connection.created is written with its workspace and owner and an evt_ id', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-1',
      workspaceName: 'Acme',
      scopes: ['record_permission:read'],
      token: fakeAttioToken(),
      owner: { displayName: 'Growth', tags: { team: 'growth' } },
    });
    const [event] = await allEvents(store);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/),
      seq: expect.any(Number),
      type: 'connection.created',
      workspaceId: 'ws-1',
      createdAt: clock.now(),
      data: {
        workspace_id: 'ws-1',
        workspace_name: 'Acme',
        owner: ownerOf({ team: 'growth' }, 'Growth'),
        scopes: ['record_permission:read'],
      },
    });
    expect(await store.getEvent(event?.id as string)).toEqual(event);
  });

  it('when a live connection is saved again, then connection.replaced is written, and connection.reconnected when the cause is reconnect', async () => {
    const { store } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await check(store, 'ws-1', 'revoked', new Date());
    await store.saveConnection({ workspaceId: 'ws-1', scopes: ['a'], token: fakeAttioToken() });
    await store.saveConnection({
      workspaceId: 'ws-1',
      scopes: ['a'],
      token: fakeAttioToken(),
      cause: 'reconnect',
    });
    const events = await allEvents(store);
    expect(events.map((e) => e.type)).toEqual([
      'connection.created',
      'health.broken',
      'connection.replaced',
      'connection.reconnected',
    ]);
    expect(events[2]?.data).toEqual({
      workspace_id: 'ws-1',
      workspace_name: null,
      owner: ownerOf(),
      scopes: ['a'],
      old_status: 'revoked',
      new_status: 'unknown',
    });
    expect(events[3]?.data.old_status).toBe('unknown');
    // Strictly increasing seq, distinct ids.
    expect(new Set(events.map((e) => e.id)).size).toBe(4);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('when a save fails (invalid input, or a write inside its transaction), then no event is written', async () => {
    const { store, db } = await env.setup();
    const bad = await store
      .saveConnection({
        workspaceId: 'ws-1',
        scopes: [],
        token: fakeAttioToken(),
        cause: 'later' as 'install',
      })
      .then(
        () => 'saved',
        (err: Error) => err.message,
      );
    expect(bad).toBe('cause must be one of install, reconnect (or left out).');
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await db.rawQuery('ALTER TABLE revocations RENAME TO revocations_moved');
    const outcome = await store
      .saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() })
      .then(
        () => 'saved',
        () => 'failed',
      );
    expect(outcome).toBe('failed');
    expect(await types(store)).toEqual(['connection.created']);
  });

  it('when a connection is soft-deleted and restored, then connection.deleted (with the revoke outcome) and connection.restored are written; an unknown workspace writes none', async () => {
    const { store } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    expect(
      await store.softDeleteConnection('ws-unknown', { revoke: { outcome: 'revoked' } }),
    ).toBeUndefined();
    await store.softDeleteConnection('ws-1', { revoke: { outcome: 'failed', error: 'E_X' } });
    expect(await store.softDeleteConnection('ws-1', { revoke: null })).toBeUndefined();
    expect(await store.restoreConnection('ws-1')).toBe(true);
    expect(await store.restoreConnection('ws-1')).toBe(false);
    const events = await allEvents(store);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['connection.created', expect.any(Object)],
      [
        'connection.deleted',
        { workspace_id: 'ws-1', workspace_name: null, owner: ownerOf(), revoke_outcome: 'failed' },
      ],
      ['connection.restored', { workspace_id: 'ws-1', workspace_name: null, owner: ownerOf() }],
    ]);
  });

  it('when a delete follows a successful revoke, then connection.deleted and connection.token_revoked (reason deleted) are written together', async () => {
    const { store } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-2', scopes: [], token: fakeAttioToken() });
    await store.softDeleteConnection('ws-1', { revoke: { outcome: 'revoked' } });
    await store.softDeleteConnection('ws-2', { revoke: { outcome: 'already_gone' } });
    const events = (await allEvents(store)).slice(2);
    expect(
      events.map((e) => [e.type, e.workspaceId, e.data.reason ?? e.data.revoke_outcome]),
    ).toEqual([
      ['connection.deleted', 'ws-1', 'revoked'],
      ['connection.token_revoked', 'ws-1', 'deleted'],
      ['connection.deleted', 'ws-2', 'already_gone'],
      ['connection.token_revoked', 'ws-2', 'deleted'],
    ]);
    expect(events[1]?.data).toEqual({
      workspace_id: 'ws-1',
      workspace_name: null,
      owner: ownerOf(),
      reason: 'deleted',
      outcome: 'revoked',
    });
  });

  it('when a queued token is revoked, then connection.token_revoked is written with its reason; a failed attempt and a refused install write none', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    const refused = await store.enqueueRevocation({
      workspaceId: 'ws-2',
      token: fakeAttioToken(),
      reason: 'install_refused',
    });
    const [replaced] = await store.listRevocations({ workspaceId: 'ws-1' });
    await store.recordRevocation(replaced?.id as string, { outcome: 'failed', error: 'E' });
    clock.advance(MINUTE);
    await store.recordRevocation(replaced?.id as string, { outcome: 'revoked' });
    await store.recordRevocation(refused.id, { outcome: 'revoked' });
    const events = await allEvents(store);
    expect(events.map((e) => e.type)).toEqual([
      'connection.created',
      'connection.replaced',
      'connection.token_revoked',
    ]);
    expect(events[2]?.data).toEqual({
      workspace_id: 'ws-1',
      workspace_name: null,
      owner: ownerOf(),
      reason: 'replaced',
      outcome: 'revoked',
    });
    expect(events[2]?.createdAt).toEqual(clock.now());
  });

  it('when the event cannot be written, then the change it describes rolls back with it (delete, restore, health verdict)', async () => {
    const { store, db, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-2', scopes: [], token: fakeAttioToken() });
    await store.softDeleteConnection('ws-2', { revoke: null });
    await db.rawQuery('ALTER TABLE events RENAME TO events_moved');
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => 'done',
        () => 'failed',
      );
    expect(
      await Promise.all([
        settle(store.softDeleteConnection('ws-1', { revoke: { outcome: 'revoked' } })),
        settle(store.restoreConnection('ws-2')),
        settle(check(store, 'ws-1', 'revoked', clock.now())),
        settle(store.saveConnection({ workspaceId: 'ws-3', scopes: [], token: fakeAttioToken() })),
      ]),
    ).toEqual(['failed', 'failed', 'failed', 'failed']);
    await db.rawQuery('ALTER TABLE events_moved RENAME TO events');
    expect((await store.getConnection('ws-1'))?.deleted).toBeNull();
    expect((await store.getConnection('ws-1'))?.health.status).toBe('unknown');
    expect((await store.getConnection('ws-2'))?.deleted).not.toBeNull();
    expect(await store.getConnection('ws-3')).toBeUndefined();
    expect(await types(store)).toEqual([
      'connection.created',
      'connection.created',
      'connection.deleted',
    ]);
  });

  it('when deleted connections are purged, then their events stay', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.softDeleteConnection('ws-1', { revoke: { outcome: 'revoked' } });
    clock.advance(MINUTE);
    expect(await store.purgeDeleted({ deletedBefore: clock.now() })).toBe(1);
    expect(await store.deleteConnection('ws-1')).toBe(false);
    expect(await types(store)).toEqual([
      'connection.created',
      'connection.deleted',
      'connection.token_revoked',
    ]);
  });

  it('when a token is revoked, then health.broken is written once; the same verdict again writes nothing; healthy again writes health.recovered', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({
      workspaceId: 'ws-1',
      workspaceName: 'Acme',
      scopes: [],
      token: fakeAttioToken(),
      owner: { tags: { team: 'ops' } },
    });
    const t = clock.now();
    expect(await check(store, 'ws-1', 'healthy', t)).toEqual({
      previous: 'unknown',
      current: 'healthy',
      consecutiveFailures: 0,
    });
    expect(await check(store, 'ws-1', 'revoked', t, { errorCode: 'ATTIO_TOKEN_INACTIVE' })).toEqual(
      { previous: 'healthy', current: 'revoked', consecutiveFailures: 0, event: 'health.broken' },
    );
    expect((await check(store, 'ws-1', 'revoked', t))?.event).toBeUndefined();
    expect((await check(store, 'ws-1', 'healthy', t))?.event).toBe('health.recovered');
    expect((await check(store, 'ws-1', 'healthy', t))?.event).toBeUndefined();
    const events = (await allEvents(store)).slice(1);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      [
        'health.broken',
        {
          workspace_id: 'ws-1',
          workspace_name: 'Acme',
          owner: ownerOf({ team: 'ops' }),
          old_status: 'healthy',
          new_status: 'revoked',
          reason: 'ATTIO_TOKEN_INACTIVE',
          missing_scopes: [],
          consecutive_failures: 0,
        },
      ],
      [
        'health.recovered',
        {
          workspace_id: 'ws-1',
          workspace_name: 'Acme',
          owner: ownerOf({ team: 'ops' }),
          old_status: 'revoked',
          new_status: 'healthy',
          reason: null,
          missing_scopes: [],
          consecutive_failures: 0,
        },
      ],
    ]);
  });

  it('when a revoked token blips (failed_to_check, then revoked again), then no new event is written', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    const t = clock.now();
    await check(store, 'ws-1', 'revoked', t);
    for (let i = 0; i < 5; i += 1) await check(store, 'ws-1', 'failed_to_check', t);
    await check(store, 'ws-1', 'revoked', t);
    expect(await types(store)).toEqual(['connection.created', 'health.broken']);
  });

  it('when checks fail below the threshold, then nothing is written; at the threshold health.broken; under_scoped carries its missing scopes', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-2', scopes: [], token: fakeAttioToken() });
    const t = clock.now();
    const options = { failedToCheckThreshold: 3 };
    await check(store, 'ws-1', 'healthy', t, {}, options);
    await check(store, 'ws-1', 'failed_to_check', t, { errorCode: 'http_503' }, options);
    await check(store, 'ws-1', 'failed_to_check', t, { errorCode: 'http_503' }, options);
    await check(store, 'ws-1', 'healthy', t, {}, options);
    expect((await allEvents(store)).filter((e) => e.type.startsWith('health.'))).toEqual([]);
    for (let i = 0; i < 2; i += 1) await check(store, 'ws-1', 'failed_to_check', t, {}, options);
    const third = await check(
      store,
      'ws-1',
      'failed_to_check',
      t,
      { errorCode: 'http_503' },
      options,
    );
    expect(third).toEqual({
      previous: 'failed_to_check',
      current: 'failed_to_check',
      consecutiveFailures: 3,
      event: 'health.broken',
    });
    expect((await check(store, 'ws-1', 'failed_to_check', t, {}, options))?.event).toBeUndefined();
    await check(store, 'ws-2', 'under_scoped', t, { missingScopes: ['object_configuration:read'] });
    const health = (await allEvents(store)).filter((e) => e.type.startsWith('health.'));
    expect(health.map((e) => [e.workspaceId, e.data.new_status, e.data.reason])).toEqual([
      ['ws-1', 'failed_to_check', 'http_503'],
      ['ws-2', 'under_scoped', 'under_scoped'],
    ]);
    expect(health[0]?.data.consecutive_failures).toBe(3);
    expect(health[1]?.data.missing_scopes).toEqual(['object_configuration:read']);
  });

  it('when transient failures are suppressed (an incident is open), then failed_to_check writes nothing even past the threshold, and a revoke is still told', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-2', scopes: [], token: fakeAttioToken() });
    const t = clock.now();
    const incident = { failedToCheckThreshold: 1, suppressTransient: true };
    for (let i = 0; i < 4; i += 1) await check(store, 'ws-1', 'failed_to_check', t, {}, incident);
    await check(store, 'ws-1', 'healthy', t, {}, incident);
    await check(store, 'ws-2', 'revoked', t, {}, incident);
    expect(await types(store)).toEqual([
      'connection.created',
      'connection.created',
      'health.broken',
    ]);
    expect((await allEvents(store))[2]?.workspaceId).toBe('ws-2');
  });

  it('when a connection is re-installed between its lease and its verdict, then the verdict is discarded and writes no event', async () => {
    const { store, clock } = await env.setup();
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    await store.saveConnection({ workspaceId: 'ws-2', scopes: [], token: fakeAttioToken() });
    const leased = await store.lease({
      owner: 'c1',
      limit: 10,
      leaseMs: MINUTE,
      dueBefore: clock.now(),
    });
    const version = new Map(leased.map((l) => [l.connection.workspaceId, l.tokenVersion]));
    expect(version.get('ws-1')).toMatch(/^[0-9a-f]{24}$/);
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: fakeAttioToken() });
    const answers = await store.record(
      ['ws-1', 'ws-2'].map((id) => ({
        workspaceId: id,
        result: { status: 'revoked', checkedAt: clock.now() },
        expectTokenVersion: version.get(id) as string,
      })),
    );
    expect(answers).toEqual([
      undefined,
      { previous: 'unknown', current: 'revoked', consecutiveFailures: 0, event: 'health.broken' },
    ]);
    expect((await store.getConnection('ws-1'))?.health.status).toBe('unknown');
    expect(
      (await allEvents(store)).filter((e) => e.type === 'health.broken').map((e) => e.workspaceId),
    ).toEqual(['ws-2']);
  });

  it('when incidents are appended, then they are stored workspace-less in order; a bad type is refused naming the choices', async () => {
    const { store, clock } = await env.setup();
    const stored = await store.appendEvents([
      { type: 'attio.unreachable', workspaceId: null, data: { reason: 'http_503', failures: 7 } },
      { type: 'attio.reachable', workspaceId: null, data: {} },
    ]);
    expect(stored.map((e) => [e.type, e.workspaceId, e.data, e.createdAt])).toEqual([
      ['attio.unreachable', null, { reason: 'http_503', failures: 7 }, clock.now()],
      ['attio.reachable', null, {}, clock.now()],
    ]);
    expect((stored[0]?.seq as number) < (stored[1]?.seq as number)).toBe(true);
    const refused = await store
      .appendEvents([{ type: 'attio.down' as 'attio.reachable', workspaceId: null, data: {} }])
      .then(
        () => 'appended',
        (err: Error) => err.message,
      );
    expect(refused).toMatch(/^events\[0\]\.type must be one of connection\.created, /);
    expect(await store.listEvents({ type: 'attio.reachable' })).toEqual([stored[1]]);
  });

  it('when every event kind is written, then no stored row holds the token or its base64', async () => {
    const { store, db, clock } = await env.setup();
    const tokens = [fakeAttioToken(), fakeAttioToken(), fakeAttioToken()];
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: tokens[0] as string });
    await store.saveConnection({ workspaceId: 'ws-1', scopes: [], token: tokens[1] as string });
    await store.saveConnection({
      workspaceId: 'ws-1',
      scopes: [],
      token: tokens[2] as string,
      cause: 'reconnect',
    });
    await check(store, 'ws-1', 'revoked', clock.now());
    await check(store, 'ws-1', 'healthy', clock.now());
    for (const r of await store.listRevocations())
      await store.recordRevocation(r.id, { outcome: 'revoked' });
    await store.softDeleteConnection('ws-1', { revoke: { outcome: 'revoked' } });
    await store.restoreConnection('ws-1');
    await store.fanOutEvents({ limit: 100, destinations: [{ id: 'd1', matches: () => true }] });
    expect((await types(store)).length).toBe(10);
    const rows = [
      ...(await db.rawQuery('SELECT * FROM events')),
      ...(await db.rawQuery('SELECT * FROM event_deliveries')),
    ];
    const text = JSON.stringify(rows);
    for (const token of tokens) {
      expect(text.includes(token)).toBe(false);
      expect(text.includes(Buffer.from(token).toString('base64'))).toBe(false);
    }
  });
}
