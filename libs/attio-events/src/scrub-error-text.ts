/**
 * The last pass over every error text a delivery produces, before it reaches a log or the delivery record:
 * a receiver's body or a socket error could echo anything, including the URL's secret path or a token.
 */
import { maskUrlCredentials, redact } from '@attio-auth/attio-errors';
import type { Destination } from './destinations.js';

/** Query strings of URLs in free text (they carry keys): `https://x/y?key=…` → `https://x/y?…`. */
const URL_QUERY = /\b(https?:\/\/[^\s?#"'<>]+)\?[^\s#"'<>]*/gi;

/**
 * Masks the destination's secrets and URL (whole, and its path and query, which for a Slack webhook are
 * the credential), URL userinfo and queries, and whatever `redact` recognises (bearer tokens, `sk_…` keys,
 * `token=`/`client_secret=` values).
 *
 * @example
 * ```ts
 * scrubErrorText('HTTP 500: bad secret whsec_abc…', destination); // → 'HTTP 500: bad secret [REDACTED]'
 * ```
 */
export function scrubErrorText(text: string, destination: Destination): string {
  const extra: string[] = [...destination.secrets];
  for (const secret of destination.secrets) extra.push(secret.slice('whsec_'.length));
  try {
    const url = new URL(destination.url);
    extra.push(url.href);
    if (url.pathname.length > 1) extra.push(url.pathname + url.search, url.pathname);
    if (url.search) extra.push(url.search.slice(1));
  } catch {
    extra.push(destination.url);
  }
  // Longest first, so a URL is masked whole before its path is.
  extra.sort((a, b) => b.length - a.length);
  return redact(maskUrlCredentials(text).replace(URL_QUERY, '$1?…'), extra).replace(
    /whsec_[A-Za-z0-9+/=]{8,}/g,
    'whsec_[REDACTED]',
  );
}
