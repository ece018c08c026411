import { buildScopeTable, renderScopeTableModule } from './build-scope-table.js';

const newer = {
  security: [{ oauth2: [] }],
  components: {
    securitySchemes: {
      oauth2: {
        flows: {
          authorizationCode: { scopes: { 'b:read': '', 'a:read': '' } },
        },
      },
    },
  },
  paths: {
    '/v2/b': {
      get: { security: [{ oauth2: ['b:read', 'a:read', 'b:read'] }] },
      parameters: [],
    },
    '/v2/self': { get: {} },
    '/v2/open': { get: { security: [] } },
  },
};
const older = {
  security: [{ oauth2: [] }],
  paths: {
    '/v2/b': { get: { security: [{ oauth2: ['stale:read'] }] } },
    '/v2/a': { post: { security: [{ oauth2: ['c:read-write'] }] } },
  },
};

describe('buildScopeTable', () => {
  it('when two documents overlap, then the first wins and the second only adds missing operations', () => {
    const table = buildScopeTable([newer, older]);
    expect(table.operations).toEqual([
      { method: 'POST', path: '/v2/a', scopes: ['c:read-write'] },
      { method: 'GET', path: '/v2/b', scopes: ['a:read', 'b:read'] },
      { method: 'GET', path: '/v2/open', scopes: [] },
      { method: 'GET', path: '/v2/self', scopes: [] },
    ]);
    expect(table.allScopes).toEqual(['a:read', 'b:read', 'c:read-write']);
  });

  it('when a document is not an object tree, then it contributes nothing instead of throwing', () => {
    expect(buildScopeTable([{ paths: 'nope' }, {}])).toEqual({
      operations: [],
      allScopes: [],
    });
  });
});

describe('renderScopeTableModule', () => {
  it('when rendered, then rows are one per line with quoted strings escaped', () => {
    const text = renderScopeTableModule(
      {
        operations: [{ method: 'GET', path: "/v2/it's", scopes: ['x:read'] }],
        allScopes: ['x:read'],
      },
      ['doc.yaml'],
    );
    expect(text).toContain("  { method: 'GET', path: '/v2/it\\'s', scopes: ['x:read'] },\n");
    expect(text).toContain('// Sources (first is primary): doc.yaml.');
    expect(text).toContain("export const ALL_SCOPES: readonly string[] = [\n  'x:read',\n];\n");
  });
});
