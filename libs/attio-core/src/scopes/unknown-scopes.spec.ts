import { describeUnknownScopes, suggestScope, unknownScopes } from './unknown-scopes.js';

describe('suggestScope', () => {
  it.each([
    ['notes:write', 'note:read-write'],
    ['note:write', 'note:read-write'],
    ['notes:read', 'note:read'],
    ['record-permissions:read', 'record_permission:read'],
    ['record_permission', 'record_permission:read'],
    ['Object_Configuration:RW', 'object_configuration:read-write'],
    ['user_managment:read', 'user_management:read'],
    ['task:raed', 'task:read'],
    ['webhook.read', 'webhook:read'],
  ])('when given %p, then it suggests %p', (name, suggestion) => {
    expect(suggestScope(name)).toBe(suggestion);
  });

  it.each(['no_such_scope:read', 'frobnicate', 'note:delete-everything', 'note:read'])(
    'when given %p, then there is no suggestion',
    (name) => {
      expect(suggestScope(name)).toBeUndefined();
    },
  );
});

describe('unknownScopes and describeUnknownScopes', () => {
  it('when one name is unknown, then the message names it with the suggestion', () => {
    const unknown = unknownScopes(['note:read', 'notes:write']);
    expect(unknown).toEqual([{ name: 'notes:write', suggestion: 'note:read-write' }]);
    expect(describeUnknownScopes(unknown)).toBe(
      'unknown scope notes:write (did you mean note:read-write?)',
    );
  });

  it('when several are unknown, then all are listed in order; known ones never', () => {
    expect(describeUnknownScopes(unknownScopes(['foo:bar', 'task:read', 'tasks:read']))).toBe(
      'unknown scopes foo:bar, tasks:read (did you mean task:read?)',
    );
    expect(unknownScopes(['note:read', 'webhook:read-write'])).toEqual([]);
  });

  it('when a name does not look like a scope (a pasted token), then it is not repeated', () => {
    const pasted = 'Bearer sk_live_4f9c2d7e1b8a6f3c0d5e9b2a7c4f1e8d';
    const message = describeUnknownScopes(unknownScopes([pasted]));
    expect(message).toBe(`unknown scope (a value of ${pasted.length} characters)`);
  });
});
