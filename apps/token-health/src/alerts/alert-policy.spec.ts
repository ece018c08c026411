import { decideAlert, StatusMemory, type AlertPolicyInput } from './alert-policy.js';

const base: AlertPolicyInput = {
  previous: 'healthy',
  previousConsecutiveFailures: 0,
  current: 'healthy',
  consecutiveFailures: 0,
  failureThreshold: 3,
};

describe('decideAlert', () => {
  it.each([
    ['healthy', 'revoked', { alert: true, kind: 'problem' }],
    ['healthy', 'under_scoped', { alert: true, kind: 'problem' }],
    ['healthy', 'workspace_mismatch', { alert: true, kind: 'problem' }],
    ['revoked', 'under_scoped', { alert: true, kind: 'problem' }],
    ['revoked', 'healthy', { alert: true, kind: 'recovered' }],
    ['under_scoped', 'healthy', { alert: true, kind: 'recovered' }],
    ['revoked', 'revoked', { alert: false }],
    ['healthy', 'healthy', { alert: false }],
    ['unknown', 'healthy', { alert: false }],
    ['unknown', 'revoked', { alert: true, kind: 'problem' }],
  ] as const)(
    'when the status goes from %s to %s, then the decision is %j',
    (previous, current, decision) => {
      expect(decideAlert({ ...base, previous, current })).toEqual(decision);
    },
  );

  it('when failures accumulate, then only the check that reaches the threshold alerts', () => {
    const decisions = [1, 2, 3, 4, 5].map((n) =>
      decideAlert({
        ...base,
        previous: n === 1 ? 'healthy' : 'failed_to_check',
        previousConsecutiveFailures: n - 1,
        current: 'failed_to_check',
        consecutiveFailures: n,
      }),
    );
    expect(decisions).toEqual([
      { alert: false },
      { alert: false },
      { alert: true, kind: 'unreachable' },
      { alert: false },
      { alert: false },
    ]);
  });

  it('when a threshold of 1 is configured, then the first failure alerts', () => {
    expect(
      decideAlert({
        ...base,
        current: 'failed_to_check',
        consecutiveFailures: 1,
        failureThreshold: 1,
      }),
    ).toEqual({
      alert: true,
      kind: 'unreachable',
    });
  });

  it('when an alerted outage ends healthy, then recovery alerts; when a short blip ends healthy, then nothing', () => {
    const after = (failures: number) =>
      decideAlert({
        ...base,
        previous: 'failed_to_check',
        previousConsecutiveFailures: failures,
        current: 'healthy',
      });
    expect(after(3)).toEqual({ alert: true, kind: 'recovered' });
    expect(after(7)).toEqual({ alert: true, kind: 'recovered' });
    expect(after(2)).toEqual({ alert: false });
  });

  it('when a short blip ends in a problem status, then it alerts (the pre-blip status is not stored)', () => {
    expect(
      decideAlert({
        ...base,
        previous: 'failed_to_check',
        previousConsecutiveFailures: 1,
        current: 'revoked',
      }),
    ).toEqual({
      alert: true,
      kind: 'problem',
    });
  });
});

describe('StatusMemory', () => {
  it('when statuses are recorded for a name, then previous status and failure counts follow', () => {
    const memory = new StatusMemory();
    expect(memory.record('a', 'failed_to_check')).toEqual({
      previous: 'unknown',
      previousConsecutiveFailures: 0,
      consecutiveFailures: 1,
    });
    expect(memory.record('a', 'failed_to_check')).toEqual({
      previous: 'failed_to_check',
      previousConsecutiveFailures: 1,
      consecutiveFailures: 2,
    });
    expect(memory.record('a', 'revoked')).toEqual({
      previous: 'failed_to_check',
      previousConsecutiveFailures: 2,
      consecutiveFailures: 0,
    });
    expect(memory.record('b', 'healthy')).toEqual({
      previous: 'unknown',
      previousConsecutiveFailures: 0,
      consecutiveFailures: 0,
    });
  });
});
