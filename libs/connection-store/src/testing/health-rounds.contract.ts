import { it, expect } from '@jest/globals';
import type { NewHealthRound } from '../store/health-round-types.js';
import type { ContractEnv } from './contract-env.js';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A round that started `startMin` minutes after T0 and took `tookMin` minutes. */
function round(
  startMin: number,
  tookMin: number,
  over: Partial<NewHealthRound> = {},
): NewHealthRound {
  return {
    owner: 'checker-1',
    kind: 'round',
    startedAt: new Date(T0 + startMin * MINUTE),
    finishedAt: new Date(T0 + (startMin + tookMin) * MINUTE),
    checked: 3,
    counts: { healthy: 2, revoked: 1 },
    seenHealthy: 4,
    interrupted: false,
    exitCode: 1,
    ...over,
  };
}

/** Health rounds: what the checker records at the end of a round, newest first, kept to the last ones. */
export function describeHealthRoundsContract(env: ContractEnv): void {
  it('when no round was recorded, then lastRounds is empty', async () => {
    const { store } = await env.setup();
    expect(await store.lastRounds()).toEqual([]);
  });

  it('when a round is recorded, then it reads back exactly with every status counted', async () => {
    const { store } = await env.setup();
    const stored = await store.recordRound(
      round(0, 2, { interrupted: true, exitCode: 2, counts: { failed_to_check: 3 } }),
    );
    const expected = {
      id: stored.id,
      owner: 'checker-1',
      kind: 'round',
      startedAt: new Date(T0),
      finishedAt: new Date(T0 + 2 * MINUTE),
      checked: 3,
      counts: {
        unknown: 0,
        healthy: 0,
        revoked: 0,
        under_scoped: 0,
        workspace_mismatch: 0,
        failed_to_check: 3,
      },
      seenHealthy: 4,
      interrupted: true,
      exitCode: 2,
    };
    expect(stored).toEqual(expected);
    expect(await store.lastRounds(5)).toEqual([expected]);
  });

  it('when rounds finish out of recording order, then lastRounds lists them by finish time, newest first, up to the limit', async () => {
    const { store } = await env.setup();
    await store.recordRound(round(10, 1, { owner: 'a' })); // finished at +11
    await store.recordRound(round(0, 30, { owner: 'b' })); // finished at +30 (a long round)
    await store.recordRound(round(5, 1, { owner: 'c' })); // finished at +6
    expect((await store.lastRounds()).map((r) => r.owner)).toEqual(['b', 'a', 'c']);
    expect((await store.lastRounds(2)).map((r) => r.owner)).toEqual(['b', 'a']);
  });

  it('when more rounds than kept are recorded, then only the newest stay', async () => {
    const { store, db } = await env.setup();
    for (let i = 0; i < 5; i += 1)
      await store.recordRound(round(i, 1, { owner: `r${i}` }), { keep: 3 });
    expect((await store.lastRounds()).map((r) => r.owner)).toEqual(['r4', 'r3', 'r2']);
    const [row] = await db.rawQuery('SELECT COUNT(*) AS n FROM health_rounds');
    expect(Number(row?.n)).toBe(3);
  });

  it('when a round is invalid, then recordRound rejects it with STORE_INPUT_INVALID and stores nothing', async () => {
    const { store } = await env.setup();
    await expect(store.recordRound(round(5, -1))).rejects.toMatchObject({
      code: 'STORE_INPUT_INVALID',
      message: 'finishedAt must not be before startedAt.',
    });
    await expect(store.recordRound(round(0, 1, { counts: { healthy: -1 } }))).rejects.toMatchObject(
      {
        code: 'STORE_INPUT_INVALID',
        message: `counts.healthy must be an integer between 0 and ${Number.MAX_SAFE_INTEGER}.`,
      },
    );
    await expect(store.lastRounds(0)).rejects.toMatchObject({ code: 'STORE_INPUT_INVALID' });
    expect(await store.lastRounds()).toEqual([]);
  });
}
