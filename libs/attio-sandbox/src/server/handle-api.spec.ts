import { ALL_SCOPES, requiredScopesFor } from '@attio-auth/attio-core';
import { REST_ROUTES } from '../rest/rest-routes.js';
import { READ_SCOPES } from '../state/create-fixtures.js';
import { http, manualClock } from '../testing/http-client.js';
import type { Sandbox } from '../types.js';
import { startSandbox } from './start-sandbox.js';

const START = Date.UTC(2026, 10, 28, 12, 0, 0, 250);
const clock = manualClock(START);
let sandbox: Sandbox;
let adminMemberId: string;

const self = (token: string) => http('GET', `${sandbox.urls.api}/v2/self`, { token });

beforeAll(async () => {
  sandbox = await startSandbox({ now: clock.now, rateLimit: false });
  const members = await http('GET', `${sandbox.urls.api}/v2/workspace_members`, {
    token: sandbox.fixtures.tokens.full,
  });
  adminMemberId =
    (members.json as { data: { id: { workspace_member_id: string } }[] }).data[0]?.id
      .workspace_member_id ?? '';
  expect(adminMemberId).toMatch(/^[0-9a-f-]{36}$/);
});
afterAll(() => sandbox.close());

describe('GET /v2/self', () => {
  it('when called with the full token, then it answers exactly the documented members', async () => {
    const res = await self(sandbox.fixtures.tokens.full);
    const body = res.json as Record<string, unknown>;
    const [primary] = sandbox.fixtures.workspaces;
    expect(res.status).toBe(200);
    expect(body).toEqual({
      active: true,
      scope: ALL_SCOPES.join(' '),
      client_id: body['client_id'],
      token_type: 'Bearer',
      exp: null,
      iat: Math.floor(START / 1000),
      sub: primary.id,
      aud: body['client_id'],
      iss: 'attio.com',
      workspace_id: primary.id,
      workspace_name: 'Acme Sandbox',
      workspace_slug: 'acme-sandbox',
      workspace_logo_url: null,
      authorized_by_workspace_member_id: adminMemberId,
      token_level: 'workspace',
    });
    expect(body['client_id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('when called with each other fixture token, then scopes, level and workspace tell them apart', async () => {
    const t = sandbox.fixtures.tokens;
    const scopeOf = async (token: string) => ((await self(token)).json as { scope: string }).scope;
    expect(await scopeOf(t.readOnly)).toBe(READ_SCOPES.join(' '));
    expect(READ_SCOPES.every((s) => s.endsWith(':read'))).toBe(true);
    expect(await scopeOf(t.noScopes)).toBe('');
    expect(((await self(t.userLevel)).json as { token_level: string }).token_level).toBe('user');
    const other = (await self(t.otherWorkspace)).json as Record<string, unknown>;
    expect(other['workspace_id']).toBe(sandbox.fixtures.workspaces[1].id);
    expect(other['workspace_name']).toBe('Globex Sandbox');
    expect(other['scope']).toBe(ALL_SCOPES.join(' '));
  });

  it('when the token is revoked or unknown, then it answers 200 {"active": false}', async () => {
    for (const token of [sandbox.fixtures.tokens.revoked, 'f'.repeat(64)]) {
      const res = await self(token);
      expect(res.status).toBe(200);
      expect(res.text).toBe('{"active":false}');
    }
  });

  it('when the Authorization header is missing, then 401; when malformed, then 400', async () => {
    const missing = await http('GET', `${sandbox.urls.api}/v2/self`);
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      status_code: 401,
      type: 'auth_error',
      code: 'unauthorized',
      message: 'Missing Authorization header: send "Authorization: Bearer <access token>".',
    });
    for (const authorization of [
      'Token abc',
      'Bearer',
      'Bearer a b',
      'Basic !!!',
      'Basic ' + Buffer.from(':x').toString('base64'),
    ]) {
      const res = await http('GET', `${sandbox.urls.api}/v2/self`, {
        authorization,
      });
      expect([authorization, res.status]).toEqual([authorization, 400]);
      expect((res.json as { code: string }).code).toBe('validation_type');
    }
  });

  it('when HTTP Basic carries the token as user name, then it identifies the same token', async () => {
    const token = sandbox.fixtures.tokens.full;
    const basic = await http('GET', `${sandbox.urls.api}/v2/self`, {
      authorization: `Basic ${Buffer.from(`${token}:`).toString('base64')}`,
    });
    expect(basic.status).toBe(200);
    expect(basic.text).toBe((await self(token)).text);
  });
});

