/**
 * Redirect URI shape, checked without a user. RFC 6749 §3.1.2: an absolute URI without a fragment;
 * §10.5 / RFC 8252 §8.3: https everywhere except loopback, where plain http is acceptable for
 * development. Attio compares the value exactly with the one registered for the app.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Problems with one redirect URI (empty list = fine). Pure.
 *
 * @example
 * redirectUriProblems('https://example.com/oauth/callback'); // []
 * redirectUriProblems('http://example.com/cb'); // ['uses http on a non-local host (example.com); Attio …']
 */
export function redirectUriProblems(uri: string): string[] {
  if (uri !== uri.trim()) return ['has spaces around it (Attio compares redirect URIs exactly)'];
  if (!URL.canParse(uri))
    return ['is not an absolute URL (expected e.g. https://your-app.example/oauth/callback)'];
  const url = new URL(uri);
  const problems: string[] = [];
  const local = LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
  if (url.protocol === 'http:') {
    if (!local)
      problems.push(
        `uses http on a non-local host (${url.hostname}); use https (http is only fine on localhost)`,
      );
  } else if (url.protocol !== 'https:') {
    problems.push(
      `uses the scheme "${url.protocol.slice(0, -1)}"; use https (or http on localhost)`,
    );
  }
  if (uri.includes('#')) problems.push('has a fragment (#…), which RFC 6749 §3.1.2 forbids');
  if (url.username !== '' || url.password !== '') problems.push('contains a user name or password');
  return problems;
}

/**
 * Whether the URI points at this machine (for the summary line).
 *
 * @example
 * isLoopback('http://localhost:3000/oauth/callback'); // true
 */
export function isLoopback(uri: string): boolean {
  if (!URL.canParse(uri)) return false;
  const host = new URL(uri).hostname;
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost');
}
