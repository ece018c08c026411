import { runPool } from './pool.js';

/** Items resolve only when the test releases them, so concurrency is observable without timers. */
function gate() {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  return { promise, release };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('runPool', () => {
  it('when more items than lanes exist, then at most `concurrency` run at once and all finish', async () => {
    const gates = Array.from({ length: 5 }, gate);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const pool = runPool([0, 1, 2, 3, 4], { concurrency: 2 }, async (i) => {
      active += 1;
      peak = Math.max(peak, active);
      await gates[i]?.promise;
      active -= 1;
      done.push(i);
    });
    await flush();
    expect(active).toBe(2);
    for (const g of gates) {
      g.release();
      await flush();
    }
    await pool;
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('when the source is an async generator, then items are pulled lazily and its finally runs', async () => {
    const pulled: number[] = [];
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < 100; i += 1) {
          pulled.push(i);
          yield i;
        }
      } finally {
        closed = true;
      }
    }
    let stop = false;
    await runPool(source(), { concurrency: 3, shouldStop: () => stop }, async (i) => {
      if (i === 4) stop = true;
    });
    expect(pulled.length).toBeLessThanOrEqual(8);
    expect(closed).toBe(true);
  });

  it('when a worker throws, then no new item starts and the error is rethrown', async () => {
    const seen: number[] = [];
    await expect(
      runPool([1, 2, 3, 4, 5, 6], { concurrency: 1 }, async (i) => {
        seen.push(i);
        if (i === 2) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(seen).toEqual([1, 2]);
  });

  it('when the source throws, then the error is rethrown after running items finish', async () => {
    async function* source() {
      yield 1;
      throw new Error('store down');
    }
    const seen: number[] = [];
    await expect(
      runPool(source(), { concurrency: 2 }, async (i) => void seen.push(i)),
    ).rejects.toThrow('store down');
    expect(seen).toEqual([1]);
  });

  it('when concurrency is not a positive whole number, then it is rejected', async () => {
    await expect(runPool([], { concurrency: 0 }, async () => undefined)).rejects.toThrow(
      'concurrency must be a whole number >= 1, got 0',
    );
  });
});
