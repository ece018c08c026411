import { leakViolations, memoryViolations, operationErrors, rssGrowth } from './checks.js';

describe('soak checks', () => {
  it('when RSS grows less than 10% after warm-up, then it passes; at 10% or more it fails', () => {
    expect(rssGrowth(200e6, 210e6)).toBeCloseTo(0.05);
    expect(memoryViolations(200e6, 219e6)).toEqual([]);
    expect(memoryViolations(200e6, 230e6)).toEqual([
      'RSS grew 15.0% after warm-up (200.0 MB → 230.0 MB), limit 10%',
    ]);
  });

  it('when a broken build leaves sockets or handles open after the load, then both are reported', () => {
    expect(leakViolations({ fds: 25, handles: 4 }, { fds: 25, handles: 4 })).toEqual([]);
    expect(leakViolations({ fds: 25, handles: 4 }, { fds: 31, handles: 5 })).toEqual([
      '6 more file descriptors than before the load (25 → 31)',
      '1 more active handles than before the load (4 → 5)',
    ]);
  });

  it('when an operation failed, then it is an error', () => {
    expect(
      operationErrors([
        { kind: 'install', ok: true, detail: '200' },
        { kind: 'health', ok: false, detail: 'exit 2' },
      ]),
    ).toEqual(['health: exit 2']);
  });
});
