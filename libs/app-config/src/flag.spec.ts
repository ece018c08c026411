import { flag } from './flag.js';

describe('flag', () => {
  it.each([
    ['1', true],
    ['yes', true],
    ['true', true],
    ['0', false],
    ['no', false],
    ['false', false],
  ])('when given %p, then it is %p', (value, expected) => {
    expect(flag().parse(value)).toBe(expected);
  });

  it('when given anything else, then the message lists the spellings', () => {
    const result = flag().safeParse('on');
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'must be 1/0, true/false or yes/no',
    ]);
  });
});
