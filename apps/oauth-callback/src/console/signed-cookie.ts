import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * A value sealed into a cookie with HMAC-SHA256 (RFC 2104), so several instances behind one load
 * balancer read each other's cookies without a shared session table. The key is derived with HKDF
 * (RFC 5869) from a secret and a purpose, so one secret yields unrelated keys per cookie.
 *
 * The payload is JSON in base64url: it is readable by whoever holds the cookie (its own user) and holds
 * no secret; the signature makes it tamper-proof.
 *
 * @example
 * ```ts
 * const signer = cookieSigner(secret, 'console-session');
 * const value = signer.seal({ sub: 'u1' });
 * signer.open(value); // { sub: 'u1' }
 * ```
 */
export interface CookieSigner {
  seal(payload: object): string;
  /** The payload, or undefined when the value is malformed or its signature is wrong. */
  open(value: string | undefined): Record<string, unknown> | undefined;
}

export function cookieSigner(secret: string, purpose: string): CookieSigner {
  const key = Buffer.from(hkdfSync('sha256', secret, 'attio-auth-console', purpose, 32));
  const mac = (body: string) => createHmac('sha256', key).update(body).digest();
  return {
    seal(payload) {
      const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    open(value) {
      if (value === undefined || value.length > 4096) return undefined;
      const dot = value.indexOf('.');
      if (dot <= 0) return undefined;
      const body = value.slice(0, dot);
      const given = Buffer.from(value.slice(dot + 1), 'base64url');
      const expected = mac(body);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
