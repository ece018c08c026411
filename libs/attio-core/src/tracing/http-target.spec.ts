import { httpTargetOf, requestIdOf, urlTemplateFor } from './http-target.js';

describe('urlTemplateFor', () => {
  it.each([
    ['POST', '/v2/objects/people/records/query', '/v2/objects/{object}/records/query'],
    ['POST', '/v2/objects/records/search', '/v2/objects/records/search'],
    ['GET', '/v2/objects/deals/records/rec_1', '/v2/objects/{object}/records/{record_id}'],
    ['get', '/v2/self', '/v2/self'],
    ['GET', '/v2/lists/sales/entries/ent_9', '/v2/lists/{list}/entries/{entry_id}'],
  ])('when %s %s is looked up, then the template is %s', (method, path, template) => {
    expect(urlTemplateFor(method, path)).toBe(template);
  });

  it('when the path is not in the OpenAPI table, then there is no template', () => {
    expect(urlTemplateFor('GET', '/v2/nope/42')).toBeUndefined();
    expect(urlTemplateFor('DELETE', '/v2/self')).toBeUndefined();
  });
});

describe('httpTargetOf', () => {
  it('when the URL has a query and an explicit port, then url.full drops the query and the port is a number', () => {
    expect(httpTargetOf('GET', 'http://127.0.0.1:4010/v2/meetings?cursor=abc&limit=5')).toEqual({
      method: 'GET',
      urlTemplate: '/v2/meetings',
      urlFull: 'http://127.0.0.1:4010/v2/meetings',
      serverAddress: '127.0.0.1',
      serverPort: 4010,
    });
  });

  it('when the URL has no port, then the scheme default applies and an IPv6 host loses its brackets', () => {
    expect(httpTargetOf('GET', 'https://api.attio.com/v2/self').serverPort).toBe(443);
    expect(httpTargetOf('GET', 'http://[::1]/v2/self')).toMatchObject({
      serverAddress: '::1',
      serverPort: 80,
      urlFull: 'http://[::1]/v2/self',
    });
  });

  it('when a template is given, then it wins over the table', () => {
    expect(
      httpTargetOf('POST', 'https://app.attio.com/oauth/token', '/oauth/token').urlTemplate,
    ).toBe('/oauth/token');
  });
});

describe('requestIdOf', () => {
  it('when the id comes as a Headers, a record, an array value or entry pairs, then it is read from each', () => {
    expect(requestIdOf(new Headers({ 'x-request-id': 'req_a' }))).toBe('req_a');
    expect(requestIdOf({ 'x-request-id': 'req_b' })).toBe('req_b');
    expect(requestIdOf({ 'x-request-id': ['req_c', 'req_d'] })).toBe('req_c');
    expect(requestIdOf([['X-Request-Id', 'req_e']])).toBe('req_e');
    expect(requestIdOf({ 'x-attio-request-id': 'req_f' })).toBe('req_f');
  });

  it('when no request id header is present or it is empty, then there is none', () => {
    expect(requestIdOf({})).toBeUndefined();
    expect(requestIdOf({ 'x-request-id': '' })).toBeUndefined();
  });
});
