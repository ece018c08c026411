import { missingScopes, parseScopes, scopeSatisfies } from './parse-scopes.js';

describe('parseScopes', () => {
  it('when given a space-separated string with repeats and extra spaces, then it returns unique names in order', () => {
    expect(
      parseScopes('  record_permission:read   object_configuration:read record_permission:read '),
    ).toEqual(['record_permission:read', 'object_configuration:read']);
  });

  it('when given commas or an array, then it splits and trims every entry', () => {
    expect(parseScopes('a:read,b:read-write')).toEqual(['a:read', 'b:read-write']);
    expect(parseScopes([' a:read ', 'b:read c:read', ''])).toEqual(['a:read', 'b:read', 'c:read']);
  });

  it('when given nothing, then it returns an empty list', () => {
    expect(parseScopes(undefined)).toEqual([]);
    expect(parseScopes(null)).toEqual([]);
    expect(parseScopes('')).toEqual([]);
    expect(parseScopes([])).toEqual([]);
  });

  it('when the list holds a non-string (untyped JSON), then it is skipped', () => {
    expect(parseScopes(['a:read', 42 as unknown as string])).toEqual(['a:read']);
  });
});

describe('scopeSatisfies', () => {
  it('when the granted scope is read-write of the same family, then it satisfies read', () => {
    expect(scopeSatisfies('note:read-write', 'note:read')).toBe(true);
  });

  it('when the granted scope is read only, then it does not satisfy read-write', () => {
    expect(scopeSatisfies('note:read', 'note:read-write')).toBe(false);
  });

  it('when families differ, then nothing is satisfied', () => {
    expect(scopeSatisfies('task:read-write', 'note:read')).toBe(false);
    expect(scopeSatisfies('notes:read-write', 'note:read')).toBe(false);
  });
});

describe('missingScopes', () => {
  it('when read-write is granted, then the matching read requirement is not missing', () => {
    expect(
      missingScopes('record_permission:read-write', [
        'record_permission:read',
        'object_configuration:read',
      ]),
    ).toEqual(['object_configuration:read']);
  });

  it('when everything is granted, then nothing is missing', () => {
    expect(
      missingScopes(
        ['user_management:read', 'webhook:read-write'],
        'webhook:read user_management:read',
      ),
    ).toEqual([]);
  });

  it('when no scope is granted, then every distinct required scope is missing in required order', () => {
    expect(missingScopes(undefined, ['task:read', 'note:read-write', 'task:read'])).toEqual([
      'task:read',
      'note:read-write',
    ]);
  });

  it('when only read is granted but read-write is required, then read-write is missing', () => {
    expect(missingScopes('list_entry:read', 'list_entry:read-write')).toEqual([
      'list_entry:read-write',
    ]);
  });

  it('when an unknown scope name is required, then it is compared as an opaque string', () => {
    expect(missingScopes('future_thing:read-write', ['future_thing:read', 'other:admin'])).toEqual([
      'other:admin',
    ]);
  });
});
