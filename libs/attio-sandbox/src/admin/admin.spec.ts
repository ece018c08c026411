import { startSandbox } from '../server/start-sandbox.js';
import { http } from '../testing/http-client.js';
import type { Sandbox } from '../types.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ rateLimit: false });
});
afterEach(() => sandbox.close());

const selfOf = async (token: string) =>
  (await http('GET', `${sandbox.urls.api}/v2/self`, { token })).json as Record<string, unknown>;

describe('admin (in process)', () => {
  it('when a workspace and a user-level token are created, then /v2/self reports them', async () => {
    const ws = sandbox.admin.createWorkspace({
      name: 'Initech',
      slug: 'initech',
    });
    const token = sandbox.admin.createToken({
      workspaceId: ws.id,
      scopes: ['note:read'],
      level: 'user',
    });
    expect(await selfOf(token)).toMatchObject({
      active: true,
      workspace_id: ws.id,
      workspace_name: 'Initech',
      workspace_slug: 'initech',
      scope: 'note:read',
      token_level: 'user',
    });
    const objects = await http('GET', `${sandbox.urls.api}/v2/objects`, {
      token: sandbox.admin.createToken({
        workspaceId: ws.id,
        scopes: ['object_configuration:read'],
      }),
    });
    expect((objects.json as { data: { api_slug: string }[] }).data.map((o) => o.api_slug)).toEqual([
      'people',
      'companies',
      'deals',
      'users',
      'workspaces',
      'projects',
    ]);
  });

  it('when token scopes change or the token is revoked and restored, then /v2/self follows', async () => {
    const token = sandbox.fixtures.tokens.noScopes;
    sandbox.admin.setTokenScopes(token, ['meeting:read', 'record_permission:read']);
    expect((await selfOf(token))['scope']).toBe('meeting:read record_permission:read');
    expect((await http('GET', `${sandbox.urls.api}/v2/meetings`, { token })).status).toBe(200);
    sandbox.admin.revokeToken(token);
    expect(await selfOf(token)).toEqual({ active: false });
    sandbox.admin.restoreToken(token);
    expect((await selfOf(token))['active']).toBe(true);
  });

  it('when an app is uninstalled from a workspace, then only its tokens there stop working', async () => {
    const app = sandbox.admin.createApp({
      name: 'Reporter',
      redirectUris: ['http://127.0.0.1:1/cb'],
      scopes: ['user_management:read'],
    });
    const [primary, other] = sandbox.fixtures.workspaces;
    const here = sandbox.admin.createToken({
      workspaceId: primary.id,
      scopes: app.scopes,
      clientId: app.clientId,
    });
    const there = sandbox.admin.createToken({
      workspaceId: other.id,
      scopes: app.scopes,
      clientId: app.clientId,
    });
    expect((await selfOf(here))['client_id']).toBe(app.clientId);
    expect(sandbox.admin.uninstallApp(app.clientId, primary.id)).toBe(1);
    expect(await selfOf(here)).toEqual({ active: false });
    expect(
      (
        await http('GET', `${sandbox.urls.api}/v2/workspace_members`, {
          token: here,
        })
      ).status,
    ).toBe(401);
    expect((await selfOf(there))['active']).toBe(true);
    expect((await selfOf(sandbox.fixtures.tokens.full))['active']).toBe(true);
  });

  it('when a redirect URI is added or app scopes change, then the consent page and new tokens follow', async () => {
    const { clientId } = sandbox.fixtures.oauthApp;
    sandbox.admin.addRedirectUri(clientId, 'http://127.0.0.1:9/cb');
    sandbox.admin.setAppScopes(clientId, ['webhook:read']);
    expect(sandbox.fixtures.oauthApp.redirectUris).toContain('http://127.0.0.1:9/cb');
    const page = await http(
      'GET',
      `${sandbox.urls.oauth}/authorize?client_id=${clientId}&response_type=code&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/cb')}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('<ul id="scopes"><li><code>webhook:read</code></li></ul>');
  });

  it('when input is bad, then the error says what to do and never echoes a token', () => {
    expect(() => sandbox.admin.createWorkspace({ name: 'Dup', slug: 'acme-sandbox' })).toThrow(
      'Workspace slug "acme-sandbox" is taken: choose another slug.',
    );
    expect(() => sandbox.admin.createToken({ workspaceId: 'nope', scopes: [] })).toThrow(
      'Unknown workspace "nope": create it with admin.createWorkspace first.',
    );
    expect(() => sandbox.admin.revokeToken('secret-looking-token')).toThrow(
      'Unknown token: create it with admin.createToken first.',
    );
    expect(() =>
      sandbox.admin.createApp({
        name: 'x',
        redirectUris: ['not a url'],
        scopes: [],
      }),
    ).toThrow(
      'Redirect URI "not a url" is not an absolute URL (e.g. http://127.0.0.1:3000/oauth/callback).',
    );
    expect(() =>
      sandbox.admin.setTokenScopes(
        sandbox.fixtures.tokens.full,
        'note:read' as unknown as string[],
      ),
    ).toThrow('"scopes" must be an array of non-empty strings.');
  });

  it('when 10,000 tokens are created in process, then each is a distinct active token', async () => {
    const ws = sandbox.fixtures.workspaces[0].id;
    const tokens = new Set<string>();
    for (let i = 0; i < 10_000; i++)
      tokens.add(
        sandbox.admin.createToken({
          workspaceId: ws,
          scopes: ['user_management:read'],
        }),
      );
    expect(tokens.size).toBe(10_000);
    const last = [...tokens].at(-1) ?? '';
    expect((await selfOf(last))['scope']).toBe('user_management:read');
    // 10,000 creations take a few seconds on the shared 2-core machine: more than Jest's 5 s default.
  }, 30_000);
});

describe('admin HTTP API', () => {
  it('when workspaces, apps and tokens are managed over HTTP, then the same effects apply', async () => {
    const admin = sandbox.urls.admin;
    const ws = await http('POST', `${admin}/workspaces`, {
      json: { name: 'Hooli', slug: 'hooli' },
    });
    expect(ws.status).toBe(201);
    const workspaceId = (ws.json as { id: string }).id;
    const created = await http('POST', `${admin}/tokens`, {
      json: { workspaceId, scopes: ['list_configuration:read'] },
    });
    expect(created.status).toBe(201);
    const { token, tokenId } = created.json as {
      token: string;
      tokenId: string;
    };
    expect(tokenId).toBe(sandbox.admin.tokenId(token));
    expect((await http('GET', `${sandbox.urls.api}/v2/lists`, { token })).status).toBe(200);
    expect(
      (
        await http('PUT', `${admin}/tokens/scopes`, {
          json: { token, scopes: [] },
        })
      ).status,
    ).toBe(204);
    expect((await http('GET', `${sandbox.urls.api}/v2/lists`, { token })).status).toBe(403);
    expect((await http('POST', `${admin}/tokens/revoke`, { json: { token } })).status).toBe(204);
    expect(await selfOf(token)).toEqual({ active: false });
    expect((await http('POST', `${admin}/tokens/restore`, { json: { token } })).status).toBe(204);

    const app = (
      await http('POST', `${admin}/apps`, {
        json: {
          name: 'A',
          redirectUris: ['http://127.0.0.1:2/cb'],
          scopes: [],
        },
      })
    ).json as { clientId: string };
    expect(
      (
        await http('POST', `${admin}/apps/${app.clientId}/redirect-uris`, {
          json: { uri: 'http://127.0.0.1:3/cb' },
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await http('PUT', `${admin}/apps/${app.clientId}/scopes`, {
          json: { scopes: ['note:read'] },
        })
      ).status,
    ).toBe(204);
    const appToken = sandbox.admin.createToken({
      workspaceId,
      scopes: ['note:read'],
      clientId: app.clientId,
    });
    const un = await http('POST', `${admin}/apps/${app.clientId}/uninstall`, {
      json: { workspaceId },
    });
    expect(un.json).toEqual({ revoked: 1 });
    expect(await selfOf(appToken)).toEqual({ active: false });
  });

  it('when fixtures or workspaces are read, then they match the in-process view', async () => {
    expect((await http('GET', `${sandbox.urls.admin}/fixtures`)).json).toEqual(
      JSON.parse(JSON.stringify(sandbox.fixtures)),
    );
    expect((await http('GET', `${sandbox.urls.admin}/workspaces`)).json).toEqual(
      sandbox.fixtures.workspaces,
    );
  });

  it('when a request is bad, then 400/404 with an error that says what to do', async () => {
    const missing = await http('POST', `${sandbox.urls.admin}/tokens`, {
      json: { workspaceId: 'nope', scopes: [] },
    });
    expect([missing.status, missing.json]).toEqual([
      404,
      {
        error: 'Unknown workspace "nope": create it with admin.createWorkspace first.',
      },
    ]);
    const bad = await http('POST', `${sandbox.urls.admin}/workspaces`, {
      json: { slug: 'x' },
    });
    expect([bad.status, bad.json]).toEqual([400, { error: '"name" must be a non-empty string.' }]);
    const route = await http('GET', `${sandbox.urls.admin}/nope`);
    expect([route.status, route.json]).toEqual([
      404,
      {
        error: 'No admin route GET /_sandbox/nope; see the table in admin-http.ts.',
      },
    ]);
  });
});
