import { buildAuthorizeUrl } from './authorize-url.js';

const base = {
  clientId: 'client-123',
  redirectUri: 'https://app.example.com/oauth/callback?tenant=a b',
  state: 'state-xyz',
  authorizeUrl: 'https://app.attio.com/authorize',
};

describe('buildAuthorizeUrl', () => {
  it('when given the required fields, then it builds the RFC 6749 §4.1.1 query without a scope', () => {
    const url = new URL(buildAuthorizeUrl(base));
    expect(url.origin + url.pathname).toBe('https://app.attio.com/authorize');
    expect([...url.searchParams.entries()]).toEqual([
      ['response_type', 'code'],
      ['client_id', 'client-123'],
      ['redirect_uri', 'https://app.example.com/oauth/callback?tenant=a b'],
      ['state', 'state-xyz'],
    ]);
  });

  it('when the redirect URI has reserved characters, then they are percent-encoded', () => {
    expect(buildAuthorizeUrl(base)).toBe(
      'https://app.attio.com/authorize?response_type=code&client_id=client-123' +
        '&redirect_uri=https%3A%2F%2Fapp.example.com%2Foauth%2Fcallback%3Ftenant%3Da+b&state=state-xyz',
    );
  });

  it('when the authorize URL already has a query, then its parameters are kept', () => {
    const url = new URL(
      buildAuthorizeUrl({
        ...base,
        authorizeUrl: 'http://127.0.0.1:4000/authorize?prompt=consent',
      }),
    );
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(url.searchParams.get('state')).toBe('state-xyz');
  });

  it('when a PKCE challenge is given, then it adds code_challenge and method S256', () => {
    const url = new URL(
      buildAuthorizeUrl({ ...base, codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' }),
    );
    expect(url.searchParams.get('code_challenge')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('when the authorize URL is not absolute, then it says what is expected', () => {
    expect(() => buildAuthorizeUrl({ ...base, authorizeUrl: '/authorize' })).toThrow(
      'buildAuthorizeUrl: authorizeUrl must be an absolute http(s) URL; got "/authorize".',
    );
  });

  it('when the redirect URI uses another scheme or has a fragment, then it is refused', () => {
    expect(() => buildAuthorizeUrl({ ...base, redirectUri: 'javascript:alert(1)' })).toThrow(
      'buildAuthorizeUrl: redirectUri must use http or https; got javascript:.',
    );
    expect(() => buildAuthorizeUrl({ ...base, redirectUri: 'https://a.example/cb#x' })).toThrow(
      'buildAuthorizeUrl: redirectUri must not contain a #fragment.',
    );
  });

  it('when the state or client id is blank, then it names the missing field', () => {
    expect(() => buildAuthorizeUrl({ ...base, state: ' ' })).toThrow(
      'buildAuthorizeUrl: state must be a non-empty string.',
    );
    expect(() => buildAuthorizeUrl({ ...base, clientId: '' })).toThrow(
      'buildAuthorizeUrl: clientId must be a non-empty string.',
    );
  });
});
