import { createAttioClient, tokenBudgetKey } from '@attio-auth/attio-core';
import { createFakeClock, json, startTestServer, until } from '@attio-auth/attio-core/testing';
import type { LimiterSpec, LimiterStore, ObservedLimiter } from './limiter-store.js';
import { createSharedRateBudget } from './shared-rate-budget.js';
import { describeWith, postgresService, redisService } from './spec-support/services.js';
import { postgresStores, redisStores, type StoreFactory } from './spec-support/stores.js';

// A slot-aligned instant: slots are floor(now / windowMs), so a whole second starts a slot of every plan.
const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const TOKEN = 'sk_test_shared_budget_0123456789abcdef';
const KEY = tokenBudgetKey(TOKEN);
const LIMITS = { readsPerSecond: 100, writesPerSecond: 25 };

/** The store, with every consume answered `lateMs()` later on the fake clock (a slow round trip or a blocked loop). */
function lateStore(
  store: LimiterStore,
  clock: { advance(ms: number): void },
  lateMs: () => number,
): LimiterStore {
  const bind = <T extends object>(target: T, value: unknown): unknown =>
    typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
  return new Proxy(store, {
    get(target, prop) {
      if (prop !== 'limiter') return bind(target, Reflect.get(target, prop, target));
      return async (spec: LimiterSpec): Promise<ObservedLimiter> => {
        const observed = await target.limiter(spec);
        const limiter = new Proxy(observed.limiter, {
          get(l, q) {
            if (q !== 'consume') return bind(l, Reflect.get(l, q, l));
            return async (...args: Parameters<typeof l.consume>) => {
              try {
                return await l.consume(...args);
              } finally {
                clock.advance(lateMs());
              }
            };
          },
        });
        return { limiter, servedLocally: observed.servedLocally };
      };
    },
  });
}

