/**
 * URL assembly kept allocation-light: the base URL is normalised once per client, and a query string is only
 * built when there is a query.
 */
import type { QueryValue } from './types.js';

/**
 * Removes trailing slashes and validates the base URL (http or https).
 *
 * @example
 * ```ts
 * normalizeBaseUrl('http://127.0.0.1:4010/'); // → 'http://127.0.0.1:4010'
 * ```
 */
export function normalizeBaseUrl(baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(
      `baseUrl must be an absolute http(s) URL such as https://api.attio.com, got "${baseUrl}".`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`baseUrl must use http or https, got "${parsed.protocol}".`);
  }
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Joins base, path and query. `path` must start with `/`; arrays repeat the key; `null`/`undefined` are skipped.
 *
 * @example
 * ```ts
 * buildUrl('https://api.attio.com', '/v2/meetings', { limit: 10, cursor: undefined }); // → 'https://api.attio.com/v2/meetings?limit=10'
 * ```
 */
export function buildUrl(base: string, path: string, query?: Record<string, QueryValue>): string {
  if (path.charCodeAt(0) !== 47 /* '/' */) {
    throw new TypeError(`path must start with "/" (e.g. "/v2/objects"), got "${path}".`);
  }
  if (query === undefined) return base + path;
  const params = new URLSearchParams();
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  if (qs === '') return base + path;
  return base + path + (path.includes('?') ? '&' : '?') + qs;
}
