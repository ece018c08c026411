import { createReporter, progressLine, summaryJson, summaryTable } from './reporter.js';
import { SummaryAccumulator, type CheckRecord } from '../round/round-summary.js';
import { bufferStream } from '../testing/buffer-stream.js';

const at = new Date('2026-01-01T00:00:00.000Z');
const record = (status: CheckRecord['status'], name: string): CheckRecord => ({
  target: { kind: 'connection', workspaceId: `ws_${name}`, name },
  status,
  missingScopes: status === 'under_scoped' ? ['note:read'] : [],
  errorCode: status === 'failed_to_check' ? 'ATTIO_TIMEOUT' : null,
  detail: `${status} detail`,
  checkedAt: at,
  durationMs: 12.4,
});

describe('reporter', () => {
  it('when --json is on, then one line per check and a summary line are printed', () => {
    const stdout = bufferStream();
    const stderr = bufferStream(true);
    const reporter = createReporter({ stdout, stderr, json: true, now: () => 0 });
    const acc = new SummaryAccumulator(at);
    reporter.start(2);
    for (const r of [record('healthy', 'a'), record('under_scoped', 'b')]) {
      acc.add(r);
      reporter.check(r);
    }
    reporter.finish(acc.finish(new Date(at.getTime() + 1500), false));
    expect(stdout.lines().map((l) => JSON.parse(l))).toEqual([
      {
        type: 'check',
        target: 'connection',
        workspaceId: 'ws_a',
        name: 'a',
        status: 'healthy',
        missingScopes: [],
        errorCode: null,
        detail: 'healthy detail',
        checkedAt: '2026-01-01T00:00:00.000Z',
        durationMs: 12,
        alert: null,
      },
      {
        type: 'check',
        target: 'connection',
        workspaceId: 'ws_b',
        name: 'b',
        status: 'under_scoped',
        missingScopes: ['note:read'],
        errorCode: null,
        detail: 'under_scoped detail',
        checkedAt: '2026-01-01T00:00:00.000Z',
        durationMs: 12,
        alert: null,
      },
      {
        type: 'summary',
        checked: 2,
        counts: {
          healthy: 1,
          revoked: 0,
          under_scoped: 1,
          workspace_mismatch: 0,
          failed_to_check: 0,
        },
        alertsSent: 0,
        suppressed: 0,
        discarded: 0,
        seenHealthy: 0,
        incident: { open: false, opened: false, recovered: false, reason: null },
        interrupted: false,
        durationMs: 1500,
        exitCode: 1,
      },
    ]);
    expect(stderr.text()).toBe('');
  });

  it('when --json lines arrive, then they are written 64 at a time, in order, and the rest at finish', () => {
    const writes: string[] = [];
    const reporter = createReporter({
      stdout: { write: (c: string) => writes.push(c) },
      stderr: bufferStream(),
      json: true,
      now: () => 0,
    });
    const acc = new SummaryAccumulator(at);
    reporter.start(70);
    for (let i = 0; i < 70; i += 1) {
      const r = record('healthy', `n${i}`);
      acc.add(r);
      reporter.check(r);
    }
    expect(writes.map((w) => w.split('\n').length - 1)).toEqual([64]);
    reporter.finish(acc.finish(at, false));
    expect(writes.map((w) => w.split('\n').length - 1)).toEqual([64, 6, 1]);
    const names = writes
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { name?: string }).name);
    expect(names).toEqual([...Array.from({ length: 70 }, (_, i) => `n${i}`), undefined]);
  });

  it('when fewer than 64 --json lines wait, then they are written 100 ms after the first of them', () => {
    jest.useFakeTimers();
    try {
      const writes: string[] = [];
      const reporter = createReporter({
        stdout: { write: (c: string) => writes.push(c) },
        stderr: bufferStream(),
        json: true,
        now: () => 0,
      });
      reporter.start(3);
      reporter.check(record('healthy', 'a'));
      reporter.check(record('revoked', 'b'));
      jest.advanceTimersByTime(99);
      expect(writes).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(
        writes.map((w) =>
          w
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { status: string }).status),
        ),
      ).toEqual([['healthy', 'revoked']]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('when stderr is a TTY and --json is off, then a progress line is drawn and a table is printed', () => {
    const stdout = bufferStream();
    const stderr = bufferStream(true);
    let now = 0;
    const reporter = createReporter({ stdout, stderr, json: false, now: () => now });
    const acc = new SummaryAccumulator(at);
    reporter.start(4);
    now = 1000;
    const r = record('revoked', 'gone');
    acc.add(r);
    reporter.check(r);
    reporter.finish(acc.finish(new Date(at.getTime() + 2000), false));
    expect(stderr.text()).toBe(
      '\r\x1b[2Kchecked 1/4 · 1.0/s · ETA 3s\r\x1b[2Kchecked 1/4 · 1.0/s · ETA 3s\n',
    );
    expect(stdout.text()).toBe(
      [
        'Checked 1 token in 2.0s; 0 alert(s) sent.',
        '',
        'STATUS              COUNT',
        'healthy             0',
        'revoked             1',
        'under_scoped        0',
        'workspace_mismatch  0',
        'failed_to_check     0',
        '',
        'Needs attention:',
        '  revoked             workspace "gone" (ws_gone): revoked detail',
        '',
      ].join('\n'),
    );
  });

  it('when stderr is not a TTY, then no progress is written', () => {
    const stderr = bufferStream(false);
    const reporter = createReporter({ stdout: bufferStream(), stderr, json: false, now: () => 0 });
    reporter.start(1);
    reporter.check(record('healthy', 'a'));
    expect(stderr.text()).toBe('');
  });
});

