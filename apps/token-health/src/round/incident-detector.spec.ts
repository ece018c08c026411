import type { Classification } from './classify.js';
import { IncidentDetector, incidentThreshold } from './incident-detector.js';

const DEFAULTS = { minFailures: 5, minFailureRatio: 0.2 };
const v = (status: Classification['status'], errorCode: string | null = null) => ({
  status,
  errorCode,
});
const http503 = v('failed_to_check', 'ATTIO_SERVER_ERROR');
const timeout = v('failed_to_check', 'ATTIO_TIMEOUT');
const healthy = v('healthy');

describe('incidentThreshold', () => {
  it.each([
    [1000, 5],
    [25, 5],
    [20, 4],
    [10, 2],
    [5, 2],
    [3, 2],
    [0, 2],
  ])('when the round holds %i targets, then %i failures open an incident', (size, threshold) => {
    expect(incidentThreshold(DEFAULTS, size)).toBe(threshold);
  });

  it('when HEALTH_INCIDENT_MIN_FAILURES is 1, then one failure opens an incident', () => {
    expect(incidentThreshold({ minFailures: 1, minFailureRatio: 0.2 }, 1000)).toBe(1);
  });
});

describe('IncidentDetector', () => {
  it('when the 5th check of a 1,000-target round fails with a 503, then that check opens the incident and suppression starts there', () => {
    const detector = new IncidentDetector(DEFAULTS, 1000, false);
    const seen = [http503, healthy, http503, http503, http503].map((x) => detector.observe(x));
    expect(seen.every((o) => !o.opened)).toBe(true);
    expect(detector.suppressing).toBe(false);

    expect(detector.observe(http503)).toEqual({
      opened: true,
      reason: 'http_5xx',
      failures: 5,
      observed: 6,
    });
    expect(detector.suppressing).toBe(true);
    expect(detector.openedHere).toBe(true);
    expect(detector.observe(http503)).toEqual({ opened: false });
    expect(detector.failuresByReason()).toEqual({ http_5xx: 6 });
  });

  it('when failures are spread over different transient reasons, then no reason reaches the threshold and nothing opens', () => {
    const detector = new IncidentDetector(DEFAULTS, 1000, false);
    for (const x of [http503, timeout, http503, timeout, http503, timeout, http503, timeout])
      expect(detector.observe(x)).toEqual({ opened: false });
    expect(detector.suppressing).toBe(false);
    expect(detector.failuresByReason()).toEqual({ http_5xx: 4, timeout: 4 });
  });

  it('when revoked or unreadable verdicts pile up, then they never open an incident', () => {
    const detector = new IncidentDetector(DEFAULTS, 10, false);
    for (let i = 0; i < 10; i++) {
      expect(detector.observe(v('revoked', 'ATTIO_AUTHENTICATION')).opened).toBe(false);
      expect(detector.observe(v('failed_to_check', 'STORE_TOKEN_UNREADABLE')).opened).toBe(false);
    }
    expect(detector.suppressing).toBe(false);
  });

  it('when an incident was open at the start, then the round suppresses from its first check and never opens another', () => {
    const detector = new IncidentDetector(DEFAULTS, 1000, true);
    expect(detector.suppressing).toBe(true);
    for (let i = 0; i < 10; i++) expect(detector.observe(http503)).toEqual({ opened: false });
    expect(detector.openedHere).toBe(false);
    expect(detector.recovered()).toBe(false);
  });

  it('when an open incident meets a round where Attio answers and failures stay under the threshold, then it is recovered', () => {
    const detector = new IncidentDetector(DEFAULTS, 1000, true);
    for (const x of [healthy, http503, v('revoked', 'ATTIO_AUTHENTICATION'), http503, healthy])
      detector.observe(x);
    expect(detector.recovered()).toBe(true);
  });

  it('when an open incident meets a round with no answered check, then it is not recovered', () => {
    const empty = new IncidentDetector(DEFAULTS, 0, true);
    expect(empty.recovered()).toBe(false);
    const failing = new IncidentDetector(DEFAULTS, 1000, true);
    failing.observe(timeout);
    expect(failing.recovered()).toBe(false);
  });

  it('when no incident was open at the start, then a good round recovers nothing', () => {
    const detector = new IncidentDetector(DEFAULTS, 1000, false);
    detector.observe(healthy);
    expect(detector.recovered()).toBe(false);
  });
});
