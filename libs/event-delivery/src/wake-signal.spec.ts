import { describe, expect, it } from '@jest/globals';

import { createWakeSignal, type Sleep } from './wake-signal.js';

/** A sleep that never ends on its own: only an abort ends it (so a test never waits on time). */
const forever: Sleep = (_ms, signal) =>
  new Promise((_resolve, reject) =>
    signal?.addEventListener('abort', () => reject(new Error('aborted'))),
  );

describe('createWakeSignal', () => {
  it('when notify is called during a wait, then the wait ends', async () => {
    const wake = createWakeSignal(forever);
    const waiting = wake.wait(60_000);
    wake.notify();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('when notify came before the wait, then the next wait returns at once and the one after waits', async () => {
    const slept: number[] = [];
    const wake = createWakeSignal(async (ms) => {
      slept.push(ms);
    });
    wake.notify();
    await wake.wait(1_000);
    await wake.wait(2_000);
    expect(slept).toEqual([2_000]);
  });
});
