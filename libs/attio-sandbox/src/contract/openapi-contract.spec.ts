/**
 * Contract tests: every implemented operation's success and error responses, fetched over real sockets,
 * validate against the response schemas of BOTH copies of Attio's OpenAPI document (JSON Schema 2020-12,
 * ajv). Statuses the document does not describe (401/403/429) validate against Attio's documented error
 * shape (docs/attio-api-notes.md, "Errors").
 */
import path from 'node:path';
import { REST_ROUTES } from '../rest/rest-routes.js';
import { startSandbox } from '../server/start-sandbox.js';
import { http, manualClock } from '../testing/http-client.js';
import { loadOpenApi, OPENAPI_FILES, type OpenApiDocument } from '../testing/openapi-documents.js';
import type { Sandbox } from '../types.js';

// The vendored copies (origin and sha256 in their README): libs/attio-sandbox/src/contract → repo root is four
// levels up.
const OPENAPI_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'tools', 'scopes', 'openapi');

/** Attio's error body (docs/attio-api-notes.md, "Errors") for statuses the document leaves undescribed. */
const ERROR_SHAPE = {
  type: 'object',
  required: ['status_code', 'type', 'code', 'message'],
  properties: {
    status_code: { type: 'number' },
    type: { enum: ['invalid_request_error', 'auth_error', 'rate_limit_error'] },
    code: { type: 'string', minLength: 1 },
    message: { type: 'string', minLength: 1 },
  },
};

// Every test sends dozens of requests and validates each answer against the compiled OpenAPI schemas;
// on the shared 2-core machine that takes longer than Jest's 5 s default.
jest.setTimeout(30_000);

let sandbox: Sandbox;
let docs: OpenApiDocument[];
const clock = manualClock(Date.UTC(2026, 10, 28, 12, 0, 0));
const covered = new Set<string>();

beforeAll(async () => {
  docs = OPENAPI_FILES.map((f) => loadOpenApi(OPENAPI_DIR, f));
  sandbox = await startSandbox({ now: clock.now });
});
afterAll(() => sandbox.close());

async function expectConforms(
  method: string,
  template: string,
  url: string,
  status: number,
  init: { token?: string; json?: unknown } = {},
): Promise<unknown> {
  const res = await http(method, `${sandbox.urls.api}${url}`, init);
  expect(res.status).toBe(status);
  for (const doc of docs) {
    expect(doc.hasResponse(method, template, status)).toBe(true);
    const validate = doc.responseValidator(method, template, status);
    const ok = validate(res.json);
    if (!ok)
      throw new Error(
        `${doc.file} ${method} ${template} ${status}: ${JSON.stringify(validate.errors)}`,
      );
  }
  covered.add(`${method} ${template} ${status}`);
  return res.json;
}

