import { durationText } from './duration-text.js';

it('when durations are shown, then they read in the largest sensible unit', () => {
  expect([0, 999, 12_400, 60_000, 180_000, 3_600_000, 3_900_000].map(durationText)).toEqual([
    'under a second',
    'under a second',
    '12 s',
    '1 min',
    '3 min',
    '1 h',
    '1 h 5 min',
  ]);
});
