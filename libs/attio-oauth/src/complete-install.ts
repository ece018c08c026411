import {
  createAttioClient,
  missingScopes,
  type ActiveToken,
  type AttioClientOptions,
} from '@attio-auth/attio-core';
import { AttioResponseValidationError, AttioTokenInactiveError } from '@attio-auth/attio-errors';

import { exchangeCode, type ExchangeCodeOptions } from './exchange-code.js';

/**
 * Inputs of {@link completeInstall}: the exchange arguments plus where and what to verify.
 *
 * @example
 * ```ts
 * const options: CompleteInstallOptions = { ...exchange, apiBaseUrl: 'https://api.attio.com', requiredScopes: ['note:read'] };
 * ```
 */
export interface CompleteInstallOptions extends ExchangeCodeOptions {
  /** REST API base, e.g. `https://api.attio.com`; `/v2/self` is called on it with the new token. */
  apiBaseUrl: string;
  /** Scopes the app needs; compared with the granted ones (`read-write` covers `read`). */
  requiredScopes?: string[];
  /** Retry policy for the idempotent `/v2/self` call (the exchange itself is never retried). */
  retry?: AttioClientOptions['retry'];
  /** Injected clock and sleep for the `/v2/self` retries (tests). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
}

/**
 * What an install produced; the service stores it (the token only ever encrypted).
 *
 * @example
 * ```ts
 * const { token, identity, missingScopes }: InstallResult = await completeInstall(options);
 * ```
 */
export interface InstallResult {
  /** The new access token. Keep it out of logs, pages and errors. */
  token: string;
  /** `/v2/self` for the token: which workspace installed the app, at which level, with which scopes. */
  identity: ActiveToken & { workspaceId: string };
  /** Scopes the token was granted. */
  grantedScopes: string[];
  /** Required scopes the token lacks; empty when the install is complete. */
  missingScopes: string[];
}

/**
 * Finishes an install after the callback: exchanges the code ({@link exchangeCode}), asks
 * `GET /v2/self` who the new token belongs to, and compares the granted scopes with the required set.
 *
 * Throws (nothing to store) when the exchange fails, when `/v2/self` cannot be reached, when the
 * token is inactive (`AttioTokenInactiveError`, `ATTIO_TOKEN_INACTIVE`) or when the identity has no
 * workspace id (`AttioResponseValidationError`). Missing scopes are not thrown: the result lists
 * them so the caller decides (the callback service refuses and names them).
 *
 * @example
 * ```ts
 * const result = await completeInstall({
 *   code, clientId, clientSecret, redirectUri,
 *   tokenUrl: 'https://app.attio.com/oauth/token',
 *   apiBaseUrl: 'https://api.attio.com',
 *   requiredScopes: ['record_permission:read', 'object_configuration:read'],
 * });
 * if (result.missingScopes.length === 0) await store.saveConnection({ ... });
 * ```
 */
export async function completeInstall(options: CompleteInstallOptions): Promise<InstallResult> {
  const { accessToken } = await exchangeCode(options);
  const client = createAttioClient({
    token: accessToken,
    baseUrl: options.apiBaseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    // One call per install: a client-side rate limiter would only add latency.
    rateLimit: false,
  });
  const self = await client.self();
  const url = `${client.baseUrl}/v2/self`;
  if (!self.active) {
    throw new AttioTokenInactiveError({
      message:
        'Attio issued a token that /v2/self reports as inactive, so the install cannot be used. ' +
        'Start the install again; if it repeats, check that the app is still installed in the workspace.',
      method: 'GET',
      url,
      secrets: [accessToken],
    });
  }
  const workspaceId = self.workspaceId;
  if (workspaceId === undefined || workspaceId.length === 0) {
    throw new AttioResponseValidationError({
      message:
        '/v2/self did not say which workspace the new token belongs to (no workspace_id), so it cannot be ' +
        'stored per workspace. Check that the API base URL points at Attio (https://api.attio.com).',
      status: 200,
      method: 'GET',
      url,
      validationErrors: [
        { code: 'missing_workspace_id', path: ['workspace_id'], message: 'required' },
      ],
      secrets: [accessToken],
    });
  }
  const grantedScopes = [...self.scopes];
  return {
    token: accessToken,
    identity: { ...self, workspaceId },
    grantedScopes,
    missingScopes: missingScopes(grantedScopes, options.requiredScopes ?? []),
  };
}