describe('progressLine and summaryTable', () => {
  it('when rate and remaining are known, then the ETA is formatted in s, m and h', () => {
    expect(progressLine(400, 1000, 2000)).toBe('checked 400/1000 · 200.0/s · ETA 3s');
    expect(progressLine(10, 1210, 1000)).toBe('checked 10/1210 · 10.0/s · ETA 2m00s');
    expect(progressLine(1, 7202, 1000)).toBe('checked 1/7202 · 1.0/s · ETA 2h00m');
    expect(progressLine(0, 10, 0)).toBe('checked 0/10 · 0.0/s · ETA ?');
  });

  it('when more problems exist than are listed, then the table says how many more', () => {
    const acc = new SummaryAccumulator(at, 1);
    acc.add(record('revoked', 'a'));
    acc.add(record('failed_to_check', 'b'));
    acc.add(record('failed_to_check', 'c'));
    const table = summaryTable(acc.finish(at, true));
    expect(table).toContain('Checked 3 tokens in 0.0s (interrupted by shutdown); 0 alert(s) sent.');
    expect(table).toContain('  … and 2 more (use --json for all).');
  });

  it('when an incident opened and results were suppressed and discarded, then the table says so under the first line', () => {
    const acc = new SummaryAccumulator(at);
    acc.add(record('failed_to_check', 'a'), { suppressed: true });
    acc.add(record('failed_to_check', 'b'), { suppressed: false });
    acc.discard();
    const table = summaryTable(
      acc.finish(at, false, { open: true, opened: true, recovered: false, reason: 'http_5xx' }),
    );
    expect(table.split('\n').slice(0, 2)).toEqual([
      'Checked 2 tokens in 0.0s; 0 alert(s) sent.',
      'Attio incident opened (http_5xx); 1 failed check(s) recorded without alerts; ' +
        '1 result(s) discarded (re-installed or deleted during the round).',
    ]);
  });

  it('when connections were skipped as seen healthy, then the table says how many under the first line', () => {
    const acc = new SummaryAccumulator(at);
    acc.add(record('healthy', 'a'));
    acc.seenHealthy(3);
    const summary = acc.finish(at, false);
    expect(summaryTable(summary).split('\n').slice(0, 2)).toEqual([
      'Checked 1 token in 0.0s; 0 alert(s) sent.',
      '3 connection(s) seen healthy (used successfully, not checked).',
    ]);
    expect(summaryJson(summary)).toMatchObject({ checked: 1, seenHealthy: 3 });
  });

  it('when an open incident ends, then the table says it is over', () => {
    const acc = new SummaryAccumulator(at);
    acc.add(record('healthy', 'a'));
    const table = summaryTable(
      acc.finish(at, false, { open: false, opened: false, recovered: true, reason: 'timeout' }),
    );
    expect(table).toContain('\nAttio incident (timeout) over: checks succeed again.\n');
  });

  it('when a stored name or a detail holds terminal escapes, then the table shows them escaped on one line', () => {
    const acc = new SummaryAccumulator(at);
    acc.add({
      ...record('revoked', 'x'),
      target: {
        kind: 'connection',
        workspaceId: 'ws_x',
        name: 'Evil\u001b[2J\u001b]0;t\u0007\r\u009b1m',
      },
      detail: 'Attio said\nhealthy   fake row',
    });
    const table = summaryTable(acc.finish(at, false));
    expect(table).toContain(
      '  revoked             workspace "Evil\\u001b[2J\\u001b]0;t\\u0007\\u000d\\u009b1m" (ws_x): ' +
        'Attio said\\u000ahealthy   fake row\n',
    );
    // eslint-disable-next-line no-control-regex -- asserting on control characters
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('--json lines', () => {
  it('when a name holds C1 controls or bidi overrides, then the line escapes them and parses to the name', () => {
    const stdout = bufferStream();
    const reporter = createReporter({ stdout, stderr: bufferStream(), json: true, now: () => 0 });
    const acc = new SummaryAccumulator(at);
    const r = {
      ...record('healthy', 'a'),
      target: { kind: 'token' as const, name: 'x\u009b2J\u202e\u001b' },
    };
    acc.add(r);
    reporter.start(1);
    reporter.check(r);
    reporter.finish(acc.finish(at, false));
    // eslint-disable-next-line no-control-regex -- asserting on control characters
    expect(stdout.text()).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(stdout.text()).toContain('"name":"x\\u009b2J\\u202e\\u001b"');
    expect(JSON.parse(stdout.lines()[0] as string).name).toBe('x\u009b2J\u202e\u001b');
  });
});
