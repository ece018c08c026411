import { loadDriver } from '../drivers/load-driver.js';
import type { SqlDriver } from '../drivers/sql-driver.js';
import { openSqliteDriver } from '../drivers/sqlite-driver.js';
import { checkIntervalOf, nextCheckAtSql } from './check-interval.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('checkIntervalOf', () => {
  it('when no policy is given, then every interval is 0 (due as soon as checked)', () => {
    expect(checkIntervalOf(undefined)).toEqual({ minMs: 0, maxMs: 0, failingMs: 0 });
  });

  it('when failing ≤ min ≤ max, then the policy is kept as given', () => {
    expect(checkIntervalOf({ minMs: HOUR, maxMs: 24 * HOUR, failingMs: MINUTE })).toEqual({
      minMs: HOUR,
      maxMs: 24 * HOUR,
      failingMs: MINUTE,
    });
  });

  it.each([
    [
      { minMs: HOUR, maxMs: MINUTE, failingMs: 0 },
      `checkInterval.maxMs must be an integer between ${HOUR} and 2592000000.`,
    ],
    [
      { minMs: MINUTE, maxMs: HOUR, failingMs: HOUR },
      `checkInterval.failingMs must be an integer between 0 and ${MINUTE}.`,
    ],
    [
      { minMs: -1, maxMs: HOUR, failingMs: 0 },
      'checkInterval.minMs must be an integer between 0 and 2592000000.',
    ],
    [
      { minMs: 1.5, maxMs: HOUR, failingMs: 0 },
      'checkInterval.minMs must be an integer between 0 and 2592000000.',
    ],
  ])('when the policy is %j, then it is rejected: %s', (policy, message) => {
    expect(() => checkIntervalOf(policy)).toThrow(message);
  });
});

describe('nextCheckAtSql', () => {
  let driver: SqlDriver;
  beforeAll(async () => {
    driver = openSqliteDriver(await loadDriver('better-sqlite3'), ':memory:');
    await driver.run(
      'CREATE TABLE connections (health_status TEXT NOT NULL, health_status_since_ms BIGINT)',
    );
  });
  afterAll(() => driver.close());

  /** The interval (ms) the expression gives for a row (`before`, healthy since) and a new verdict at `at`. */
  async function interval(
    before: string,
    sinceMs: number | null,
    status: string,
    at: number,
  ): Promise<number> {
    await driver.run('DELETE FROM connections');
    await driver.run(
      'INSERT INTO connections (health_status, health_status_since_ms) VALUES ($1, $2)',
      [before, sinceMs],
    );
    const expr = nextCheckAtSql('$1', '$2', { min: '$3', max: '$4', failing: '$5' });
    const [row] = await driver.all<{ due: number }>(`SELECT ${expr} AS due FROM connections`, [
      status,
      at,
      HOUR,
      8 * HOUR,
      10 * MINUTE,
    ]);
    return (row?.due ?? Number.NaN) - at;
  }

  it.each([
    ['unknown', null, 'healthy', 0, HOUR], // first check
    ['healthy', 10 * HOUR, 'healthy', 10 * HOUR, HOUR], // healthy for 0: min
    ['healthy', 0, 'healthy', 30 * MINUTE, HOUR], // below min: min
    ['healthy', 0, 'healthy', 3 * HOUR, 3 * HOUR], // as long as it has been healthy
    ['healthy', 0, 'healthy', 20 * HOUR, 8 * HOUR], // bounded by max
    ['healthy', 5 * HOUR, 'healthy', 0, HOUR], // clock went back: min
    ['failed_to_check', 0, 'healthy', 5 * HOUR, HOUR], // a recovery starts at min
    ['healthy', 0, 'failed_to_check', 5 * HOUR, 10 * MINUTE],
    ['healthy', 0, 'under_scoped', 5 * HOUR, 10 * MINUTE],
    ['healthy', 0, 'revoked', 5 * HOUR, 8 * HOUR],
    ['revoked', 0, 'workspace_mismatch', 5 * HOUR, 8 * HOUR],
    ['healthy', 0, 'unknown', 5 * HOUR, HOUR],
  ])(
    'when the row is %s since %p and the verdict is %s at %p, then it is due %p ms later',
    async (before, since, status, at, expected) => {
      expect(await interval(before, since, status, at)).toBe(expected);
    },
  );
});
