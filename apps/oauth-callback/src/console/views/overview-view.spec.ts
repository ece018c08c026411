import type { HealthRound, StatusCountsOverTime } from '@attio-auth/connection-store';

import { duration, overviewView, type OverviewData } from './overview-view.js';

const T = new Date('2026-03-01T10:00:00.000Z');
const TREND: StatusCountsOverTime = { from: T, to: T, bucketMs: 1, points: [] };

function data(lastRound: HealthRound | undefined): OverviewData {
  return {
    counts: [],
    deletedCount: 0,
    deliveries: { pending: 0, delivered: 0, dead: 0, disabled: 0 },
    attioIncident: undefined,
    recentEvents: [],
    trend: TREND,
    lastRound,
  };
}

/** The "Last round" section of the rendered overview. */
function lastRoundSection(html: string): string {
  const match = /<section aria-labelledby="h-last-round">[\s\S]*?<\/section>/.exec(html);
  if (!match) throw new Error('no Last round section');
  return match[0];
}

describe('overview: the last health round', () => {
  it('when no round was recorded, then the section says so', () => {
    expect(lastRoundSection(overviewView(data(undefined)).__html)).toBe(
      '<section aria-labelledby="h-last-round"><h2 id="h-last-round">Last round</h2>\n' +
        '<p id="no-round">No round recorded yet.</p></section>',
    );
  });

  it('when a round completed with no verdicts, then it lists its labels with "none" and "completed"', () => {
    const section = lastRoundSection(
      overviewView(
        data({
          id: 7,
          owner: 'host<1>',
          kind: 'round',
          startedAt: T,
          finishedAt: new Date(T.getTime() + 850),
          checked: 0,
          counts: {
            unknown: 0,
            healthy: 0,
            revoked: 0,
            under_scoped: 0,
            workspace_mismatch: 0,
            failed_to_check: 0,
          },
          seenHealthy: 0,
          interrupted: false,
          exitCode: 0,
        }),
      ).__html,
    );
    expect(section).toContain('<dt>Took</dt><dd>850 ms</dd>');
    expect(section).toContain('<dt>Verdicts</dt><dd>none</dd>');
    expect(section).toContain('<dt>Ended</dt><dd>completed, exit code 0</dd>');
    // The owner is escaped like every value.
    expect(section).toContain('<dt>Checker</dt><dd><code>host&lt;1&gt;</code></dd>');
  });

  it('when durations are shown, then each reads in its largest sensible units', () => {
    expect(
      [0, 999, 1_000, 12_345, 59_999, 60_000, 245_000, 3_600_000, 7_830_000].map(duration),
    ).toEqual([
      '0 ms',
      '999 ms',
      '1.0 s',
      '12.3 s',
      '59.9 s',
      '1 min 0 s',
      '4 min 5 s',
      '1 h 0 min',
      '2 h 10 min',
    ]);
  });
});
