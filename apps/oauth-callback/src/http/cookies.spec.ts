import { readCookie } from './cookies.js';

describe('readCookie', () => {
  it('when the cookie is among others, then its value is returned', () => {
    expect(readCookie('a=1; attio_install=v1.abc.def; b=2', 'attio_install')).toBe('v1.abc.def');
  });

  it('when the value is quoted, then the quotes are removed', () => {
    expect(readCookie('attio_install="x"', 'attio_install')).toBe('x');
  });

  it('when the cookie is absent or the header is missing, then undefined', () => {
    expect(readCookie('a=1', 'attio_install')).toBeUndefined();
    expect(readCookie(undefined, 'attio_install')).toBeUndefined();
  });

  it('when the cookie appears twice, then undefined rather than a guess', () => {
    expect(readCookie('attio_install=a; attio_install=b', 'attio_install')).toBeUndefined();
  });
});
