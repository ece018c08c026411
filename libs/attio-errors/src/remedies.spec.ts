import { ErrorCode } from './error-codes.js';
import { REMEDIES, remedyFor } from './remedies.js';

describe('REMEDIES', () => {
  it('when listed, then every error code has a non-empty cause and action', () => {
    for (const code of Object.values(ErrorCode)) {
      expect(REMEDIES[code].cause.length).toBeGreaterThan(10);
      expect(REMEDIES[code].action.length).toBeGreaterThan(10);
    }
    expect(Object.keys(REMEDIES).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('when the seed says a revoked token gives 404, then the corrected table says 401 instead', () => {
    expect(REMEDIES.ATTIO_NOT_FOUND.cause).toContain('a revoked token gives 401, not 404');
    expect(REMEDIES.ATTIO_TOKEN_INACTIVE.cause).toContain('active: false');
  });

  it('when the seed says invalid_grant is a 401, then the corrected table accepts 400 or 401', () => {
    expect(REMEDIES.ATTIO_OAUTH_INVALID_GRANT.cause).toContain('Attio may send 400 or 401');
  });

  it('when the seed says to regenerate a token for a missing scope, then the table says to edit scopes', () => {
    expect(REMEDIES.ATTIO_INSUFFICIENT_SCOPES.action).toContain(
      'add them in Settings > Developers',
    );
    expect(REMEDIES.ATTIO_INSUFFICIENT_SCOPES.action).not.toContain('regenerate');
  });
});

describe('remedyFor', () => {
  it('when the code is unknown, then it falls back to the unexpected-status remedy', () => {
    expect(remedyFor('ATTIO_SOMETHING_NEW')).toBe(REMEDIES.ATTIO_UNEXPECTED_STATUS);
    expect(remedyFor('ATTIO_TIMEOUT')).toBe(REMEDIES.ATTIO_TIMEOUT);
  });
});
