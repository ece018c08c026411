import { ExitCode, exitCodeFor } from './exit-code.js';

describe('exitCodeFor', () => {
  it.each([
    [{}, 0],
    [{ healthy: 3 }, 0],
    [{ healthy: 3, failed_to_check: 1 }, 2],
    [{ revoked: 1 }, 1],
    [{ under_scoped: 1, failed_to_check: 5 }, 1],
    [{ workspace_mismatch: 1, healthy: 9 }, 1],
    [{ healthy: 0, revoked: 0, failed_to_check: 0 }, 0],
  ])('when the counts are %j, then the exit code is %i', (counts, code) => {
    expect(exitCodeFor(counts)).toBe(code);
  });

  it('when the exit codes are listed, then they follow sysexits for usage, tempfail and config', () => {
    expect(ExitCode).toEqual({
      Ok: 0,
      Problems: 1,
      Unchecked: 2,
      Usage: 64,
      Locked: 75,
      Config: 78,
    });
  });
});
