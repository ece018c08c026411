import { CODE_TTL_MS } from '../state/sandbox-state.js';
import { http, manualClock } from '../testing/http-client.js';
import type { Sandbox } from '../types.js';
import { startSandbox } from '../server/start-sandbox.js';

const REDIRECT = 'http://127.0.0.1:4567/oauth/callback';
const clock = manualClock(Date.UTC(2026, 10, 28, 12, 0, 0));
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({
    now: clock.now,
    oauthApp: { redirectUris: [REDIRECT], scopes: ['user_management:read'] },
  });
});
afterAll(() => sandbox.close());

function authorizeUrl(params: Record<string, string>): string {
  return `${sandbox.urls.oauth}/authorize?${new URLSearchParams(params).toString()}`;
}

const app = () => sandbox.fixtures.oauthApp;

/** Approves the consent form for the primary workspace and returns the redirect Location. */
async function approve(state = 'st-1', decision = 'approve'): Promise<URL> {
  const res = await http('POST', `${sandbox.urls.oauth}/authorize/decision`, {
    form: {
      client_id: app().clientId,
      redirect_uri: REDIRECT,
      state,
      workspace_id: sandbox.fixtures.workspaces[0].id,
      decision,
    },
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location') ?? '');
}

function exchange(code: string, overrides: Record<string, string> = {}) {
  return http('POST', `${sandbox.urls.oauth}/oauth/token`, {
    form: {
      grant_type: 'authorization_code',
      client_id: app().clientId,
      client_secret: app().clientSecret,
      code,
      redirect_uri: REDIRECT,
      ...overrides,
    },
  });
}

describe('GET /authorize', () => {
  it('when the request is valid, then it renders a consent page with app name, workspaces, scopes and buttons', async () => {
    const res = await http(
      'GET',
      authorizeUrl({
        client_id: app().clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        state: 'abc',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<span id="app-name">Sandbox Test App</span>');
    expect(res.text).toContain('<select id="workspace_id" name="workspace_id">');
    expect(res.text).toContain(
      `<option value="${sandbox.fixtures.workspaces[1].id}">Globex Sandbox (globex-sandbox)</option>`,
    );
    expect(res.text).toContain('<li><code>user_management:read</code></li>');
    expect(res.text).toContain('<form method="post" action="/authorize/decision">');
    expect(res.text).toContain('<input type="hidden" name="state" value="abc">');
    expect(res.text).toContain(
      '<button type="submit" name="decision" value="approve">Approve</button>',
    );
    expect(res.text).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
  });

  it('when redirect_uri does not exactly match, then an error page and never a redirect', async () => {
    for (const redirect of [`${REDIRECT}/`, 'http://evil.example/cb', '']) {
      const res = await http(
        'GET',
        authorizeUrl({
          client_id: app().clientId,
          response_type: 'code',
          redirect_uri: redirect,
          state: 's',
        }),
      );
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.text).toContain('<p id="error"><code>invalid_request</code></p>');
    }
  });

  it('when client_id is unknown, then an error page and never a redirect', async () => {
    const res = await http(
      'GET',
      authorizeUrl({
        client_id: 'nope',
        response_type: 'code',
        redirect_uri: REDIRECT,
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('<p id="error"><code>invalid_client</code></p>');
  });

  it('when response_type is not code, then it redirects with unsupported_response_type and the state', async () => {
    const res = await http(
      'GET',
      authorizeUrl({
        client_id: app().clientId,
        response_type: 'token',
        redirect_uri: REDIRECT,
        state: 's9',
      }),
    );
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get('location') ?? '');
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('error')).toBe('unsupported_response_type');
    expect(loc.searchParams.get('state')).toBe('s9');
  });
});

describe('POST /authorize/decision', () => {
  it('when the user denies, then it redirects with error=access_denied and the state', async () => {
    const loc = await approve('deny-state', 'deny');
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('state')).toBe('deny-state');
    expect(loc.searchParams.get('code')).toBeNull();
  });

  it('when the decision body is unreadable JSON, then a 400 error page and no redirect', async () => {
    const res = await http('POST', `${sandbox.urls.oauth}/authorize/decision`, {
      headers: { 'content-type': 'application/json' },
      raw: '{',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.text).toContain('Request body is not valid JSON');
  });

  it('when the decision form carries a foreign redirect_uri, then an error page and no redirect', async () => {
    const res = await http('POST', `${sandbox.urls.oauth}/authorize/decision`, {
      form: {
        client_id: app().clientId,
        redirect_uri: 'http://evil.example/cb',
        workspace_id: sandbox.fixtures.workspaces[0].id,
        decision: 'approve',
      },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});

describe('POST /oauth/token', () => {
  it('when a fresh code is exchanged, then {access_token, token_type} and the token identifies the workspace', async () => {
    const loc = await approve('s1');
    expect(loc.searchParams.get('state')).toBe('s1');
    const res = await exchange(loc.searchParams.get('code') ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = res.json as { access_token: string; token_type: string };
    expect(Object.keys(body).sort()).toEqual(['access_token', 'token_type']);
    expect(body.token_type).toBe('Bearer');
    const self = (
      await http('GET', `${sandbox.urls.api}/v2/self`, {
        token: body.access_token,
      })
    ).json as Record<string, unknown>;
    expect(self).toMatchObject({
      active: true,
      scope: 'user_management:read',
      client_id: app().clientId,
      workspace_id: sandbox.fixtures.workspaces[0].id,
    });
  });

  it('when the body is JSON, then the exchange works too', async () => {
    const code = (await approve()).searchParams.get('code') ?? '';
    const res = await http('POST', `${sandbox.urls.oauth}/oauth/token`, {
      json: {
        grant_type: 'authorization_code',
        client_id: app().clientId,
        client_secret: app().clientSecret,
        code,
      },
    });
    expect(res.status).toBe(200);
  });

  it('when a code is reused, then invalid_grant', async () => {
    const code = (await approve()).searchParams.get('code') ?? '';
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      error: 'invalid_grant',
      error_description:
        'The authorization code has already been used; start the authorization again.',
    });
  });

  it('when the code is unknown, expired, or the redirect_uri differs, then invalid_grant', async () => {
    expect(((await exchange('unknown-code')).json as { error: string }).error).toBe(
      'invalid_grant',
    );
    const mismatched = (await approve()).searchParams.get('code') ?? '';
    const res = await exchange(mismatched, {
      redirect_uri: 'http://127.0.0.1:4567/other',
    });
    expect(res.json).toEqual({
      error: 'invalid_grant',
      error_description: 'redirect_uri does not match the one used in the authorization request.',
    });
    const expiring = (await approve()).searchParams.get('code') ?? '';
    clock.advance(CODE_TTL_MS);
    const expired = await exchange(expiring);
    expect(expired.status).toBe(400);
    expect(expired.json).toEqual({
      error: 'invalid_grant',
      error_description: 'The authorization code has expired; start the authorization again.',
    });
  });

  it('when the code belongs to another client, then invalid_grant', async () => {
    const other = sandbox.admin.createApp({
      name: 'Other',
      redirectUris: [REDIRECT],
      scopes: [],
    });
    const code = (await approve()).searchParams.get('code') ?? '';
    const res = await exchange(code, {
      client_id: other.clientId,
      client_secret: other.clientSecret,
    });
    expect(res.json).toEqual({
      error: 'invalid_grant',
      error_description: 'The authorization code was issued to another client.',
    });
  });

  it('when the client secret is wrong, then 401 invalid_client (Basic auth adds WWW-Authenticate)', async () => {
    const code = (await approve()).searchParams.get('code') ?? '';
    const res = await exchange(code, { client_secret: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed: unknown client_id or wrong client_secret.',
    });
    expect(res.text).not.toContain(code);
    const basic = await http('POST', `${sandbox.urls.oauth}/oauth/token`, {
      authorization: `Basic ${Buffer.from(`${app().clientId}:wrong`).toString('base64')}`,
      form: { grant_type: 'authorization_code', code },
    });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toBe('Basic realm="attio"');
    const good = await http('POST', `${sandbox.urls.oauth}/oauth/token`, {
      authorization: `Basic ${Buffer.from(`${app().clientId}:${encodeURIComponent(app().clientSecret)}`).toString('base64')}`,
      form: { grant_type: 'authorization_code', code },
    });
    expect(good.status).toBe(200);
  });

  it('when grant_type or code is missing or unsupported, then invalid_request / unsupported_grant_type', async () => {
    const post = (form: Record<string, string>) =>
      http('POST', `${sandbox.urls.oauth}/oauth/token`, { form });
    const creds = {
      client_id: app().clientId,
      client_secret: app().clientSecret,
    };
    expect((await post({ ...creds, code: 'x' })).json).toEqual({
      error: 'invalid_request',
      error_description: 'grant_type is required (use grant_type=authorization_code).',
    });
    const unsupported = await post({
      ...creds,
      grant_type: 'client_credentials',
    });
    expect([unsupported.status, (unsupported.json as { error: string }).error]).toEqual([
      400,
      'unsupported_grant_type',
    ]);
    expect((await post({ ...creds, grant_type: 'authorization_code' })).json).toEqual({
      error: 'invalid_request',
      error_description: 'code is required: send the code from the redirect.',
    });
    const badJson = await http('POST', `${sandbox.urls.oauth}/oauth/token`, {
      headers: { 'content-type': 'application/json' },
      raw: '{"grant_type":',
    });
    expect(badJson.status).toBe(400);
    expect(badJson.json).toEqual({
      error: 'invalid_request',
      error_description:
        'Request body is not valid JSON; send a JSON object or a form-urlencoded body.',
    });
  });
});

describe('POST /oauth/introspect', () => {
  it('when a client introspects tokens, then the /v2/self members for active ones and active:false otherwise', async () => {
    const creds = {
      client_id: app().clientId,
      client_secret: app().clientSecret,
    };
    const full = sandbox.fixtures.tokens.full;
    const res = await http('POST', `${sandbox.urls.oauth}/oauth/introspect`, {
      form: { ...creds, token: full },
    });
    const self = await http('GET', `${sandbox.urls.api}/v2/self`, {
      token: full,
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(self.json);
    const revoked = await http('POST', `${sandbox.urls.oauth}/oauth/introspect`, {
      form: { ...creds, token: sandbox.fixtures.tokens.revoked },
    });
    expect(revoked.json).toEqual({ active: false });
    const anonymous = await http('POST', `${sandbox.urls.oauth}/oauth/introspect`, {
      form: { token: full },
    });
    expect(anonymous.status).toBe(401);
  });
});

describe('consent page escaping', () => {
  it('when the app name and state contain markup, then the page escapes them', async () => {
    const evil = sandbox.admin.createApp({
      name: '<script>x</script>',
      redirectUris: [REDIRECT],
      scopes: [],
    });
    const res = await http(
      'GET',
      authorizeUrl({
        client_id: evil.clientId,
        response_type: 'code',
        redirect_uri: REDIRECT,
        state: '"><b>',
      }),
    );
    expect(res.text).not.toContain('<script>x</script>');
    expect(res.text).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(res.text).toContain('<input type="hidden" name="state" value="&quot;&gt;&lt;b&gt;">');
  });
});