describe('sandbox responses against Attio OpenAPI documents', () => {
  it('when /v2/self is called with each fixture token, then both documents accept every body', async () => {
    const t = sandbox.fixtures.tokens;
    for (const token of [
      t.full,
      t.readOnly,
      t.noScopes,
      t.userLevel,
      t.otherWorkspace,
      t.revoked,
      'unknown',
    ]) {
      await expectConforms('GET', '/v2/self', '/v2/self', 200, { token });
    }
  });

  it('when the metadata endpoints answer, then their 200 and 404 bodies conform', async () => {
    const token = sandbox.fixtures.tokens.full;
    await expectConforms('GET', '/v2/objects', '/v2/objects', 200, { token });
    await expectConforms('GET', '/v2/objects/{object}', '/v2/objects/projects', 200, { token });
    await expectConforms('GET', '/v2/objects/{object}', '/v2/objects/nope', 404, { token });
    const members = (await expectConforms(
      'GET',
      '/v2/workspace_members',
      '/v2/workspace_members',
      200,
      { token },
    )) as {
      data: { id: { workspace_member_id: string } }[];
    };
    const memberId = members.data[0]?.id.workspace_member_id;
    const tpl = '/v2/workspace_members/{workspace_member_id}';
    await expectConforms('GET', tpl, `/v2/workspace_members/${memberId}`, 200, {
      token,
    });
    await expectConforms(
      'GET',
      tpl,
      '/v2/workspace_members/00000000-0000-4000-8000-000000000000',
      404,
      { token },
    );
    await expectConforms('GET', '/v2/lists', '/v2/lists', 200, { token });
    await expectConforms('GET', '/v2/lists/{list}', '/v2/lists/sales', 200, {
      token,
    });
    await expectConforms('GET', '/v2/lists/{list}', '/v2/lists/nope', 404, {
      token,
    });
  });

  it('when records are queried, created and read, then 200, 400 and 404 bodies conform', async () => {
    const token = sandbox.fixtures.tokens.full;
    const query = '/v2/objects/{object}/records/query';
    for (const object of ['people', 'companies', 'deals', 'users', 'workspaces', 'projects']) {
      await expectConforms('POST', query, `/v2/objects/${object}/records/query`, 200, {
        token,
        json: { limit: 3 },
      });
    }
    await expectConforms('POST', query, '/v2/objects/people/records/query', 400, {
      token,
      json: { filter: { nope: 1 } },
    });
    await expectConforms('POST', query, '/v2/objects/nope/records/query', 404, {
      token,
      json: {},
    });

    const create = '/v2/objects/{object}/records';
    const created = (await expectConforms('POST', create, '/v2/objects/people/records', 200, {
      token,
      json: {
        data: {
          values: {
            name: 'Katherine Johnson',
            email_addresses: ['kj@example.com'],
          },
        },
      },
    })) as { data: { id: { record_id: string } } };
    await expectConforms('POST', create, '/v2/objects/companies/records', 200, {
      token,
      json: { data: { values: { name: 'Acme', domains: ['acme.com'] } } },
    });
    await expectConforms('POST', create, '/v2/objects/projects/records', 400, {
      token,
      json: { data: { values: { colour: 'red' } } },
    });
    await expectConforms('POST', create, '/v2/objects/nope/records', 404, {
      token,
      json: { data: { values: {} } },
    });

    const get = '/v2/objects/{object}/records/{record_id}';
    await expectConforms(
      'GET',
      get,
      `/v2/objects/people/records/${created.data.id.record_id}`,
      200,
      { token },
    );
    await expectConforms(
      'GET',
      get,
      '/v2/objects/people/records/00000000-0000-4000-8000-000000000000',
      404,
      { token },
    );
  });

  it('when meetings are paged, then every page conforms and the last has next_cursor null', async () => {
    const token = sandbox.fixtures.tokens.full;
    let url = '/v2/meetings?limit=3';
    const titles: string[] = [];
    for (;;) {
      const page = (await expectConforms('GET', '/v2/meetings', url, 200, {
        token,
      })) as {
        data: { title: string }[];
        pagination: { next_cursor: string | null };
      };
      titles.push(...page.data.map((m) => m.title));
      if (page.pagination.next_cursor === null) break;
      url = `/v2/meetings?limit=3&cursor=${encodeURIComponent(page.pagination.next_cursor)}`;
    }
    expect(titles).toEqual(['Sync 1', 'Sync 2', 'Sync 3', 'Sync 4', 'Sync 5', 'Sync 6', 'Sync 7']);
  });

  it('when a request is unauthenticated, unscoped or rate limited, then the body has Attio error shape', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const validate = new Ajv2020().compile(ERROR_SHAPE);
    const t = sandbox.fixtures.tokens;
    const cases: [string | undefined, string, number][] = [
      [undefined, '/v2/objects', 401],
      [t.revoked, '/v2/objects', 401],
      [t.noScopes, '/v2/objects', 403],
    ];
    for (const [token, url, status] of cases) {
      const res = await http(
        'GET',
        `${sandbox.urls.api}${url}`,
        token === undefined ? {} : { token },
      );
      expect(res.status).toBe(status);
      expect(validate(res.json)).toBe(true);
      expect((res.json as { status_code: number }).status_code).toBe(status);
    }
    const limited = await sandbox.admin.createToken({
      workspaceId: sandbox.fixtures.workspaces[0].id,
      scopes: [],
    });
    let last = await http('GET', `${sandbox.urls.api}/v2/self`, {
      token: limited,
    });
    for (let i = 0; i < 100; i++)
      last = await http('GET', `${sandbox.urls.api}/v2/self`, {
        token: limited,
      });
    expect(last.status).toBe(429);
    expect(validate(last.json)).toBe(true);
  });

  it('when a token is revoked through POST /oauth/revoke, then /v2/self and a REST call still conform', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const validate = new Ajv2020().compile(ERROR_SHAPE);
    const token = sandbox.admin.createToken({
      workspaceId: sandbox.fixtures.workspaces[0].id,
      scopes: ['object_configuration:read'],
    });
    const revoked = await http('POST', `${sandbox.urls.oauth}/oauth/revoke`, { token });
    expect(revoked.status).toBe(204);
    expect(await expectConforms('GET', '/v2/self', '/v2/self', 200, { token })).toEqual({
      active: false,
    });
    const rest = await http('GET', `${sandbox.urls.api}/v2/objects`, { token });
    expect(rest.status).toBe(401);
    expect(validate(rest.json)).toBe(true);
  });

  it('when a body breaks the document, then the validators reject it (they are not vacuous)', async () => {
    const res = await http('GET', `${sandbox.urls.api}/v2/self`, {
      token: sandbox.fixtures.tokens.full,
    });
    const broken = {
      ...(res.json as Record<string, unknown>),
      workspace_id: 'not-a-uuid',
      iss: 'example.com',
    };
    for (const doc of docs) {
      expect(doc.responseValidator('GET', '/v2/self', 200)(broken)).toBe(false);
      expect(
        doc.responseValidator('GET', '/v2/objects', 200)({ data: [{ api_slug: 'people' }] }),
      ).toBe(false);
      expect(doc.responseValidator('GET', '/v2/meetings', 200)({ data: [] })).toBe(false);
    }
  });

  // Coverage is a fact about the whole file, so it is checked after every test has run, in whatever
  // order (a failing afterAll fails the file). A run filtered with -t reports the routes it skipped.
  afterAll(() => {
    const missing = REST_ROUTES.filter((r) => !covered.has(`${r.method} ${r.path} 200`)).map(
      (r) => `${r.method} ${r.path}`,
    );
    expect(missing).toEqual([]);
  });
});
