import { startScheduler } from './scheduler.js';

const silent = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
/** A far-future schedule: rounds run only when the test triggers them. */
const NEVER = '0 0 1 1 *';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const flush = () => new Promise((r) => setImmediate(r));

describe('startScheduler', () => {
  it('when a round is still running, then another trigger does not start a second one', async () => {
    const gate = deferred();
    let rounds = 0;
    const warnings: string[] = [];
    const scheduler = startScheduler({
      cron: NEVER,
      round: async () => {
        rounds += 1;
        await gate.promise;
        return 0;
      },
      logger: { ...silent, warn: (_o: object, msg?: string) => void warnings.push(msg ?? '') },
      now: () => 1_000,
      requestStop: () => undefined,
      abandon: () => undefined,
    });
    const first = scheduler.trigger();
    await flush();
    expect(scheduler.state().roundInProgress).toBe(true);
    await scheduler.trigger();
    expect(rounds).toBe(1);
    expect(warnings).toEqual(['previous round still running; this tick is skipped']);
    gate.resolve();
    await first;
    expect(scheduler.state()).toMatchObject({
      roundInProgress: false,
      lastRoundExitCode: 0,
      lastRoundFinishedAt: new Date(1_000),
      stopping: false,
    });
    expect(await scheduler.stop(10, async () => undefined)).toBe('idle');
  });

  it('when stopped during a round that honours the stop request, then it finishes within the bound', async () => {
    const gate = deferred();
    const scheduler = startScheduler({
      cron: NEVER,
      round: async () => {
        await gate.promise;
        return 2;
      },
      logger: silent,
      now: () => 0,
      requestStop: () => gate.resolve(),
      abandon: () => {
        throw new Error('must not abandon');
      },
    });
    void scheduler.trigger();
    await flush();
    const never = () => new Promise<void>(() => undefined);
    expect(await scheduler.stop(20_000, never)).toBe('finished');
    expect(scheduler.state()).toMatchObject({
      stopping: true,
      nextRunAt: null,
      lastRoundExitCode: 2,
    });
  });

  it('when the round ignores the stop request past the bound, then it is abandoned', async () => {
    const gate = deferred();
    const calls: string[] = [];
    const scheduler = startScheduler({
      cron: NEVER,
      round: async () => {
        await gate.promise;
        return 0;
      },
      logger: silent,
      now: () => 0,
      requestStop: () => void calls.push('requestStop'),
      abandon: () => {
        calls.push('abandon');
        gate.resolve();
      },
    });
    void scheduler.trigger();
    await flush();
    expect(await scheduler.stop(20_000, async () => undefined)).toBe('abandoned');
    expect(calls).toEqual(['requestStop', 'abandon']);
  });

  it('when a round throws, then the failure is logged and recorded as exit code 2', async () => {
    const errors: string[] = [];
    const scheduler = startScheduler({
      cron: NEVER,
      round: async () => {
        throw new Error('database went away');
      },
      logger: { ...silent, error: (o: object) => void errors.push(JSON.stringify(o)) },
      now: () => 0,
      requestStop: () => undefined,
      abandon: () => undefined,
    });
    await scheduler.trigger();
    expect(scheduler.state().lastRoundExitCode).toBe(2);
    expect(errors).toEqual(['{"err":"database went away"}']);
    await scheduler.stop(0, async () => undefined);
  });
});
