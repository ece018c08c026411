import { ExitCode, exitCodeFor, exitCodeOfVerdict, verdictFor } from './exit-code.js';

describe('exitCodeFor', () => {
  it('when nothing failed, then 0', () => {
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor([undefined, undefined])).toBe(0);
  });

  it('when one outcome is present, then its documented code', () => {
    expect(exitCodeFor(['token_invalid'])).toBe(1);
    expect(exitCodeFor(['scopes_missing'])).toBe(2);
    expect(exitCodeFor(['could_not_check'])).toBe(3);
    expect(exitCodeFor(['usage_error'])).toBe(64);
    expect(exitCodeFor(['config_error'])).toBe(78);
  });

  it('when a definite finding and "could not check" are both present, then the finding wins', () => {
    expect(exitCodeFor(['could_not_check', 'scopes_missing'])).toBe(ExitCode.ScopesMissing);
    expect(exitCodeFor(['could_not_check', 'token_invalid', 'scopes_missing'])).toBe(
      ExitCode.TokenInvalid,
    );
  });

  it('when usage or configuration is wrong, then that hides every other outcome', () => {
    expect(exitCodeFor(['token_invalid', 'config_error'])).toBe(78);
    expect(exitCodeFor(['config_error', 'usage_error'])).toBe(64);
  });
});

describe('verdictFor', () => {
  it('when outcomes are mixed, then the verdict names the winning one and maps back to the same code', () => {
    const verdict = verdictFor([undefined, 'could_not_check', 'scopes_missing']);
    expect(verdict).toBe('scopes_missing');
    expect(exitCodeOfVerdict(verdict)).toBe(2);
    expect(verdictFor([undefined])).toBe('ok');
  });
});
