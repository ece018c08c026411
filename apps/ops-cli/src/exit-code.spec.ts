import { bulkOutcome, exitCodeFor } from './exit-code.js';

describe('exit codes', () => {
  it('when each outcome is mapped, then the codes are the documented ones', () => {
    expect(
      (
        [
          'ok',
          'failed',
          'partial',
          'unreachable',
          'usage_error',
          'internal_error',
          'config_error',
        ] as const
      ).map(exitCodeFor),
    ).toEqual([0, 1, 2, 3, 64, 70, 78]);
  });

  it('when a bulk command is summed up, then all done is ok, none done is failed, a mix is partial', () => {
    expect(bulkOutcome({ done: 0, failed: 0 })).toBe('ok');
    expect(bulkOutcome({ done: 3, failed: 0 })).toBe('ok');
    expect(bulkOutcome({ done: 0, failed: 2 })).toBe('failed');
    expect(bulkOutcome({ done: 3, failed: 1 })).toBe('partial');
  });
});
