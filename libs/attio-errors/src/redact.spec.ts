import { getHeader, redact, redactHeaders, REDACTED } from './redact.js';

describe('redact', () => {
  it('when text holds a bearer token, then the token is masked and the scheme kept', () => {
    expect(redact('Authorization: Bearer 4f9c2d1e8b7a6f5e4d3c')).toBe(
      `Authorization: Bearer ${REDACTED}`,
    );
  });

  it('when text holds a Basic credential, then it is masked', () => {
    expect(redact('authorization: Basic c2tfbGl2ZV8xMjM6')).toBe(
      `authorization: Basic ${REDACTED}`,
    );
  });

  it('when prose mentions Bearer or Basic without a credential, then it stays readable', () => {
    const prose =
      'send "Authorization: Bearer" followed by the token; HTTP Basic with the token also works';
    expect(redact(prose)).toBe(prose);
  });

  it('when text holds sk_ style keys, then the key is masked', () => {
    expect(redact('key sk_live_abc123DEF456 and rk-test_987654 leaked')).toBe(
      `key sk_${REDACTED} and rk-${REDACTED} leaked`,
    );
  });

  it('when a URL or form body holds a code, client secret or tokens, then only those values are masked', () => {
    expect(redact('https://app.example/cb?code=abc123&state=xyz')).toBe(
      `https://app.example/cb?code=${REDACTED}&state=xyz`,
    );
    expect(
      redact('grant_type=authorization_code&client_secret=s3cr3t&code=c0de&client_id=cid'),
    ).toBe(
      `grant_type=authorization_code&client_secret=${REDACTED}&code=${REDACTED}&client_id=cid`,
    );
    expect(redact('access_token=aaa&refresh_token=bbb')).toBe(
      `access_token=${REDACTED}&refresh_token=${REDACTED}`,
    );
  });

  it('when a parameter merely ends in "code", then it is not touched', () => {
    expect(redact('status_code=500&error_code=x')).toBe('status_code=500&error_code=x');
  });

  it('when JSON holds access_token or client_secret members, then their values are masked', () => {
    expect(redact('{"access_token":"tok\\"en","token_type":"Bearer","client_secret": "xyz"}')).toBe(
      `{"access_token":"${REDACTED}","token_type":"Bearer","client_secret": "${REDACTED}"}`,
    );
  });

  it('when extra secrets are given, then every occurrence, raw or percent-encoded, is masked', () => {
    expect(redact('t=odd token+/= and odd%20token%2B%2F%3D', ['odd token+/='])).toBe(
      `t=${REDACTED} and ${REDACTED}`,
    );
  });

  it('when an extra secret is shorter than 4 characters or empty, then it is ignored', () => {
    expect(redact('a b c', ['a', '', undefined, null])).toBe('a b c');
  });

  it('when given an empty string, then it returns it unchanged', () => {
    expect(redact('')).toBe('');
  });
});

describe('redactHeaders', () => {
  it('when headers hold credentials, then those are fully masked and names lower-cased', () => {
    expect(
      redactHeaders({
        Authorization: 'Bearer abc',
        Cookie: 'sid=1',
        'Content-Type': 'application/json',
        'X-Empty': undefined,
      }),
    ).toEqual({
      authorization: REDACTED,
      cookie: REDACTED,
      'content-type': 'application/json',
    });
  });

  it('when given a Fetch Headers object or entry pairs, then they are read the same way', () => {
    expect(
      redactHeaders(new Headers({ authorization: 'Basic x', location: '/cb?code=zzz1' })),
    ).toEqual({
      authorization: REDACTED,
      location: `/cb?code=${REDACTED}`,
    });
    expect(redactHeaders([['Set-Cookie', 'a=b']])).toEqual({
      'set-cookie': REDACTED,
    });
  });

  it('when given array values, then they are joined', () => {
    expect(redactHeaders({ via: ['1.1 a', '1.1 b'] })).toEqual({
      via: '1.1 a, 1.1 b',
    });
  });

  it('when given nothing, then it returns an empty object', () => {
    expect(redactHeaders(undefined)).toEqual({});
  });
});

describe('getHeader', () => {
  it('when the header exists in any case, then it is found; otherwise undefined', () => {
    expect(getHeader({ 'Retry-After': '2' }, 'retry-after')).toBe('2');
    expect(getHeader(new Headers({ 'x-request-id': 'r1' }), 'X-Request-Id')).toBe('r1');
    expect(getHeader({}, 'retry-after')).toBeUndefined();
    expect(getHeader(null, 'retry-after')).toBeUndefined();
  });
});