describe('REST authentication and scopes', () => {
  it('when a revoked or unknown token calls a REST route, then 401 with Attio body', async () => {
    for (const token of [sandbox.fixtures.tokens.revoked, 'f'.repeat(64)]) {
      const res = await http('GET', `${sandbox.urls.api}/v2/objects`, {
        token,
      });
      expect(res.status).toBe(401);
      expect(res.json).toMatchObject({
        status_code: 401,
        type: 'auth_error',
        code: 'unauthorized',
      });
    }
  });

  it('when routes are built, then each one enforces exactly the scopes of the generated OpenAPI table', async () => {
    const ws = sandbox.fixtures.workspaces[0].id;
    for (const route of REST_ROUTES) {
      const url = route.path
        .replace('{object}', 'people')
        .replace('{list}', 'sales')
        .replace('{workspace_member_id}', adminMemberId)
        .replace('{record_id}', '00000000-0000-4000-8000-000000000000');
      const required = requiredScopesFor(route.method, url) ?? ['(not in table)'];
      expect(required.length).toBeGreaterThan(0);
      for (const dropped of required) {
        const token = sandbox.admin.createToken({
          workspaceId: ws,
          scopes: required.filter((s) => s !== dropped),
        });
        const res = await http(route.method, `${sandbox.urls.api}${url}`, {
          token,
          json: route.method === 'POST' ? {} : undefined,
        });
        expect([route.path, res.status]).toEqual([route.path, 403]);
        expect(res.json).toMatchObject({
          status_code: 403,
          type: 'auth_error',
          code: 'unauthorized',
        });
        expect((res.json as { message: string }).message).toContain(
          `missing the scopes ${dropped} `,
        );
      }
      const exact = sandbox.admin.createToken({
        workspaceId: ws,
        scopes: required,
      });
      const ok = await http(route.method, `${sandbox.urls.api}${url}`, {
        token: exact,
        json: route.method === 'POST' ? {} : undefined,
      });
      expect([route.path, ok.status === 403]).toEqual([route.path, false]);
    }
    // Two requests per route of the table over real sockets: more than Jest's 5 s default under load.
  }, 30_000);

  it('when a token holds read-write, then it satisfies the read scope of the same family', async () => {
    const token = sandbox.admin.createToken({
      workspaceId: sandbox.fixtures.workspaces[0].id,
      scopes: ['object_configuration:read-write'],
    });
    expect((await http('GET', `${sandbox.urls.api}/v2/objects`, { token })).status).toBe(200);
  });

  it('when the read-only token writes a record, then 403 names record_permission:read-write', async () => {
    const res = await http('POST', `${sandbox.urls.api}/v2/objects/companies/records`, {
      token: sandbox.fixtures.tokens.readOnly,
      json: { data: { values: { name: 'Nope' } } },
    });
    expect(res.status).toBe(403);
    expect((res.json as { message: string }).message).toContain('record_permission:read-write');
  });

  it('when the other-workspace token lists objects, then it sees its own workspace only', async () => {
    const res = await http('GET', `${sandbox.urls.api}/v2/objects`, {
      token: sandbox.fixtures.tokens.otherWorkspace,
    });
    const ids = (res.json as { data: { id: { workspace_id: string } }[] }).data.map(
      (o) => o.id.workspace_id,
    );
    expect(new Set(ids)).toEqual(new Set([sandbox.fixtures.workspaces[1].id]));
  });

  it('when a path is not implemented, then 404 not_found', async () => {
    const res = await http('GET', `${sandbox.urls.api}/v2/webhooks`, {
      token: sandbox.fixtures.tokens.full,
    });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      status_code: 404,
      type: 'invalid_request_error',
      code: 'not_found',
      message: 'No route for GET /v2/webhooks in the sandbox.',
    });
  });
});
