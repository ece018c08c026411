import helmet from 'helmet';

/** One year, the value HSTS preload lists ask for (RFC 6797 §6.1.1). */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * helmet's security headers, shaped by the scheme of `PUBLIC_BASE_URL`, which is what browsers see
 * (behind a TLS-terminating proxy the service itself listens on plain http).
 *
 * - https: `Strict-Transport-Security` and the CSP's `upgrade-insecure-requests` are sent.
 * - http (local work, the sandbox demo): neither. HSTS over http is ignored by browsers at best
 *   (RFC 6797 §8.1), and `upgrade-insecure-requests` would rewrite the `/install` link on the
 *   failure page to https, which nothing listens on.
 *
 * The pages post no forms and load nothing external but the configured logo (`APP_LOGO_URL`, whose
 * origin is added to `img-src`); the redirect to Attio is a navigation, so `form-action 'none'` and
 * `frame-ancestors 'none'` hold for every page.
 *
 * @example
 * ```ts
 * app.use(securityHeaders(config.http.publicBaseUrl));
 * ```
 */
export function securityHeaders(publicBaseUrl: string, logoUrl?: string) {
  const https = new URL(publicBaseUrl).protocol === 'https:';
  const logoOrigin = logoUrl === undefined ? [] : [new URL(logoUrl).origin];
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
        'img-src': ["'self'", 'data:', ...logoOrigin],
        // null removes helmet's default directive; an empty list sends it without a value.
        'upgrade-insecure-requests': https ? [] : null,
      },
    },
    strictTransportSecurity: https
      ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true }
      : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}
