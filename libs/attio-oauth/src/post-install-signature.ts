import { createHmac } from 'node:crypto';

import { constantTimeEqual } from './random-token.js';

/**
 * Binds the MAC to this one use, so a key shared with another purpose cannot be made to sign a
 * post-install redirect (and the other way round). Bump the version if the message ever changes.
 */
const CONTEXT = 'attio-auth.post-install.v1';

/** Shortest accepted signing key: 32 characters, e.g. `openssl rand -base64 32` (256 bits). */
export const MIN_POST_INSTALL_KEY_LENGTH = 32;

/** Default for {@link VerifyPostInstallOptions.maxAgeSeconds}: the browser follows the 303 at once. */
export const DEFAULT_POST_INSTALL_MAX_AGE_SECONDS = 300;

/** The query parameters a signed post-install redirect carries. */
export interface PostInstallParams {
  /** The Attio workspace that was just installed. */
  readonly workspace_id: string;
  /** When the redirect was signed, in whole seconds since the Unix epoch. */
  readonly ts: string;
  /** HMAC-SHA256 (base64url) over the context, `ts` and `workspace_id`. */
  readonly sig: string;
}

/** Options of {@link signPostInstallParams}. */
export interface SignPostInstallOptions {
  readonly workspaceId: string;
  /** The shared secret (at least 32 characters), known to this service and the receiving app. */
  readonly key: string;
  /** Wall clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

/** Options of {@link verifyPostInstallParams}. */
export interface VerifyPostInstallOptions {
  /** The same shared secret the service signs with. */
  readonly key: string;
  /** Oldest accepted signature, in seconds; default 300. */
  readonly maxAgeSeconds?: number;
  /** Accepted clock difference for a `ts` in the future, in seconds; default 60. */
  readonly clockSkewSeconds?: number;
  /** Wall clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

/** Why {@link verifyPostInstallParams} refused the parameters. */
export type PostInstallRejection = 'missing' | 'malformed' | 'bad_signature' | 'expired' | 'future';

/** The answer of {@link verifyPostInstallParams}. */
export type PostInstallVerification =
  | { readonly valid: true; readonly workspaceId: string; readonly signedAt: Date }
  | { readonly valid: false; readonly reason: PostInstallRejection; readonly message: string };

/** A query as web frameworks hand it over: `URLSearchParams` or a record (Express `req.query`). */
export type QueryLike = URLSearchParams | Readonly<Record<string, unknown>>;

function requireKey(key: unknown): string {
  if (typeof key !== 'string' || key.length < MIN_POST_INSTALL_KEY_LENGTH) {
    throw new RangeError(
      `The post-install signing key must be a string of at least ${MIN_POST_INSTALL_KEY_LENGTH} characters ` +
        '(e.g. `openssl rand -base64 32`).',
    );
  }
  return key;
}

/** `ts` is digits only, so `ts` + newline + workspace id cannot be read two ways. */
function mac(key: string, ts: string, workspaceId: string): string {
  return createHmac('sha256', key)
    .update(`${CONTEXT}\n${ts}\n${workspaceId}`, 'utf8')
    .digest('base64url');
}

/**
 * Signs the workspace id of a post-install redirect, so the receiving app can tell it came from
 * the install service and not from someone typing `?workspace_id=` into the address bar. The
 * service appends the three parameters to its `POST_INSTALL_URL`.
 *
 * @example
 * ```ts
 * const target = new URL('https://app.example.com/welcome');
 * const params = signPostInstallParams({ workspaceId: 'ws_123', key: signingKey });
 * for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
 * // https://app.example.com/welcome?workspace_id=ws_123&ts=1800000000&sig=…
 * ```
 */
export function signPostInstallParams(options: SignPostInstallOptions): PostInstallParams {
  const key = requireKey(options.key);
  if (options.workspaceId.length === 0) throw new RangeError('workspaceId must not be empty.');
  const ts = String(Math.floor((options.now ?? Date.now)() / 1000));
  return { workspace_id: options.workspaceId, ts, sig: mac(key, ts, options.workspaceId) };
}

function single(query: QueryLike, name: string): string | undefined | null {
  if (query instanceof URLSearchParams) {
    const all = query.getAll(name);
    return all.length === 0 ? undefined : all.length === 1 ? (all[0] as string) : null;
  }
  const value = query[name];
  if (value === undefined) return undefined;
  // Repeated (an array) or nested: never guess which one was signed.
  return typeof value === 'string' ? value : null;
}

/**
 * Checks the `workspace_id`, `ts` and `sig` parameters the install service put on its redirect to
 * your app: the signature (compared in constant time) and its age. Use the workspace id only when
 * `valid` is true; without a signature the parameter proves nothing (anyone can type it).
 *
 * A signature proves the service redirected some browser here for this workspace within
 * `maxAgeSeconds`; it does not prove that this browser is the one that installed. Tie it to
 * your own session (e.g. only for a signed-in user who clicked "Install") if that matters.
 *
 * @example
 * ```ts
 * // GET /welcome?workspace_id=…&ts=…&sig=… in the receiving app
 * const check = verifyPostInstallParams(new URL(req.url, 'https://app.example.com').searchParams, {
 *   key: process.env.POST_INSTALL_SIGNING_KEY ?? '',
 * });
 * if (!check.valid) return res.status(400).send(check.message);
 * await linkWorkspace(session.user, check.workspaceId);
 * ```
 */
export function verifyPostInstallParams(
  query: QueryLike,
  options: VerifyPostInstallOptions,
): PostInstallVerification {
  const key = requireKey(options.key);
  const workspaceId = single(query, 'workspace_id');
  const ts = single(query, 'ts');
  const sig = single(query, 'sig');
  if (workspaceId === undefined || ts === undefined || sig === undefined) {
    return refuse('missing', 'workspace_id, ts and sig are all required; start the install again.');
  }
  if (workspaceId === null || ts === null || sig === null) {
    return refuse('malformed', 'workspace_id, ts and sig must each appear once.');
  }
  if (workspaceId.length === 0 || !/^\d{1,12}$/.test(ts) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) {
    return refuse('malformed', 'ts must be Unix seconds and sig a base64url HMAC-SHA256.');
  }
  // Compare before looking at the age, so the timing of a forgery says nothing about ts.
  if (!constantTimeEqual(mac(key, ts, workspaceId), sig)) {
    return refuse(
      'bad_signature',
      'The signature does not match: the parameters were changed, or the keys differ.',
    );
  }
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const age = nowSeconds - Number(ts);
  const maxAge = options.maxAgeSeconds ?? DEFAULT_POST_INSTALL_MAX_AGE_SECONDS;
  if (age > maxAge) {
    return refuse(
      'expired',
      `The redirect was signed ${age} s ago (limit ${maxAge} s); start the install again.`,
    );
  }
  if (-age > (options.clockSkewSeconds ?? 60)) {
    return refuse('future', 'The redirect is dated in the future; check both clocks (NTP).');
  }
  return { valid: true, workspaceId, signedAt: new Date(Number(ts) * 1000) };
}

function refuse(reason: PostInstallRejection, message: string): PostInstallVerification {
  return { valid: false, reason, message };
}
