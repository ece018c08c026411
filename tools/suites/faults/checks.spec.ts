import {
  failuresWithoutCode,
  halfInstalls,
  misclassified,
  rateViolations,
  shownCodeOf,
  tally,
  unendedRuns,
  type InstallEvidence,
  type StoredEvidence,
} from './checks.js';

const ok = (ws: string): StoredEvidence => ({ workspaceId: ws, decrypts: true, works: true });

describe('halfInstalls', () => {
  it('when answers and the store agree, then there is no violation', () => {
    const installs: InstallEvidence[] = [
      { scenario: 's', workspaceId: 'w1', ended: true, status: 200 },
      { scenario: 's', workspaceId: 'w2', ended: true, status: 503, shownCode: 'ATTIO_CONNECTION' },
    ];
    expect(halfInstalls(installs, new Map([['w1', ok('w1')]]))).toEqual([]);
  });

  it('when a broken build stores the connection before a later step fails, then the failed install is reported', () => {
    const installs: InstallEvidence[] = [
      {
        scenario: 'resets',
        workspaceId: 'w2',
        ended: true,
        status: 503,
        shownCode: 'ATTIO_CONNECTION',
      },
    ];
    expect(halfInstalls(installs, new Map([['w2', ok('w2')]]))).toEqual([
      'resets w2: answered 503 ATTIO_CONNECTION but a connection was stored',
    ]);
  });

  it('when a success was answered but nothing stored, or a stored token does not decrypt, then both are reported', () => {
    const installs: InstallEvidence[] = [
      { scenario: 's', workspaceId: 'w1', ended: true, status: 200 },
      { scenario: 's', workspaceId: 'w3', ended: true, status: 200 },
    ];
    const stored = new Map([['w3', { workspaceId: 'w3', decrypts: false, works: false }]]);
    expect(halfInstalls(installs, stored)).toEqual([
      's w1: answered 200 but nothing was stored',
      'w3: stored token does not decrypt (partial row)',
    ]);
  });
});

describe('failuresWithoutCode', () => {
  const known = new Set(['ATTIO_TIMEOUT']);
  it('when a failure has no code or an unknown one, then it is reported', () => {
    const installs: InstallEvidence[] = [
      { scenario: 'hang', workspaceId: 'w1', ended: true, status: 504, shownCode: 'ATTIO_TIMEOUT' },
      { scenario: 'hang', workspaceId: 'w2', ended: true, status: 500 },
      { scenario: 'hang', workspaceId: 'w3', ended: true, status: 502, shownCode: 'Error' },
    ];
    expect(failuresWithoutCode(installs, known)).toEqual([
      'hang w2: answered 500 without a failure code',
      'hang w3: answered 502 with unknown code Error',
    ]);
  });
});

describe('shownCodeOf', () => {
  it('when the answer is JSON or a failure page, then the code is read from either', () => {
    expect(shownCodeOf('{"error":{"code":"ATTIO_TIMEOUT"}}')).toBe('ATTIO_TIMEOUT');
    expect(shownCodeOf('<p>Error code <code id="error-code">INSTALL_STATE_REUSED</code></p>')).toBe(
      'INSTALL_STATE_REUSED',
    );
    expect(shownCodeOf('<h1>Internal Server Error</h1>')).toBeUndefined();
  });
});

describe('misclassified', () => {
  it('when a broken build marks a 503 as revoked, then the verdict is a violation', () => {
    expect(
      misclassified([
        { scenario: '30% 5xx', target: 'w1', status: 'healthy', errorCode: null },
        {
          scenario: '30% 5xx',
          target: 'w2',
          status: 'failed_to_check',
          errorCode: 'ATTIO_SERVER_ERROR',
        },
        { scenario: '30% 5xx', target: 'w3', status: 'revoked', errorCode: 'ATTIO_SERVER_ERROR' },
      ]),
    ).toEqual(['30% 5xx w3: a valid token was classified revoked (errorCode ATTIO_SERVER_ERROR)']);
  });
});

describe('rateViolations and unendedRuns', () => {
  it('when a token was seen more than the limit in one second, then it is reported by id', () => {
    expect(
      rateViolations(
        { byToken: { tok_a: { maxPerSecond: 100 }, tok_b: { maxPerSecond: 101 } } },
        100,
      ),
    ).toEqual(['tok_b: 101 requests in one second (limit 100)']);
  });

  it('when a run did not end, then it is reported', () => {
    expect(
      unendedRuns([
        { label: 'round a', ended: true },
        { label: 'round b', ended: false },
      ]),
    ).toEqual(['round b: did not end within its deadline']);
  });

  it('when values repeat, then tally counts them, most frequent first', () => {
    expect(tally(['a', 'b', 'b'])).toBe('b×2, a×1');
    expect(tally([])).toBe('none');
  });
});
