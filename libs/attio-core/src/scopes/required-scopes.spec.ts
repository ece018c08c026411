import { ALL_SCOPES, OPERATION_SCOPES } from './operation-scopes.generated.js';
import { createScopeLookup, requiredScopesFor } from './required-scopes.js';

describe('requiredScopesFor', () => {
  it('when asked for the facts-sheet examples, then it returns the scopes from the OpenAPI document', () => {
    expect(requiredScopesFor('GET', '/v2/objects')).toEqual(['object_configuration:read']);
    expect(requiredScopesFor('GET', '/v2/workspace_members')).toEqual(['user_management:read']);
    expect(requiredScopesFor('GET', '/v2/lists')).toEqual(['list_configuration:read']);
    expect(requiredScopesFor('GET', '/v2/tasks')).toEqual([
      'object_configuration:read',
      'record_permission:read',
      'task:read',
      'user_management:read',
    ]);
    expect(requiredScopesFor('POST', '/v2/webhooks')).toEqual(['webhook:read-write']);
  });

  it('when the path is concrete, then it matches the templated operation', () => {
    expect(requiredScopesFor('GET', '/v2/objects/people')).toEqual(['object_configuration:read']);
    expect(requiredScopesFor('POST', '/v2/objects/people/records/query')).toEqual([
      'object_configuration:read',
      'record_permission:read',
    ]);
    expect(
      requiredScopesFor('PATCH', '/v2/objects/deals/records/0b5c7d1e-1111-4222-8333-944445555666'),
    ).toEqual(['object_configuration:read', 'record_permission:read-write']);
    expect(requiredScopesFor('GET', '/v2/lists/sales/entries/abc/attributes/stage/values')).toEqual(
      ['list_configuration:read', 'list_entry:read'],
    );
  });

  it('when a literal route and a template could both apply, then the literal one wins', () => {
    expect(requiredScopesFor('POST', '/v2/objects/records/search')).toEqual([
      'object_configuration:read',
      'record_permission:read',
    ]);
    expect(requiredScopesFor('GET', '/v2/objects/companies/attributes')).toEqual([
      'object_configuration:read',
    ]);
  });

  it('when given a lower-case method, a full URL, a query string or a trailing slash, then it still matches', () => {
    expect(requiredScopesFor('get', 'https://api.attio.com/v2/notes/?limit=10#x')).toEqual([
      'note:read',
      'object_configuration:read',
      'record_permission:read',
    ]);
  });

  it('when the operation needs a token but no scope, then it returns an empty list', () => {
    expect(requiredScopesFor('GET', '/v2/self')).toEqual([]);
  });

  it('when the operation is not in the document, then it returns undefined', () => {
    expect(requiredScopesFor('GET', '/v2/nothing-here')).toBeUndefined();
    expect(requiredScopesFor('DELETE', '/v2/objects')).toBeUndefined();
    expect(
      requiredScopesFor('GET', '/v2/objects/people/records/abc/extra/deep/path'),
    ).toBeUndefined();
  });

  it('when the result is mutated, then the table is unaffected', () => {
    const scopes = requiredScopesFor('GET', '/v2/objects');
    scopes?.push('mutated');
    expect(requiredScopesFor('GET', '/v2/objects')).toEqual(['object_configuration:read']);
  });
});

describe('createScopeLookup', () => {
  it('when given a custom table, then it matches templates over it', () => {
    const lookup = createScopeLookup([
      { method: 'GET', path: '/v2/things/{id}', scopes: ['thing:read'] },
      { method: 'GET', path: '/v2/things/special', scopes: ['special:read'] },
    ]);
    expect(lookup('GET', '/v2/things/42')).toEqual(['thing:read']);
    expect(lookup('GET', '/v2/things/special')).toEqual(['special:read']);
    expect(lookup('POST', '/v2/things/42')).toBeUndefined();
  });
});

describe('generated table', () => {
  it('when loaded, then every operation scope is listed in ALL_SCOPES and ALL_SCOPES is sorted and unique', () => {
    const used = new Set(OPERATION_SCOPES.flatMap((o) => o.scopes));
    for (const s of used) expect(ALL_SCOPES).toContain(s);
    expect([...ALL_SCOPES]).toEqual([...new Set(ALL_SCOPES)].sort());
    expect(ALL_SCOPES).toContain('scim_management:read-write');
    expect(ALL_SCOPES).toHaveLength(30);
  });
});
