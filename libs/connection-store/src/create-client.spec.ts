import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { generateKeyRingEntry, parseKeyRing } from './crypto/key-ring.js';
import { openConnectionStore } from './open-connection-store.js';
import type { ConnectionStore } from './store/types.js';

describe('ConnectionStore.createClient (against the sandbox over real HTTP)', () => {
  let sandbox: Sandbox;
  let store: ConnectionStore;
  let dir: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    dir = mkdtempSync(join(tmpdir(), 'create-client-'));
    store = await openConnectionStore({
      databaseUrl: `sqlite:${join(dir, 'c.sqlite')}`,
      keyRing: parseKeyRing(generateKeyRingEntry('k1')),
    });
  });

  afterAll(async () => {
    await store.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('when a workspace is stored, then the client it returns authenticates as that workspace', async () => {
    const [primary] = sandbox.fixtures.workspaces;
    await store.saveConnection({
      workspaceId: primary.id,
      scopes: [],
      token: sandbox.fixtures.tokens.full,
    });
    const client = await store.createClient(primary.id, {
      baseUrl: sandbox.urls.api,
      retry: false,
    });
    const self = await client.self();
    expect(self.active).toBe(true);
    expect(self.active && self.workspaceId).toBe(primary.id);
    expect(client.baseUrl).toBe(sandbox.urls.api);
  });

  it('when the stored token was revoked, then the client reports it inactive (the store does not judge health)', async () => {
    const [, other] = sandbox.fixtures.workspaces;
    await store.saveConnection({
      workspaceId: other.id,
      scopes: [],
      token: sandbox.fixtures.tokens.revoked,
    });
    const client = await store.createClient(other.id, {
      baseUrl: sandbox.urls.api,
      retry: false,
    });
    expect(await client.self()).toEqual({ active: false });
  });

  it('when the workspace is not stored, then STORE_CONNECTION_NOT_FOUND says to install first', async () => {
    await expect(
      store.createClient('ws-missing', { baseUrl: sandbox.urls.api }),
    ).rejects.toMatchObject({
      code: 'STORE_CONNECTION_NOT_FOUND',
      message:
        'No connection is stored for workspace "ws-missing". Install the app in that workspace first.',
    });
  });
});
