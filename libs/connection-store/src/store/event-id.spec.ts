import { newEventId } from './event-id.js';

describe('newEventId', () => {
  it('when an id is made, then it is evt_ and 26 Crockford base32 characters, the first 10 the time', () => {
    const id = newEventId(Date.UTC(2026, 0, 15, 10));
    expect(id).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
    // 1768471200000 ms, 5 bits per character, most significant first (a ULID's time part).
    expect(id.slice(4, 14)).toBe('01KF0HJ080');
  });

  it('when ids are made a millisecond apart, then they sort in time order', () => {
    const t = Date.UTC(2026, 0, 15);
    const ids = [t + 2, t, t + 1, t + 1_000_000].map(newEventId);
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0], ids[3]]);
  });

  it('when many ids are made in one millisecond, then none repeats', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newEventId(0)));
    expect(ids.size).toBe(10_000);
  });
});
