import { planWindow } from './window-plan.js';

describe('planWindow', () => {
  it("when Attio's read limit is shared by one or four instances, then a sliding second stays within 100 with 100 ms of jitter", () => {
    expect(planWindow(100, 1)).toEqual({ windowMs: 125, sharedPoints: 10, localPoints: 10 });
    expect(planWindow(100, 4)).toEqual({ windowMs: 100, sharedPoints: 8, localPoints: 2 });
    for (const instances of [1, 2, 3, 4, 8]) {
      const { windowMs, sharedPoints, localPoints } = planWindow(100, instances);
      // Any 1000 + windowMs ms overlaps at most 1000 / windowMs + 2 slots.
      const slots = 1000 / windowMs + 2;
      expect(slots * sharedPoints).toBeLessThanOrEqual(100);
      expect(slots * localPoints * instances).toBeLessThanOrEqual(100);
    }
  });

  it("when Attio's write limit is split over four instances, then slots are long enough to give each one request", () => {
    expect(planWindow(25, 1)).toEqual({ windowMs: 100, sharedPoints: 2, localPoints: 2 });
    expect(planWindow(25, 4)).toEqual({ windowMs: 250, sharedPoints: 4, localPoints: 1 });
  });

  it('when the limit cannot be split with a margin, then the error says how many instances fit', () => {
    expect(() => planWindow(25, 9)).toThrow(
      '25 requests per second cannot be split across 9 instances with a safety margin: lower localFallback.instances to at most 8.',
    );
    expect(() => planWindow(0, 1)).toThrow('requests per second must be a positive integer, got 0');
    expect(() => planWindow(100, 0)).toThrow(
      'localFallback.instances must be a positive integer, got 0',
    );
  });
});
