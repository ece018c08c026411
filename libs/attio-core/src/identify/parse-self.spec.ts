import { createAttioClient } from '../client/create-attio-client.js';
import { json, startTestServer, type TestServer } from '../testing/http-test-server.js';
import { parseSelfResponse } from './parse-self.js';

/** The 2025-10 / 2026-03 revision (authorized_by_workspace_member_id always present, no token_level). */
const REVISION_2026_03 = {
  active: true,
  scope: 'record_permission:read object_configuration:read user_management:read',
  client_id: 'cli_1',
  token_type: 'Bearer',
  exp: null,
  iat: 1767225600,
  sub: 'ws_1',
  aud: 'cli_1',
  iss: 'attio.com',
  workspace_id: 'ws_1',
  workspace_name: 'Acme',
  workspace_slug: 'acme',
  workspace_logo_url: null,
  authorized_by_workspace_member_id: 'wm_1',
};

/** The 2026-10 revision: adds token_level, may omit authorized_by_workspace_member_id. */
const REVISION_2026_10 = {
  active: true,
  scope: 'note:read-write',
  client_id: 'cli_2',
  token_type: 'Bearer',
  exp: null,
  iat: 1767225600,
  sub: 'ws_2',
  aud: 'cli_2',
  iss: 'attio.com',
  workspace_id: 'ws_2',
  workspace_name: 'Beta',
  workspace_slug: 'beta',
  workspace_logo_url: 'https://cdn.example/logo.png',
  token_level: 'user',
};

describe('parseSelfResponse', () => {
  it('when given the 2026-03 revision, then every field is mapped', () => {
    expect(parseSelfResponse(REVISION_2026_03)).toEqual({
      active: true,
      scopes: ['record_permission:read', 'object_configuration:read', 'user_management:read'],
      workspaceId: 'ws_1',
      workspaceName: 'Acme',
      workspaceSlug: 'acme',
      workspaceLogoUrl: null,
      clientId: 'cli_1',
      authorizedByWorkspaceMemberId: 'wm_1',
      issuedAt: new Date('2026-01-01T00:00:00Z'),
      raw: REVISION_2026_03,
    });
  });

  it('when given the 2026-10 revision, then token_level is read and the missing member id is omitted', () => {
    const result = parseSelfResponse(REVISION_2026_10);
    expect(result).toMatchObject({
      active: true,
      tokenLevel: 'user',
      workspaceLogoUrl: 'https://cdn.example/logo.png',
    });
    expect(result).not.toHaveProperty('authorizedByWorkspaceMemberId');
  });

  it('when the token is inactive, then the result is exactly { active: false }', () => {
    expect(parseSelfResponse({ active: false })).toEqual({ active: false });
    expect(parseSelfResponse({ active: false, scope: 'x' })).toEqual({
      active: false,
    });
  });

  it('when only active:true is present (RFC 7662 minimum), then the rest is omitted and scopes empty', () => {
    expect(parseSelfResponse({ active: true })).toEqual({
      active: true,
      scopes: [],
      raw: { active: true },
    });
  });

  it('when workspace_id and client_id are absent, then sub and aud are used', () => {
    expect(parseSelfResponse({ active: true, sub: 'ws_9', aud: 'cli_9' })).toMatchObject({
      workspaceId: 'ws_9',
      clientId: 'cli_9',
    });
  });

  it('when members have the wrong type, then they are ignored rather than failing', () => {
    const result = parseSelfResponse({
      active: true,
      scope: 5,
      iat: 'yesterday',
      token_level: 'admin',
      workspace_name: 3,
    });
    expect(result).toEqual({
      active: true,
      scopes: [],
      raw: expect.any(Object),
    });
  });

  it('when active is missing or not a boolean, or the body is not an object, then it throws a validation error', () => {
    expect(() => parseSelfResponse({ ok: true })).toThrow(
      'GET /v2/self returned no boolean "active" member (got "undefined"). Check the base URL points at the Attio API.',
    );
    expect(() => parseSelfResponse({ active: 'true' })).toThrow('(got "string")');
    expect(() => parseSelfResponse([])).toThrow('GET /v2/self did not return a JSON object.');
    expect(() => parseSelfResponse(null)).toThrow('GET /v2/self did not return a JSON object.');
  });
});

describe('client.self / listObjects / listWorkspaceMembers over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((req, res) => {
      if (req.url === '/v2/self') return json(res, 200, { active: false });
      if (req.url === '/v2/objects') {
        return json(res, 200, {
          data: [
            {
              id: { workspace_id: 'ws_1', object_id: 'o1' },
              api_slug: 'people',
              singular_noun: 'Person',
              plural_noun: 'People',
              created_at: '2024-01-01T00:00:00.000Z',
            },
            {
              id: { workspace_id: 'ws_1', object_id: 'o2' },
              api_slug: 'companies',
              singular_noun: null,
              plural_noun: 'Companies',
            },
            { broken: true },
          ],
        });
      }
      if (req.url === '/v2/workspace_members') {
        return json(res, 200, {
          data: [
            {
              id: { workspace_id: 'ws_1', workspace_member_id: 'wm_1' },
              first_name: 'Ada',
              last_name: 'Lovelace',
              avatar_url: null,
              email_address: 'ada@example.com',
              created_at: '2024-01-01T00:00:00.000Z',
              access_level: 'admin',
            },
          ],
        });
      }
      return json(res, 404, {});
    });
  });
  afterAll(() => server.close());

  it('when the token is revoked, then self() resolves to { active: false } (a 200, not an error)', async () => {
    const client = createAttioClient({
      token: 'tok_revoked1',
      baseUrl: server.url,
    });
    await expect(client.self()).resolves.toEqual({ active: false });
  });

  it('when listing objects, then entries are camelCased and broken ones skipped', async () => {
    const client = createAttioClient({
      token: 'tok_full1234',
      baseUrl: server.url,
    });
    const objects = await client.listObjects();
    expect(objects.map((o) => ({ ...o, raw: undefined }))).toEqual([
      {
        id: { workspaceId: 'ws_1', objectId: 'o1' },
        apiSlug: 'people',
        singularNoun: 'Person',
        pluralNoun: 'People',
        createdAt: '2024-01-01T00:00:00.000Z',
        raw: undefined,
      },
      {
        id: { workspaceId: 'ws_1', objectId: 'o2' },
        apiSlug: 'companies',
        singularNoun: null,
        pluralNoun: 'Companies',
        raw: undefined,
      },
    ]);
  });

  it('when listing workspace members, then every documented field is mapped', async () => {
    const client = createAttioClient({
      token: 'tok_full1234',
      baseUrl: server.url,
    });
    const [member] = await client.listWorkspaceMembers();
    expect(member).toMatchObject({
      id: { workspaceId: 'ws_1', workspaceMemberId: 'wm_1' },
      firstName: 'Ada',
      lastName: 'Lovelace',
      avatarUrl: null,
      emailAddress: 'ada@example.com',
      accessLevel: 'admin',
      createdAt: '2024-01-01T00:00:00.000Z',
    });
  });
});
