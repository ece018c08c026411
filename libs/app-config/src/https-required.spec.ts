import { httpsRequired, isLoopbackHost } from './https-required.js';

type Values = { URL_A: string; URL_B: string; PROD: boolean };
const rule = httpsRequired<Values>({
  variables: ['URL_A', 'URL_B'],
  when: (values) => values.PROD === true,
  override: 'ALLOW_INSECURE_HTTP',
});
const MESSAGE =
  'must use https:// in production (plain http is allowed only to 127.0.0.1, ::1 or localhost); ' +
  'behind a TLS-terminating proxy give the https:// address, or on a private network set ALLOW_INSECURE_HTTP=1';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.255.0.9', '[::1]', 'localhost', 'LOCALHOST'])(
    'when the host is %p, then it is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['10.0.0.1', '127.0.0.1.nip.io', 'localhost.example.com', '[::2]', '128.0.0.1'])(
    'when the host is %p, then it is not',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe('httpsRequired', () => {
  it('when it applies, then each http:// URL to another host is named and loopback passes', () => {
    expect(
      rule({ PROD: true, URL_A: 'http://attio.internal:8080', URL_B: 'http://127.0.0.1:4010' }, {}),
    ).toEqual([{ variable: 'URL_A', message: MESSAGE }]);
    expect(rule({ PROD: true, URL_A: 'http://[::1]:1', URL_B: 'http://localhost:2' }, {})).toEqual(
      [],
    );
  });

  it('when it does not apply, or the URLs are https, then nothing is refused', () => {
    expect(rule({ PROD: false, URL_A: 'http://attio.internal' }, {})).toEqual([]);
    expect(rule({ PROD: true, URL_A: 'https://api.attio.com' }, {})).toEqual([]);
  });
});
