/**
 * Masks the `user:password@` part of URLs in free text. A URL given on a command line or in a
 * variable may carry credentials (`http://user:secret@proxy/`, `postgres://app:pw@db/x`); any line
 * that prints the URL back would print the password with it (RFC 3986 §3.2.1: "Use of the format
 * user:password in the userinfo field is deprecated", precisely because it ends up in logs).
 */

/** What a URL's userinfo is replaced with. */
export const MASKED_USERINFO = '***';

/**
 * `scheme://` then the userinfo up to the last `@` before the host. Quotes, angle brackets,
 * backslashes and whitespace end the match, so a URL inside JSON or a sentence is masked without
 * swallowing the text around it.
 */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'`<>\\]*@/gi;

/**
 * Replaces the userinfo of every `scheme://user:password@host` URL in `text` with `***`, keeping the
 * scheme, host, path and query, so the line still says which server was meant. Text without such a
 * URL is returned unchanged.
 *
 * @example
 * ```ts
 * maskUrlCredentials('http://user:secret@proxy.example/v2'); // → 'http://***@proxy.example/v2'
 * maskUrlCredentials('store postgres://app:pw@db/health');    // → 'store postgres://***@db/health'
 * maskUrlCredentials('mail ops@example.com');                 // → 'mail ops@example.com'
 * ```
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(USERINFO, `$1${MASKED_USERINFO}@`);
}
