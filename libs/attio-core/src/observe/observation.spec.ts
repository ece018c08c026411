import { json } from '../testing/http-test-server.js';
import { useTestServer } from '../testing/client-harness.js';
import { createAttioClient } from '../client/create-attio-client.js';
import type { AttioObservation } from './observation.js';

// Over a real socket (the sandbox depends on attio-core, so its own specs script the answers).
const { serve } = useTestServer();
const TOKEN = 'tok_observed_0123456789abcdef';

/** Answers by path like Attio: /ok 200, /revoked 401, /auth403 and /scope403 403, /busy 503, /v2/self inactive. */
const attio = () =>
  serve((req, res) => {
    if (req.url === '/v2/ok') return json(res, 200, { data: [] });
    if (req.url === '/v2/revoked')
      return json(res, 401, {
        status_code: 401,
        type: 'auth_error',
        code: 'unauthorized',
        message: 'Token revoked',
      });
    if (req.url === '/v2/auth403')
      return json(res, 403, {
        status_code: 403,
        type: 'auth_error',
        code: 'forbidden',
        message: 'Forbidden',
      });
    if (req.url === '/v2/scope403')
      return json(res, 403, {
        status_code: 403,
        type: 'auth_error',
        code: 'missing_scope',
        message: 'Missing scope record_permission:read',
      });
    if (req.url === '/v2/self') return json(res, 200, { active: false });
    return json(res, 503, { status_code: 503, type: 'internal_error', code: 'x', message: 'busy' });
  });

function observedClient(url: string, seen: AttioObservation[]) {
  return createAttioClient({
    token: TOKEN,
    baseUrl: url,
    retry: false,
    rateLimit: false,
    workspaceId: 'ws_1',
    now: () => 1_000,
    onObservation: (o) => seen.push(o),
  });
}

describe('client observations', () => {
  it('when a call succeeds, then the hook is told success with the status, clock time and workspace', async () => {
    const s = await attio();
    const seen: AttioObservation[] = [];
    await observedClient(s.url, seen).get('/v2/ok');
    expect(seen).toEqual([{ kind: 'success', status: 200, at: 1_000, workspaceId: 'ws_1' }]);
  });

  it('when Attio answers 401, then the hook is told unauthorized and the call still rejects', async () => {
    const s = await attio();
    const seen: AttioObservation[] = [];
    await expect(observedClient(s.url, seen).get('/v2/revoked')).rejects.toMatchObject({
      status: 401,
    });
    expect(seen).toEqual([{ kind: 'unauthorized', status: 401, at: 1_000, workspaceId: 'ws_1' }]);
  });

  it('when Attio answers 403 auth_error, then the hook is told forbidden; a 403 for a missing scope tells nothing', async () => {
    const s = await attio();
    const seen: AttioObservation[] = [];
    const client = observedClient(s.url, seen);
    await expect(client.get('/v2/auth403')).rejects.toMatchObject({ status: 403 });
    await expect(client.get('/v2/scope403')).rejects.toMatchObject({
      code: 'ATTIO_INSUFFICIENT_SCOPES',
    });
    expect(seen).toEqual([{ kind: 'forbidden', status: 403, at: 1_000, workspaceId: 'ws_1' }]);
  });

  it('when /v2/self reports the token inactive, then the hook is told success, then inactive', async () => {
    const s = await attio();
    const seen: AttioObservation[] = [];
    const me = await observedClient(s.url, seen).self();
    expect(me.active).toBe(false);
    expect(seen.map((o) => o.kind)).toEqual(['success', 'inactive']);
  });

  it('when a call fails for a reason that is not about the token (503), then the hook is not told', async () => {
    const s = await attio();
    const seen: AttioObservation[] = [];
    await expect(observedClient(s.url, seen).get('/v2/busy')).rejects.toMatchObject({
      status: 503,
    });
    expect(seen).toEqual([]);
  });

  it('when the hook throws, then the call still resolves with its result', async () => {
    const s = await attio();
    const client = createAttioClient({
      token: TOKEN,
      baseUrl: s.url,
      retry: false,
      rateLimit: false,
      onObservation: () => {
        throw new Error('observer bug');
      },
    });
    await expect(client.get('/v2/ok')).resolves.toEqual({ data: [] });
  });
});
