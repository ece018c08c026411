import { maskUrlCredentials } from './url-credentials.js';

describe('maskUrlCredentials', () => {
  it('when a URL holds user:password, then only the userinfo is masked', () => {
    expect(maskUrlCredentials('http://user:secret@127.0.0.1:4010/v2?x=1')).toBe(
      'http://***@127.0.0.1:4010/v2?x=1',
    );
    expect(maskUrlCredentials('postgres://app:s3cret@db.internal/health')).toBe(
      'postgres://***@db.internal/health',
    );
  });

  it('when a password holds an @, then everything up to the last @ before the host is masked', () => {
    expect(maskUrlCredentials('https://u:p@ss@host/path@x')).toBe('https://***@host/path@x');
  });

  it('when URLs sit in JSON or prose, then each is masked and the text around them is kept', () => {
    expect(
      maskUrlCredentials('{"a":"http://u:pw@h1/cb","b":"https://h2/x","c":"ops@example.com"}'),
    ).toBe('{"a":"http://***@h1/cb","b":"https://h2/x","c":"ops@example.com"}');
    expect(maskUrlCredentials('see https://tok@h/a and http://h/b?to=me@x')).toBe(
      'see https://***@h/a and http://h/b?to=me@x',
    );
  });

  it('when no URL has userinfo, then the text is unchanged', () => {
    const text = 'https://api.attio.com/v2/self; mail ops@example.com; a@b';
    expect(maskUrlCredentials(text)).toBe(text);
  });
});
