/**
 * Client authentication for the token and introspection endpoints: `client_secret_post` (what Attio
 * documents) or `client_secret_basic` (RFC 6749 §2.3.1). Secrets are compared in constant time.
 */
import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { SandboxState } from '../state/sandbox-state.js';
import type { SandboxApp } from '../types.js';

/** Outcome of client authentication. */
export type ClientAuthResult =
  | { readonly ok: true; readonly app: SandboxApp }
  | {
      readonly ok: false;
      readonly usedBasic: boolean;
      readonly description: string;
    };

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
  const decode = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return {
      id: decode(decoded.slice(0, colon)),
      secret: decode(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authenticates the calling client from the body or the `Authorization: Basic` header.
 *
 * @example
 * ```ts
 * const auth = authenticateClient(state, req, body);
 * if (!auth.ok) return sendOAuthError(res, 401, 'invalid_client', auth.description);
 * ```
 */
export function authenticateClient(
  state: SandboxState,
  req: IncomingMessage,
  body: Record<string, unknown>,
): ClientAuthResult {
  const basic = basicCredentials(req.headers.authorization);
  const id = basic?.id ?? (typeof body['client_id'] === 'string' ? body['client_id'] : undefined);
  const secret =
    basic?.secret ??
    (typeof body['client_secret'] === 'string' ? body['client_secret'] : undefined);
  const usedBasic = basic !== undefined;
  if (id === undefined || secret === undefined) {
    return {
      ok: false,
      usedBasic,
      description: 'Client authentication is required: send client_id and client_secret.',
    };
  }
  const app = state.apps.get(id);
  if (app === undefined || !sameSecret(secret, app.clientSecret)) {
    return {
      ok: false,
      usedBasic,
      description: 'Client authentication failed: unknown client_id or wrong client_secret.',
    };
  }
  return { ok: true, app };
}
