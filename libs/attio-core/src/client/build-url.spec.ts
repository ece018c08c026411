import { buildUrl, normalizeBaseUrl } from './build-url.js';
import { isReadRequest } from './create-attio-client.js';

describe('buildUrl', () => {
  it('when there is no query, then it concatenates base and path', () => {
    expect(buildUrl('https://api.attio.com', '/v2/objects')).toBe(
      'https://api.attio.com/v2/objects',
    );
  });

  it('when the query has arrays, empties and special characters, then it encodes them', () => {
    expect(
      buildUrl('http://h', '/v2/x', {
        a: 'b c&d',
        n: 0,
        t: true,
        arr: ['1', 2],
        u: undefined,
        z: null,
      }),
    ).toBe('http://h/v2/x?a=b+c%26d&n=0&t=true&arr=1&arr=2');
    expect(buildUrl('http://h', '/v2/x', { u: undefined })).toBe('http://h/v2/x');
    expect(buildUrl('http://h', '/v2/x?fixed=1', { b: 2 })).toBe('http://h/v2/x?fixed=1&b=2');
  });

  it('when the path lacks a leading slash, then it throws a clear TypeError', () => {
    expect(() => buildUrl('http://h', 'v2/x')).toThrow(
      'path must start with "/" (e.g. "/v2/objects"), got "v2/x".',
    );
  });
});

describe('normalizeBaseUrl', () => {
  it('when the base URL has trailing slashes, then they are removed', () => {
    expect(normalizeBaseUrl('http://127.0.0.1:4010//')).toBe('http://127.0.0.1:4010');
  });

  it('when the base URL is not absolute http(s), then it throws', () => {
    expect(() => normalizeBaseUrl('api.attio.com')).toThrow(
      'baseUrl must be an absolute http(s) URL such as https://api.attio.com, got "api.attio.com".',
    );
    expect(() => normalizeBaseUrl('file:///x')).toThrow(
      'baseUrl must use http or https, got "file:".',
    );
  });
});

describe('isReadRequest', () => {
  it('when the call only reads, then it counts against the read limit', () => {
    expect(isReadRequest('GET', '/v2/objects')).toBe(true);
    expect(isReadRequest('POST', '/v2/objects/people/records/query')).toBe(true);
    expect(isReadRequest('POST', '/v2/lists/sales/entries/query')).toBe(true);
    expect(isReadRequest('POST', '/v2/objects/records/search')).toBe(true);
  });

  it('when the call writes, then it counts against the write limit', () => {
    expect(isReadRequest('POST', '/v2/notes')).toBe(false);
    expect(isReadRequest('PATCH', '/v2/objects/people/records/r1')).toBe(false);
    expect(isReadRequest('DELETE', '/v2/tasks/t1')).toBe(false);
  });
});
