import { json } from '../testing/http-test-server.js';
import { useTestServer } from '../testing/client-harness.js';
import { createWorkspaceClient } from './create-workspace-client.js';

// Over a real socket to a scripted /v2/self. The sandbox depends on attio-core, so attio-core's own
// specs cannot start it without a dependency cycle; oauth-callback's install e2e runs this factory on
// a real store against the sandbox.
const { serve } = useTestServer();

const TOKENS = new Map([
  ['ws-primary', 'tok_primary_0123456789abcdef'],
  ['ws-revoked', 'tok_revoked_0123456789abcdef'],
]);
const getToken = async (workspaceId: string) => TOKENS.get(workspaceId);

/** A /v2/self that knows one active token, answering like Attio. */
const attioSelf = () =>
  serve((req, res) =>
    req.headers['authorization'] === `Bearer ${TOKENS.get('ws-primary')}`
      ? json(res, 200, {
          active: true,
          workspace_id: 'ws-primary',
          scope: 'record_permission:read',
        })
      : json(res, 200, { active: false }),
  );

describe('createWorkspaceClient', () => {
  it('when a token is stored for the workspace, then the client sends it and authenticates as that workspace', async () => {
    const s = await attioSelf();
    const asked: string[] = [];
    const client = await createWorkspaceClient({
      workspaceId: 'ws-primary',
      getToken: (id) => {
        asked.push(id);
        return getToken(id);
      },
      baseUrl: s.url,
      retry: false,
      rateLimit: false,
    });
    expect(asked).toEqual(['ws-primary']);
    expect(client.baseUrl).toBe(s.url);
    const self = await client.self();
    expect(self.active && self.workspaceId).toBe('ws-primary');
    expect(s.requests[0]?.headers['authorization']).toBe(`Bearer ${TOKENS.get('ws-primary')}`);
  });

  it('when the stored token was revoked, then the client reports it inactive (nothing judged before the call)', async () => {
    const s = await attioSelf();
    const client = await createWorkspaceClient({
      workspaceId: 'ws-revoked',
      getToken,
      baseUrl: s.url,
      retry: false,
      rateLimit: false,
    });
    expect(await client.self()).toEqual({ active: false });
  });

  it('when no token is stored, then ATTIO_TOKEN_INACTIVE names the workspace, says to install, and nothing is sent', async () => {
    const s = await attioSelf();
    await expect(
      createWorkspaceClient({ workspaceId: 'ws-missing', getToken, baseUrl: s.url }),
    ).rejects.toMatchObject({
      name: 'AttioTokenInactiveError',
      code: 'ATTIO_TOKEN_INACTIVE',
      message:
        'No Attio token is stored for workspace "ws-missing": the app is not installed there, or was ' +
        'uninstalled. Install it in that workspace, then retry.',
    });
    expect(s.requests).toEqual([]);
  });

  it('when getToken answers synchronously, then that token is used', async () => {
    const s = await attioSelf();
    const client = await createWorkspaceClient({
      workspaceId: 'ws-primary',
      getToken: (id) => TOKENS.get(id),
      baseUrl: s.url,
      retry: false,
      rateLimit: false,
    });
    expect((await client.self()).active).toBe(true);
  });
});
