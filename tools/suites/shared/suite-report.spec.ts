import { SuiteReport } from './suite-report.js';
import { parseSuiteArgs } from './suite-run.js';

function sink(): { write(t: string): void; text: string } {
  return {
    text: '',
    write(t: string) {
      this.text += t;
    },
  };
}

describe('SuiteReport', () => {
  it('when checks pass and fail, then the last line counts them and the exit code is 1', () => {
    const out = sink();
    const report = new SuiteReport('faults', 'quick', out);
    report.figure('installs', 40);
    report.expectNone('no half installs', [], '40 installs');
    report.expectNone('no revoked', ['w3: classified revoked'], '120 verdicts');
    expect(report.finish()).toBe(1);
    const lines = out.text.trimEnd().split('\n');
    expect(lines[0]).toBe('== suite faults (quick) ==');
    expect(lines).toContain('  figure  installs: 40');
    expect(lines).toContain('  PASS    no half installs (40 installs)');
    expect(lines).toContain('  FAIL    no revoked (120 verdicts)');
    expect(lines).toContain('            - w3: classified revoked');
    expect(lines.at(-1)).toBe('suite: 1 passed, 1 failed');
  });

  it('when a check could not run in quick mode, then it is a SKIP outside the counts; in full mode it fails', () => {
    const quick = new SuiteReport('deps', 'quick', sink());
    quick.couldNotRun('npm audit', 'HTTP 405', false);
    expect(quick.finish()).toBe(0);
    expect(quick.checks).toEqual([]);
    const full = new SuiteReport('deps', 'full', sink());
    full.couldNotRun('npm audit', 'HTTP 405', true);
    expect(full.finish()).toBe(1);
    expect(full.checks[0]?.violations).toEqual(['could not run: HTTP 405']);
  });
});

describe('parseSuiteArgs', () => {
  it('when --full is given, then full mode is selected and other arguments are kept', () => {
    expect(parseSuiteArgs(['--full', 'x'])).toEqual({ full: true, mode: 'full', rest: ['x'] });
    expect(parseSuiteArgs([])).toEqual({ full: false, mode: 'quick', rest: [] });
  });
});
