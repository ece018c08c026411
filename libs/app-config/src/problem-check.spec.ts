import { z } from 'zod';

import { problemCheck } from './problem-check.js';

const noVowels = (v: string) => (/[aeiou]/.test(v) ? 'must not contain a vowel' : undefined);

describe('problemCheck', () => {
  it('when the check finds a problem, then it is the issue message and the value is not kept', () => {
    const result = z.string().superRefine(problemCheck(noVowels)).safeParse('secret');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['must not contain a vowel']);
    expect(JSON.stringify(result.error?.issues)).not.toContain('secret');
  });

  it('when the value passes or is unset, then it parses as before', () => {
    expect(z.string().superRefine(problemCheck(noVowels)).parse('xyz')).toBe('xyz');
    expect(
      z.string().optional().superRefine(problemCheck(noVowels)).parse(undefined),
    ).toBeUndefined();
  });
});
