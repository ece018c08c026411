import { ignoredByGitignore } from './gitignore-rules.js';

describe('ignoredByGitignore', () => {
  it.each([
    ['.env\n', true],
    ['/.env\n', true],
    ['.env*\n', true],
    ['*.env\n', true],
    ['**/.env\n', true],
    ['.env   \n', true],
    ['.en?\n', true],
    ['.e[mn]v\n', true],
  ])('when the rules are %j, then .env is ignored', (rules, expected) => {
    expect(ignoredByGitignore(rules, '.env')).toBe(expected);
  });

  it.each([
    ['', false],
    ['# .env\n', false],
    ['.env.local\n.env.*.local\n', false],
    ['.env/\n', false],
    ['config/.env\n', false],
    ['.env*\n!.env\n', false],
    ['\\#.env\n', false],
  ])('when the rules are %j, then .env is not ignored', (rules, expected) => {
    expect(ignoredByGitignore(rules, '.env')).toBe(expected);
  });

  it('when a negation is followed by a matching rule again, then the last rule wins', () => {
    expect(ignoredByGitignore('.env*\n!.env\n.env\n', '.env')).toBe(true);
  });
});
