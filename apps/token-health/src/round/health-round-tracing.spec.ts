import type { ConnectionStore } from '@attio-auth/connection-store';
import { startInMemoryTracing, type InMemoryTracing } from '@attio-auth/attio-otel/testing';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { SpanKind } from '@opentelemetry/api';

import { run } from '../run.js';
import { SQLITE, type TestDatabase } from '../testing/test-stores.js';
import { testIo } from '../testing/test-io.js';

jest.setTimeout(30_000);

describe('health round tracing (SQLite store)', () => {
  let sandbox: Sandbox;
  let db: TestDatabase;
  let store: ConnectionStore;
  let tracing: InMemoryTracing;

  beforeEach(async () => {
    tracing = startInMemoryTracing();
    sandbox = await startSandbox({ port: 0, rateLimit: false });
    db = await SQLITE.fresh();
    store = await db.open();
  });
  afterEach(async () => {
    await db.cleanup();
    await sandbox.close();
    await tracing.close();
  });

  it('when a round checks two connections, then it is one trace: the round root with one call and one attempt per check', async () => {
    const [primary, other] = sandbox.fixtures.workspaces;
    const { full, revoked } = sandbox.fixtures.tokens;
    await store.saveConnection({ workspaceId: primary.id, scopes: [], token: full });
    await store.saveConnection({ workspaceId: other.id, scopes: [], token: revoked });

    const t = testIo({ HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0' }, () => db.open());
    const code = await run(['--once', '--json', '--base-url', sandbox.urls.api], t.io);
    expect(code).toBe(1);

    const check = {
      name: 'attio GET /v2/self',
      children: [{ name: 'GET /v2/self', children: [] }],
    };
    expect(tracing.trees()).toEqual([
      { name: 'attio-auth health round', children: [check, check] },
    ]);
    const spans = tracing.spans();
    expect(new Set(spans.map((s) => s.spanContext().traceId)).size).toBe(1);
    const root = spans.find((s) => s.name === 'attio-auth health round');
    expect(root?.attributes).toEqual({
      'attio.round.checked': 2,
      'attio.round.interrupted': false,
      'attio.round.exit_code': 1,
    });
    const attempts = spans.filter((s) => s.kind === SpanKind.CLIENT);
    expect(attempts.map((s) => s.attributes['attio.workspace_id']).sort()).toEqual(
      [primary.id, other.id].sort(),
    );
    // The revoked token is a 200 with active: false on /v2/self, not an HTTP error.
    expect(attempts.map((s) => s.attributes['http.response.status_code'])).toEqual([200, 200]);
    const dump = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    for (const token of [full, revoked]) expect(dump).not.toContain(token);
  });
});
