import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createState } from '@attio-auth/attio-oauth';
import {
  generateKeyRingEntry,
  openConnectionStore,
  type ConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';

import {
  bindInstallContext,
  NO_CONTEXT_SUFFIX,
  stateFor,
  takeInstallContext,
  type InstallContext,
} from './install-context.js';

const LINK: InstallContext = {
  kind: 'install',
  workspaceId: null,
  owner: { displayName: 'Growth team' },
  returnTo: null,
};

describe('install context', () => {
  let dir: string;
  let store: ConnectionStore;
  /** The session ids the store was asked to consume. */
  let asked: string[];
  let sessions: Parameters<typeof takeInstallContext>[0];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'install-context-'));
    store = await openConnectionStore({
      databaseUrl: `sqlite:${join(dir, 'c.sqlite')}`,
      keyRing: parseKeyRing(generateKeyRingEntry('k1')),
    });
    asked = [];
    sessions = {
      consumeInstallSession: (id) => {
        asked.push(id);
        return store.consumeInstallSession(id);
      },
    };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const later = () => new Date(Date.now() + 600_000);

  it('when an install starts without a context, then its state is marked and its callback asks the store nothing', async () => {
    const state = stateFor(undefined);
    expect(state.endsWith(NO_CONTEXT_SUFFIX)).toBe(true);
    expect(state.slice(0, -NO_CONTEXT_SUFFIX.length)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await takeInstallContext(sessions, state)).toEqual({ outcome: 'none' });
    expect(asked).toEqual([]);
  });

  it('when an install starts from a link, then its state is unmarked and its callback takes the context once', async () => {
    const state = stateFor(LINK);
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await bindInstallContext(store, state, LINK, later());
    expect(await takeInstallContext(sessions, state)).toEqual({
      outcome: 'ok',
      context: expect.objectContaining({ kind: 'install', owner: { displayName: 'Growth team' } }),
    });
    expect(asked).toHaveLength(1);
    // Single use: the second take finds it used, which must not pass for an anonymous install.
    expect(await takeInstallContext(sessions, state)).toEqual({ outcome: 'lost' });
  });

  it('when a state carries no mark and no context is stored (an install started before the mark), then the store is asked and says none', async () => {
    const state = createState();
    expect(await takeInstallContext(sessions, state)).toEqual({ outcome: 'none' });
    expect(asked).toHaveLength(1);
  });
});
