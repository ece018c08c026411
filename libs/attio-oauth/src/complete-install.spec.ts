import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { approve } from '@attio-auth/attio-sandbox/testing';
import {
  AttioOAuthError,
  AttioResponseValidationError,
  AttioServerError,
  AttioTokenInactiveError,
} from '@attio-auth/attio-errors';

import { buildAuthorizeUrl } from './authorize-url.js';
import { completeInstall, type CompleteInstallOptions } from './complete-install.js';
import { startRecordingServer } from './testing/recording-server.js';

const REDIRECT_URI = 'http://127.0.0.1:9/oauth/callback';

// Real sockets against the sandbox: generous under a loaded CI machine.
jest.setTimeout(30_000);

/** Approves the sandbox's consent page for `workspaceId` and returns the authorization code. */
async function authorize(sandbox: Sandbox, workspaceId: string): Promise<string> {
  const authorizeUrl = buildAuthorizeUrl({
    clientId: sandbox.fixtures.oauthApp.clientId,
    redirectUri: REDIRECT_URI,
    state: 'st',
    authorizeUrl: `${sandbox.urls.oauth}/authorize`,
  });
  const code = new URL(await approve(authorizeUrl, { workspaceId })).searchParams.get('code');
  if (!code) throw new Error('the sandbox did not issue a code');
  return code;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected completeInstall to fail');
}

describe('completeInstall against the sandbox', () => {
  let sandbox: Sandbox;
  let options: (code: string) => CompleteInstallOptions;

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false, oauthApp: { redirectUris: [REDIRECT_URI] } });
    options = (code) => ({
      code,
      clientId: sandbox.fixtures.oauthApp.clientId,
      clientSecret: sandbox.fixtures.oauthApp.clientSecret,
      redirectUri: REDIRECT_URI,
      tokenUrl: `${sandbox.urls.oauth}/oauth/token`,
      apiBaseUrl: sandbox.urls.api,
      retry: false,
    });
  });
  afterAll(() => sandbox.close());
  afterEach(() => sandbox.admin.clearFaults());

  it('when the user approved, then it returns the token, the workspace identity and the granted scopes', async () => {
    const [primary] = sandbox.fixtures.workspaces;
    const result = await completeInstall({
      ...options(await authorize(sandbox, primary?.id ?? '')),
      requiredScopes: [],
    });
    expect(result.identity.active).toBe(true);
    expect(result.identity.workspaceId).toBe(primary?.id);
    expect(result.identity.workspaceName).toBe('Acme Sandbox');
    expect(result.identity.workspaceSlug).toBe('acme-sandbox');
    expect(result.grantedScopes).toEqual(sandbox.fixtures.oauthApp.scopes);
    expect(result.missingScopes).toEqual([]);
    const self = await fetch(`${sandbox.urls.api}/v2/self`, {
      headers: { authorization: `Bearer ${result.token}` },
    });
    expect(((await self.json()) as { workspace_id: string }).workspace_id).toBe(primary?.id);
  });

  it('when the other workspace approved, then its id is returned', async () => {
    const other = sandbox.fixtures.workspaces[1];
    const result = await completeInstall(options(await authorize(sandbox, other?.id ?? '')));
    expect(result.identity.workspaceId).toBe(other?.id);
    expect(result.identity.workspaceName).toBe('Globex Sandbox');
  });

  it('when required scopes exceed the grant, then they are listed as missing (read-write not covered by read)', async () => {
    const code = await authorize(sandbox, sandbox.fixtures.workspaces[0]?.id ?? '');
    const result = await completeInstall({
      ...options(code),
      requiredScopes: [
        'object_configuration:read',
        'record_permission:read-write',
        'note:read-write',
      ],
    });
    expect(result.missingScopes).toEqual(['record_permission:read-write', 'note:read-write']);
  });

  it('when the code was already exchanged, then ATTIO_OAUTH_INVALID_GRANT', async () => {
    const code = await authorize(sandbox, sandbox.fixtures.workspaces[0]?.id ?? '');
    await completeInstall(options(code));
    const err = await rejection(completeInstall(options(code)));
    expect(err).toBeInstanceOf(AttioOAuthError);
    expect((err as AttioOAuthError).code).toBe('ATTIO_OAUTH_INVALID_GRANT');
    expect(err.message).not.toContain(code);
  });

  it('when the client secret is wrong, then ATTIO_OAUTH_INVALID_CLIENT and the secret is not in the error', async () => {
    const code = await authorize(sandbox, sandbox.fixtures.workspaces[0]?.id ?? '');
    const err = await rejection(
      completeInstall({ ...options(code), clientSecret: 'wrong-secret-value' }),
    );
    expect((err as AttioOAuthError).code).toBe('ATTIO_OAUTH_INVALID_CLIENT');
    expect(JSON.stringify(err) + err.message).not.toContain('wrong-secret-value');
  });

  it('when the token is revoked before /v2/self, then AttioTokenInactiveError', async () => {
    const code = await authorize(sandbox, sandbox.fixtures.workspaces[0]?.id ?? '');
    // Real fetch; it only revokes the new token at the sandbox between the exchange and the identify call.
    const revokingFetch: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).endsWith('/oauth/token')) {
        const body = (await res.clone().json()) as { access_token: string };
        sandbox.admin.revokeToken(body.access_token);
      }
      return res;
    };
    const err = await rejection(completeInstall({ ...options(code), fetch: revokingFetch }));
    expect(err).toBeInstanceOf(AttioTokenInactiveError);
    expect((err as AttioTokenInactiveError).code).toBe('ATTIO_TOKEN_INACTIVE');
  });

  it('when /v2/self answers 503, then AttioServerError (the exchange already happened, so nothing is returned)', async () => {
    sandbox.admin.setFaults([{ path: '/v2/self', status: 503 }]);
    const code = await authorize(sandbox, sandbox.fixtures.workspaces[0]?.id ?? '');
    const err = await rejection(completeInstall(options(code)));
    expect(err).toBeInstanceOf(AttioServerError);
    expect((err as AttioServerError).status).toBe(503);
  });
});

describe('completeInstall against a server whose /v2/self has no workspace id', () => {
  it('when workspace_id is absent, then AttioResponseValidationError naming it', async () => {
    const server = await startRecordingServer((req) =>
      req.url === '/oauth/token'
        ? { status: 200, body: '{"access_token":"tok_x","token_type":"Bearer"}' }
        : { status: 200, body: '{"active":true,"scope":"note:read"}' },
    );
    try {
      const err = await rejection(
        completeInstall({
          code: 'c',
          clientId: 'id',
          clientSecret: 's',
          redirectUri: REDIRECT_URI,
          tokenUrl: `${server.url}/oauth/token`,
          apiBaseUrl: server.url,
          retry: false,
        }),
      );
      expect(err).toBeInstanceOf(AttioResponseValidationError);
      expect(err.message).toContain(
        '/v2/self did not say which workspace the new token belongs to (no workspace_id)',
      );
      expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'POST /oauth/token',
        'GET /v2/self',
      ]);
      expect(server.requests[1]?.headers['authorization']).toBe('Bearer tok_x');
    } finally {
      await server.close();
    }
  });
});
