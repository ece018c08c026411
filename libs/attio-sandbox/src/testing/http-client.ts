/**
 * A tiny HTTP helper for the sandbox's own specs: real sockets through the global `fetch`, returning the
 * status, headers and body (parsed when JSON). Not exported from the package.
 */

/** What a call returned. */
export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed body when the response is JSON, else undefined. */
  readonly json: unknown;
}

/** Request options: a bearer token or a raw Authorization header, and a JSON or form body. */
export interface HttpOptions {
  readonly token?: string;
  readonly authorization?: string;
  readonly json?: unknown;
  readonly form?: Record<string, string>;
  /** A raw body sent as is (set the content-type in `headers`). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/**
 * Calls `method url` and reads the whole response. Redirects are not followed.
 *
 * @example
 * ```ts
 * const { status, json } = await http('GET', `${sandbox.urls.api}/v2/self`, { token });
 * ```
 */
export async function http(
  method: string,
  url: string,
  options: HttpOptions = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  let body: string | undefined = options.raw;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  const isJson = (res.headers.get('content-type') ?? '').includes('application/json');
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: isJson ? JSON.parse(text) : undefined,
  };
}

/**
 * A clock tests can move: `now()` for the sandbox, `advance(ms)` between requests.
 *
 * @example
 * ```ts
 * const clock = manualClock(Date.UTC(2026, 0, 1));
 * const sandbox = await startSandbox({ now: clock.now });
 * clock.advance(1000);
 * ```
 */
export function manualClock(startMs: number): {
  now: () => number;
  advance: (ms: number) => void;
  set: (ms: number) => void;
} {
  let t = startMs;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
