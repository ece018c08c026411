import { createHmac } from 'node:crypto';

import { signPostInstallParams, verifyPostInstallParams } from './post-install-signature.js';

const KEY = 'post-install-key-0123456789abcdefghij';
const T0 = 1_800_000_000_000; // ms
const at = (ms: number) => () => ms;

const signed = (workspaceId = 'ws_123', now = T0) =>
  signPostInstallParams({ workspaceId, key: KEY, now: at(now) });

describe('signPostInstallParams', () => {
  it('when a workspace id is signed, then ts is Unix seconds and sig the HMAC-SHA256 of context, ts and id', () => {
    const params = signed('ws_123', T0 + 999);
    const expected = createHmac('sha256', KEY)
      .update('attio-auth.post-install.v1\n1800000000\nws_123')
      .digest('base64url');
    expect(params).toEqual({ workspace_id: 'ws_123', ts: '1800000000', sig: expected });
  });

  it('when the key is shorter than 32 characters, then it refuses to sign', () => {
    expect(() => signPostInstallParams({ workspaceId: 'ws_1', key: 'short' })).toThrow(
      'The post-install signing key must be a string of at least 32 characters (e.g. `openssl rand -base64 32`).',
    );
  });
});

describe('verifyPostInstallParams', () => {
  const verify = (
    query: URLSearchParams | Record<string, unknown>,
    now = T0,
    maxAgeSeconds?: number,
  ) =>
    verifyPostInstallParams(query, {
      key: KEY,
      now: at(now),
      ...(maxAgeSeconds === undefined ? {} : { maxAgeSeconds }),
    });

  it('when the parameters are as signed, then they are valid, as URLSearchParams or a record', () => {
    const params = signed();
    const expected = { valid: true, workspaceId: 'ws_123', signedAt: new Date(T0) };
    expect(verify(new URLSearchParams({ ...params }), T0 + 10_000)).toEqual(expected);
    expect(verify({ ...params, other: 'x' }, T0 + 10_000)).toEqual(expected);
  });

  it('when workspace_id is changed, then bad_signature', () => {
    expect(verify({ ...signed(), workspace_id: 'ws_124' })).toEqual({
      valid: false,
      reason: 'bad_signature',
      message: 'The signature does not match: the parameters were changed, or the keys differ.',
    });
  });

  it('when ts is moved forward to look fresh, then bad_signature', () => {
    const params = signed('ws_123', T0 - 3_600_000);
    expect(verify({ ...params, ts: String(T0 / 1000) }).valid).toBe(false);
    expect(verify({ ...params, ts: String(T0 / 1000) })).toMatchObject({ reason: 'bad_signature' });
  });

  it('when another key signed it, then bad_signature', () => {
    const other = signPostInstallParams({
      workspaceId: 'ws_123',
      key: `${KEY}-other`,
      now: at(T0),
    });
    expect(verify({ ...other })).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('when the signature is older than maxAgeSeconds (default 300), then expired', () => {
    const params = { ...signed() };
    expect(verify(params, T0 + 300_000).valid).toBe(true);
    expect(verify(params, T0 + 301_000)).toEqual({
      valid: false,
      reason: 'expired',
      message: 'The redirect was signed 301 s ago (limit 300 s); start the install again.',
    });
    expect(verify(params, T0 + 31_000, 30)).toMatchObject({ reason: 'expired' });
  });

  it('when ts is more than 60 s in the future, then future', () => {
    const params = { ...signed() };
    expect(verify(params, T0 - 60_000).valid).toBe(true);
    expect(verify(params, T0 - 61_000)).toMatchObject({ valid: false, reason: 'future' });
  });

  it('when a parameter is missing, repeated or malformed, then missing / malformed', () => {
    const { workspace_id, ts, sig } = signed();
    expect(verify({ workspace_id, ts })).toMatchObject({ reason: 'missing' });
    expect(verify({})).toMatchObject({ reason: 'missing' });
    const repeated = new URLSearchParams({ workspace_id, ts, sig });
    repeated.append('workspace_id', 'ws_999');
    expect(verify(repeated)).toMatchObject({ reason: 'malformed' });
    expect(verify({ workspace_id: [workspace_id, 'ws_999'], ts, sig })).toMatchObject({
      reason: 'malformed',
    });
    expect(verify({ workspace_id, ts: '1.8e9', sig })).toMatchObject({ reason: 'malformed' });
    expect(verify({ workspace_id, ts, sig: `${sig}=` })).toMatchObject({ reason: 'malformed' });
    expect(verify({ workspace_id: '', ts, sig })).toMatchObject({ reason: 'malformed' });
  });

  it('when the verifying key is short, then it throws rather than accept anything', () => {
    expect(() => verifyPostInstallParams({ ...signed() }, { key: '' })).toThrow(RangeError);
  });
});
