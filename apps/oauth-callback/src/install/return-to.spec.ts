import { isAllowedReturnTo } from './return-to.js';

describe('isAllowedReturnTo', () => {
  const allowlist = ['https://app.example.com', 'https://portal.example.com/settings'];

  it('when the URL is on an allowed origin, then any path there is allowed', () => {
    expect(isAllowedReturnTo('https://app.example.com/done?x=1#y', allowlist)).toBe(true);
  });

  it('when the entry has a path, then only that path and paths below it are allowed', () => {
    expect(isAllowedReturnTo('https://portal.example.com/settings', allowlist)).toBe(true);
    expect(isAllowedReturnTo('https://portal.example.com/settings/attio', allowlist)).toBe(true);
    expect(isAllowedReturnTo('https://portal.example.com/settingsevil', allowlist)).toBe(false);
    expect(isAllowedReturnTo('https://portal.example.com/', allowlist)).toBe(false);
  });

  it.each([
    'https://app.example.com.evil.test/',
    'https://app.example.com@evil.test/',
    'https://user:pw@app.example.com/',
    'http://app.example.com/',
    'https://app.example.com:8443/',
    'javascript:alert(1)',
    '//app.example.com/',
    '/relative',
    'not a url',
  ])('when returnTo is %s, then it is refused', (value) => {
    expect(isAllowedReturnTo(value, allowlist)).toBe(false);
  });

  it('when the allow-list is empty, then nothing is allowed', () => {
    expect(isAllowedReturnTo('https://app.example.com/', [])).toBe(false);
  });
});
