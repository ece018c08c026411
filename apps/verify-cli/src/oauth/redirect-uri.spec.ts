import { isLoopback, redirectUriProblems } from './redirect-uri.js';

describe('redirectUriProblems', () => {
  it.each([
    'https://app.example.com/oauth/callback',
    'http://localhost:3000/oauth/callback',
    'http://127.0.0.1:8080/cb',
    'http://[::1]:8080/cb',
    'http://my-app.localhost/cb',
    'https://app.example.com/cb?tenant=1',
  ])('when the URI is %s, then it is fine', (uri) => {
    expect(redirectUriProblems(uri)).toEqual([]);
  });

  it('when http is used on a public host, then https is asked for', () => {
    expect(redirectUriProblems('http://app.example.com/cb')).toEqual([
      'uses http on a non-local host (app.example.com); use https (http is only fine on localhost)',
    ]);
  });

  it('when the URI is relative, has a fragment, another scheme, credentials or spaces, then each is named', () => {
    expect(redirectUriProblems('/oauth/callback')).toEqual([
      'is not an absolute URL (expected e.g. https://your-app.example/oauth/callback)',
    ]);
    expect(redirectUriProblems('https://a.example/cb#x')).toEqual([
      'has a fragment (#…), which RFC 6749 §3.1.2 forbids',
    ]);
    expect(redirectUriProblems('myapp://cb')).toEqual([
      'uses the scheme "myapp"; use https (or http on localhost)',
    ]);
    expect(redirectUriProblems('https://u:p@a.example/cb')).toEqual([
      'contains a user name or password',
    ]);
    expect(redirectUriProblems(' https://a.example/cb')).toEqual([
      'has spaces around it (Attio compares redirect URIs exactly)',
    ]);
  });
});

describe('isLoopback', () => {
  it('when the host is local, then true; otherwise false', () => {
    expect(isLoopback('http://localhost:3000/cb')).toBe(true);
    expect(isLoopback('https://example.com/cb')).toBe(false);
    expect(isLoopback('not a url')).toBe(false);
  });
});
