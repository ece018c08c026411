import { openConsent, submitConsent } from '@attio-auth/attio-sandbox/testing';

import { CookieJar } from './cookie-jar.js';

/** An HTTP answer with its body read. */
export interface HttpResult {
  status: number;
  headers: Headers;
  body: string;
  url: string;
}

type Fetch = typeof fetch;

async function request(
  url: string,
  init: RequestInit & { jar?: CookieJar },
  fetchImpl: Fetch,
): Promise<HttpResult> {
  const headers = new Headers(init.headers);
  const cookie = init.jar?.header(url);
  if (cookie) headers.set('cookie', cookie);
  const res = await fetchImpl(url, { ...init, headers, redirect: 'manual' });
  init.jar?.store(res.headers.getSetCookie());
  return { status: res.status, headers: res.headers, body: await res.text(), url };
}

function location(result: HttpResult, step: string): string {
  const target = result.headers.get('location');
  if (result.status < 300 || result.status > 399 || target === null) {
    throw new Error(
      `${step}: expected a redirect from ${result.url}, got ${result.status}: ${result.body.slice(0, 300)}`,
    );
  }
  return new URL(target, result.url).toString();
}

/**
 * Step 1, as a browser: `GET /install`; keeps the binding cookie in `jar`; returns the authorize URL
 * the service redirected to.
 *
 * @example
 * ```ts
 * const authorizeUrl = await beginInstall(service.url, jar);
 * ```
 */
export async function beginInstall(
  serviceUrl: string,
  jar: CookieJar,
  fetchImpl: Fetch = fetch,
): Promise<string> {
  return location(await request(`${serviceUrl}/install`, { jar }, fetchImpl), 'GET /install');
}

/**
 * Step 3, after the consent (`approve` or `submitConsent` from `@attio-auth/attio-sandbox/testing`):
 * follows the redirect back to the callback with the jar's cookies.
 *
 * @example
 * ```ts
 * const result = await followCallback(callbackUrl, jar, { accept: 'application/json' });
 * ```
 */
export function followCallback(
  callbackUrl: string,
  jar: CookieJar,
  options: { accept?: string } = {},
  fetchImpl: Fetch = fetch,
): Promise<HttpResult> {
  return request(
    callbackUrl,
    { jar, headers: { accept: options.accept ?? 'text/html' } },
    fetchImpl,
  );
}

/**
 * The whole install as a browser would do it: /install → consent page → Approve/Deny → callback.
 *
 * @example
 * ```ts
 * const { result } = await runInstall(service.url, { accept: 'application/json' });
 * expect(result.status).toBe(200);
 * ```
 */
export async function runInstall(
  serviceUrl: string,
  options: {
    decision?: 'approve' | 'deny';
    workspaceId?: string;
    accept?: string;
    jar?: CookieJar;
    fetch?: Fetch;
  } = {},
): Promise<{ jar: CookieJar; callbackUrl: string; result: HttpResult }> {
  const jar = options.jar ?? new CookieJar();
  const fetchImpl = options.fetch ?? fetch;
  const authorizeUrl = await beginInstall(serviceUrl, jar, fetchImpl);
  const form = await openConsent(authorizeUrl, fetchImpl);
  const callbackUrl = await submitConsent(
    form,
    {
      decision: options.decision ?? 'approve',
      ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}),
    },
    fetchImpl,
  );
  const result = await followCallback(
    callbackUrl,
    jar,
    options.accept ? { accept: options.accept } : {},
    fetchImpl,
  );
  return { jar, callbackUrl, result };
}
