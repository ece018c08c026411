import {
  AttioConnectionError,
  AttioInvalidTokenFormatError,
  AttioTimeoutError,
  AttioTokenInactiveError,
  fromResponse,
} from '@attio-auth/attio-errors';
import { classify, transientReason, type CheckOutcome } from './classify.js';

const attioBody = (status: number, type: string, code: string) =>
  JSON.stringify({ status_code: status, type, code, message: 'm' });
const failed = (error: unknown): CheckOutcome => ({ ok: false, error });
const active = (scopes: string[], workspaceId?: string): CheckOutcome => ({
  ok: true,
  self: { active: true, scopes, workspaceId, raw: {} },
});

describe('classify', () => {
  it('when /v2/self says active:false, then revoked', () => {
    expect(
      classify({ outcome: { ok: true, self: { active: false } }, requiredScopes: ['note:read'] }),
    ).toEqual({
      status: 'revoked',
      missingScopes: [],
      errorCode: null,
      detail: 'Attio says the token is no longer active (revoked, or the app was uninstalled).',
    });
  });

  it('when the token holds every required scope (read-write covering read), then healthy', () => {
    expect(
      classify({
        outcome: active(['note:read-write', 'task:read'], 'ws_1'),
        requiredScopes: ['note:read', 'task:read'],
        expectedWorkspaceId: 'ws_1',
      }),
    ).toEqual({
      status: 'healthy',
      missingScopes: [],
      errorCode: null,
      detail: 'The token is active and holds every required scope.',
      observedWorkspaceId: 'ws_1',
    });
  });

  it('when required scopes are missing, then under_scoped lists them', () => {
    const result = classify({
      outcome: active(['note:read']),
      requiredScopes: ['note:read-write', 'task:read'],
    });
    expect(result.status).toBe('under_scoped');
    expect(result.missingScopes).toEqual(['note:read-write', 'task:read']);
    expect(result.detail).toBe('The token lacks required scopes: note:read-write, task:read.');
  });

  it('when the token identifies another workspace, then workspace_mismatch (before any scope verdict)', () => {
    const result = classify({
      outcome: active([], 'ws_other'),
      requiredScopes: ['note:read'],
      expectedWorkspaceId: 'ws_1',
    });
    expect(result.status).toBe('workspace_mismatch');
    expect(result.observedWorkspaceId).toBe('ws_other');
    expect(result.detail).toBe(
      'The token now identifies workspace ws_other, not the stored workspace ws_1.',
    );
  });

  it('when /v2/self omits the workspace id, then no mismatch is claimed', () => {
    expect(
      classify({ outcome: active([]), requiredScopes: [], expectedWorkspaceId: 'ws_1' }).status,
    ).toBe('healthy');
  });

  it.each([
    [
      '401',
      () => fromResponse(401, new Headers(), attioBody(401, 'auth_error', 'unauthorized')),
      'ATTIO_AUTHENTICATION',
    ],
    [
      'an inactive-token error',
      () => new AttioTokenInactiveError({ message: 'inactive' }),
      'ATTIO_TOKEN_INACTIVE',
    ],
    [
      'an Attio 404 not_found',
      () => fromResponse(404, new Headers(), attioBody(404, 'invalid_request_error', 'not_found')),
      'ATTIO_NOT_FOUND',
    ],
    [
      'a malformed token',
      () => new AttioInvalidTokenFormatError({ message: 'bad shape' }),
      'ATTIO_INVALID_TOKEN_FORMAT',
    ],
  ])('when the call fails with %s, then revoked', (_name, make, code) => {
    const result = classify({ outcome: failed(make()), requiredScopes: [] });
    expect([result.status, result.errorCode]).toEqual(['revoked', code]);
  });

  it.each([
    [
      '503',
      () => fromResponse(503, new Headers(), '<html>Service Unavailable</html>'),
      'ATTIO_SERVER_ERROR',
    ],
    [
      '500',
      () => fromResponse(500, new Headers(), attioBody(500, 'api_error', 'internal')),
      'ATTIO_SERVER_ERROR',
    ],
    [
      '429',
      () =>
        fromResponse(
          429,
          new Headers({ 'retry-after': '1' }),
          attioBody(429, 'rate_limit_error', 'rate_limit_exceeded'),
        ),
      'ATTIO_RATE_LIMITED',
    ],
    ['408', () => fromResponse(408, new Headers(), ''), undefined],
    [
      'a connection reset',
      () => new AttioConnectionError({ message: 'reset', reason: 'reset' }),
      'ATTIO_CONNECTION',
    ],
    ['a timeout', () => new AttioTimeoutError({ message: 'timed out' }), 'ATTIO_TIMEOUT'],
    [
      'a proxy 404 without an Attio body',
      () => fromResponse(404, new Headers(), '<html>Not Found</html>'),
      'ATTIO_NOT_FOUND',
    ],
    [
      '403 billing_error',
      () => fromResponse(403, new Headers(), attioBody(403, 'auth_error', 'billing_error')),
      'ATTIO_FORBIDDEN',
    ],
    [
      '400',
      () =>
        fromResponse(
          400,
          new Headers(),
          attioBody(400, 'invalid_request_error', 'validation_type'),
        ),
      'ATTIO_BAD_REQUEST',
    ],
  ])('when the call fails with %s, then failed_to_check, never revoked', (_name, make, code) => {
    const error = make();
    const result = classify({ outcome: failed(error), requiredScopes: [] });
    expect(result.status).toBe('failed_to_check');
    expect(result.errorCode).toBe(code ?? error.code);
    expect(result.detail).toMatch(/^Could not reach a verdict: /);
  });

  it('when the failure is not an Attio error, then failed_to_check with a generic code', () => {
    expect(classify({ outcome: failed(new TypeError('boom')), requiredScopes: [] })).toEqual({
      status: 'failed_to_check',
      missingScopes: [],
      errorCode: 'UNEXPECTED_ERROR',
      detail: 'The check failed with an unexpected error; see the logs.',
    });
  });
});

describe('transientReason', () => {
  it.each([
    ['ATTIO_CONNECTION', 'unreachable'],
    ['ATTIO_TIMEOUT', 'timeout'],
    ['ATTIO_SERVER_ERROR', 'http_5xx'],
    ['ATTIO_RATE_LIMITED', 'rate_limited'],
  ])('when a check failed with %s, then its transient reason is %s', (code, reason) => {
    expect(transientReason({ status: 'failed_to_check', errorCode: code })).toBe(reason);
  });

  it('when a check failed for a reason that does not say Attio is down, then it has no transient reason', () => {
    expect(
      transientReason({ status: 'failed_to_check', errorCode: 'STORE_TOKEN_UNREADABLE' }),
    ).toBe(undefined);
    expect(transientReason({ status: 'failed_to_check', errorCode: 'ATTIO_FORBIDDEN' })).toBe(
      undefined,
    );
    expect(transientReason({ status: 'revoked', errorCode: 'ATTIO_AUTHENTICATION' })).toBe(
      undefined,
    );
    expect(transientReason({ status: 'healthy', errorCode: null })).toBe(undefined);
  });

  it('when a 503 and a 429 reach classify, then they map to http_5xx and rate_limited', () => {
    const [server, limited] = [
      classify({ outcome: failed(fromResponse(503, {}, '')), requiredScopes: [] }),
      classify({ outcome: failed(fromResponse(429, {}, '')), requiredScopes: [] }),
    ];
    expect([transientReason(server), transientReason(limited)]).toEqual([
      'http_5xx',
      'rate_limited',
    ]);
  });
});
