import { failedStarts, lostInstalls, partialRows, rotationViolations } from './checks.js';

describe('crash checks', () => {
  it('when every answered install has a whole row, then nothing is reported', () => {
    const rows = new Map([['w1', { workspaceId: 'w1', decrypts: true, works: true }]]);
    expect(lostInstalls(['w1'], rows)).toEqual([]);
    expect(partialRows(rows.values())).toEqual([]);
  });

  it('when a broken build answers before committing (the row is lost in the kill), then the install is reported lost', () => {
    expect(
      lostInstalls(
        ['w1', 'w2'],
        new Map([['w1', { workspaceId: 'w1', decrypts: true, works: true }]]),
      ),
    ).toEqual(['w2: answered as installed, but no row after the crash']);
  });

  it('when a half-written row is left (metadata without a usable token), then it is a partial row', () => {
    const rows = [
      { workspaceId: 'w1', decrypts: false, works: false },
      { workspaceId: 'w2', decrypts: true, works: false },
    ];
    expect(partialRows(rows)).toEqual([
      'w1: token does not decrypt (partial row)',
      'w2: stored token is not an active token of this workspace',
    ]);
    expect(lostInstalls(['w1'], new Map(rows.map((r) => [r.workspaceId, r])))).toEqual([
      'w1: answered as installed, but its token does not decrypt',
    ]);
  });

  it('when the service does not come back on the same store, then the start is reported with its output', () => {
    expect(
      failedStarts([
        { label: 'restart 1', ready: true, ms: 900 },
        { label: 'restart 2', ready: false, ms: 90000, output: 'SQLITE_CORRUPT' },
      ]),
    ).toEqual(['restart 2: not ready after 90000 ms: SQLITE_CORRUPT']);
  });
});

describe('rotate-keys crash checks', () => {
  const seeded = new Map([
    ['w1', 't1'],
    ['w2', 't2'],
  ]);

  it('when every seeded row is on the new key with its own token, then nothing is reported', () => {
    expect(
      rotationViolations(
        seeded,
        [
          { workspaceId: 'w1', kid: 'new', token: 't1' },
          { workspaceId: 'w2', kid: 'new', token: 't2' },
        ],
        'new',
      ),
    ).toEqual([]);
  });

  it('when a row is lost, left on the old key, or half-written, then each is reported', () => {
    expect(
      rotationViolations(seeded, [{ workspaceId: 'w1', kid: 'old', token: undefined }], 'new'),
    ).toEqual([
      'w1: still on key old',
      'w1: does not decrypt with the new key alone (half-written?)',
      'w2: lost (no row)',
    ]);
  });
});