function sharedBudgetSuite(stores: () => StoreFactory): void {
  let factory: StoreFactory;
  beforeEach(() => {
    factory = stores();
  });
  afterEach(() => factory.cleanup());

  it('when two processes spend from one store, then together they get one slot allowance and the next waits for the next slot', async () => {
    const clock = createFakeClock(T0);
    const a = await createSharedRateBudget({
      store: await factory.open(),
      limits: LIMITS,
      ...clock,
    });
    const b = await createSharedRateBudget({
      store: await factory.open(),
      limits: LIMITS,
      ...clock,
    });
    expect(a.plan.read).toEqual({ windowMs: 125, sharedPoints: 10, localPoints: 10 });
    const waited: number[] = [];
    for (let i = 0; i < 10; i += 1)
      waited.push((await (i % 2 ? b : a).acquire(KEY, 'read')).waitedMs);
    expect(waited).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(clock.sleeps).toEqual([]);
    const eleventh = await b.acquire(KEY, 'read');
    expect(eleventh.waitedMs).toBe(125);
    expect(clock.sleeps).toEqual([125]);
    // Writes have their own counter.
    expect((await a.acquire(KEY, 'write')).waitedMs).toBe(0);
    expect({ a: a.mode(), b: b.mode() }).toEqual({ a: 'shared', b: 'shared' });
  });

  it('when one process stores a pause, then the next grant of another waits it out, and a shorter pause never shortens it', async () => {
    const clock = createFakeClock(T0);
    const a = await createSharedRateBudget({ store: await factory.open(), ...clock });
    const b = await createSharedRateBudget({ store: await factory.open(), ...clock });
    await a.pause(KEY, T0 + 800);
    await a.pause(KEY, T0 + 300);
    expect(a.pausedUntil(KEY)).toBe(T0 + 800);
    expect(b.pausedUntil(KEY)).toBe(0); // not read yet: b reads the store with its next grant
    expect((await b.acquire(tokenBudgetKey('sk_other_token_0123456789'), 'read')).waitedMs).toBe(0);
    expect(clock.sleeps).toEqual([]);
    expect((await b.acquire(KEY, 'read')).waitedMs).toBe(800);
    expect(clock.sleeps).toEqual([800]);
  });

  it("when process A gets a 429 with Retry-After, then process B's client waits out the same pause before sending", async () => {
    const clock = createFakeClock(T0, 'manual');
    const server = await startTestServer((req, res, i) =>
      i === 0
        ? json(
            res,
            429,
            {
              status_code: 429,
              type: 'rate_limit_error',
              code: 'rate_limit_exceeded',
              message: 'Slow down',
            },
            { 'retry-after': '2' },
          )
        : json(res, 200, { data: [] }),
    );
    try {
      const clientOf = async () =>
        createAttioClient({
          token: TOKEN,
          baseUrl: server.url,
          rateBudget: await createSharedRateBudget({ store: await factory.open(), ...clock }),
          now: clock.now,
          sleep: clock.sleep,
        });
      const [clientA, clientB] = [await clientOf(), await clientOf()];
      const first = clientA.get('/v2/objects');
      await until(() => clock.pending === 1, 'A waiting out its 429');
      const second = clientB.get('/v2/objects');
      await until(() => clock.pending === 2, 'B waiting out the shared pause');
      expect(server.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([2000, 2000]);
      clock.release(2000);
      await expect(Promise.all([first, second])).resolves.toEqual([{ data: [] }, { data: [] }]);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('when a grant comes back more than half a slot after its slot ended, then it is dropped and the request spends from the current slot instead', async () => {
    const clock = createFakeClock(T0);
    let late = 200; // the first consume answers 200 ms late: slot 0 (0–125 ms) is over
    const a = await createSharedRateBudget({
      store: lateStore(await factory.open(), clock, () => {
        const ms = late;
        late = 0;
        return ms;
      }),
      limits: LIMITS,
      ...clock,
    });
    expect((await a.acquire(KEY, 'read')).waitedMs).toBe(200);
    // Slot 1 (125–250 ms) holds a's grant: another process gets the other 9, then waits for slot 2.
    const b = await createSharedRateBudget({
      store: await factory.open(),
      limits: LIMITS,
      ...clock,
    });
    const waited: number[] = [];
    for (let i = 0; i < 10; i += 1) waited.push((await b.acquire(KEY, 'read')).waitedMs);
    expect(waited).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 50]);
  });

  it('when every grant comes back late, then a request drops two and uses the third rather than waiting for ever', async () => {
    const clock = createFakeClock(T0);
    const a = await createSharedRateBudget({
      store: lateStore(await factory.open(), clock, () => 200),
      limits: LIMITS,
      ...clock,
    });
    expect((await a.acquire(KEY, 'read')).waitedMs).toBe(600);
  });

  it('when a queued acquire is aborted, then it rejects with the reason and the queue behind it moves on', async () => {
    const clock = createFakeClock(T0, 'manual');
    const budget = await createSharedRateBudget({
      store: await factory.open(),
      limits: { readsPerSecond: 100, writesPerSecond: 3 },
      ...clock,
    });
    expect(budget.plan.write).toEqual({ windowMs: 1000, sharedPoints: 1, localPoints: 1 });
    await budget.acquire(KEY, 'write');
    const controller = new AbortController();
    const blocked = budget.acquire(KEY, 'write', controller.signal);
    const behind = budget.acquire(KEY, 'write');
    await until(() => clock.pending === 1, 'the head waiting for the next slot');
    controller.abort(new Error('caller gave up'));
    await expect(blocked).rejects.toThrow('caller gave up');
    await until(() => clock.sleeps.length === 2, 'the next in line waiting for the next slot');
    clock.release(1000);
    await expect(behind).resolves.toMatchObject({ waitedMs: 1000 });
  });
}

describeWith(redisService(), 'shared rate budget on Redis', () => sharedBudgetSuite(redisStores));
describeWith(postgresService(), 'shared rate budget on PostgreSQL', () =>
  sharedBudgetSuite(postgresStores),
);
