/**
 * SSRF guard for destination URLs. A destination URL comes from configuration, but it is still a URL the
 * service will POST to from inside its network: pointed at `169.254.169.254` it would hand cloud metadata
 * requests to whoever controls the config or the DNS name. So, before sending (OWASP SSRF prevention,
 * https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html):
 * production allows only `https:`, and every address the host resolves to must be public unless the
 * policy allows loopback (tests, the demo) or private ranges (an internal receiver). Link-local, metadata,
 * multicast, unspecified and reserved addresses are never allowed.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { classifyAddress, type AddressKind } from './ip-ranges.js';

/** Resolves a host name to all its addresses; `dns.promises.lookup` with `{ all: true }` fits. */
export type HostLookup = (
  hostname: string,
  options: { all: true },
) => Promise<readonly LookupAddress[]>;

/** The system resolver (`getaddrinfo`, like every other socket of the process). */
const systemLookup: HostLookup = (hostname, options) => dnsLookup(hostname, options);

/**
 * The policy's lookup, or the system resolver.
 *
 * @example
 * ```ts
 * const addresses = await lookupFor(policy)('hooks.example.com', { all: true });
 * ```
 */
export const lookupFor = (policy: SsrfPolicy): HostLookup => policy.lookup ?? systemLookup;

/** What the guard allows. */
export interface SsrfPolicy {
  /** Only `https:` URLs when true. */
  readonly production: boolean;
  /** Allow 127.0.0.0/8, ::1 and `localhost` (tests, the demo, a receiver on the same host). */
  readonly allowLoopback?: boolean;
  /** Allow 10/8, 172.16/12, 192.168/16, fc00::/7 and 100.64/10 (an internal receiver). */
  readonly allowPrivate?: boolean;
  /** Host name resolution (default `dns.promises.lookup`). */
  readonly lookup?: HostLookup;
}

/** Why a URL or address was refused. */
export type RefusalReason =
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'https_required'
  | 'dns_failed'
  | Exclude<AddressKind, 'public'>;

/** The guard's verdict. `addresses` are the checked addresses the delivery may connect to. */
export type UrlCheckResult =
  | { readonly ok: true; readonly url: URL; readonly addresses: readonly LookupAddress[] }
  | { readonly ok: false; readonly reason: RefusalReason; readonly message: string };

/** The verdict on one address. */
export type AddressCheckResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: Exclude<AddressKind, 'public'>;
      readonly message: string;
    };

const KIND_TEXT: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  shared: 'a carrier-grade NAT (100.64.0.0/10) address',
  link_local: 'a link-local address',
  metadata: 'the cloud instance metadata address',
  unspecified: 'an unspecified (0.0.0.0 / ::) address',
  multicast: 'a multicast address',
  reserved: 'a reserved or documentation address',
};

const allowedKind = (kind: AddressKind, policy: SsrfPolicy): boolean =>
  kind === 'public' ||
  (kind === 'loopback' && policy.allowLoopback === true) ||
  ((kind === 'private' || kind === 'shared') && policy.allowPrivate === true);

const fixFor = (kind: Exclude<AddressKind, 'public'>): string =>
  kind === 'loopback'
    ? ' Allow loopback destinations in the configuration only for tests and demos.'
    : kind === 'private' || kind === 'shared'
      ? ' Allow private destinations in the configuration if the receiver is on your own network.'
      : ' Use a public receiver address; this range is never allowed.';

/**
 * Checks one resolved address against the policy.
 *
 * @example
 * ```ts
 * checkAddress('10.1.2.3', { production: true });                     // → { ok: false, reason: 'private', … }
 * checkAddress('10.1.2.3', { production: true, allowPrivate: true }); // → { ok: true }
 * ```
 */
export function checkAddress(address: string, policy: SsrfPolicy): AddressCheckResult {
  const kind = classifyAddress(address);
  if (allowedKind(kind, policy)) return { ok: true };
  return {
    ok: false,
    reason: kind as Exclude<AddressKind, 'public'>,
    message: `resolves to ${KIND_TEXT[kind as Exclude<AddressKind, 'public'>]} (${address}), which is refused.${fixFor(kind as Exclude<AddressKind, 'public'>)}`,
  };
}

/** `localhost` and `*.localhost` are loopback by definition (RFC 6761 §6.3), whatever DNS says. */
export const isLocalhostName = (hostname: string): boolean => {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
};

/**
 * The checks that need no DNS: the URL parses, the scheme is allowed, and a literal IP host or
 * `localhost` is allowed. Returns the parsed URL and the literal address (if the host is one).
 *
 * @example
 * ```ts
 * checkUrlShape('http://example.com/hook', { production: true }); // → { ok: false, reason: 'https_required', … }
 * ```
 */
export function checkUrlShape(
  url: string,
  policy: SsrfPolicy,
):
  | { ok: true; url: URL; literal?: LookupAddress }
  | { ok: false; reason: RefusalReason; message: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return {
      ok: false,
      reason: 'invalid_url',
      message: 'The destination URL is not an absolute URL.',
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return {
      ok: false,
      reason: 'unsupported_scheme',
      message: `The destination URL uses ${parsed.protocol}; only https: (and http: outside production) are allowed.`,
    };
  }
  if (policy.production && parsed.protocol !== 'https:') {
    return {
      ok: false,
      reason: 'https_required',
      message: 'In production a destination URL must use https:; change the URL or the receiver.',
    };
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const version = isIP(host);
  if (version !== 0) {
    const verdict = checkAddress(host, policy);
    if (!verdict.ok) return { ...verdict, message: `The destination host ${verdict.message}` };
    return { ok: true, url: parsed, literal: { address: host, family: version } };
  }
  if (isLocalhostName(host) && !policy.allowLoopback) {
    const verdict = checkAddress('127.0.0.1', policy) as Extract<AddressCheckResult, { ok: false }>;
    return {
      ok: false,
      reason: 'loopback',
      message: `The destination host "localhost" ${verdict.message}`,
    };
  }
  return { ok: true, url: parsed };
}

/**
 * Checks a destination URL: scheme, then every address its host resolves to. A literal IP is checked
 * without DNS. The delivery must then connect only to the addresses checked; {@link guardedLookup} does
 * that for the connection itself (a DNS answer can change between this check and the connect).
 *
 * @example
 * ```ts
 * const verdict = await checkDestinationUrl('https://hooks.example.com/attio', { production: true });
 * if (!verdict.ok) throw new Error(`destination refused (${verdict.reason}): ${verdict.message}`);
 * ```
 */
export async function checkDestinationUrl(
  url: string,
  policy: SsrfPolicy,
): Promise<UrlCheckResult> {
  const shape = checkUrlShape(url, policy);
  if (!shape.ok) return shape;
  if (shape.literal) return { ok: true, url: shape.url, addresses: [shape.literal] };
  const host = shape.url.hostname;
  let addresses: readonly LookupAddress[];
  try {
    addresses = await lookupFor(policy)(host, { all: true });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return {
      ok: false,
      reason: 'dns_failed',
      message: `The destination host could not be resolved${typeof code === 'string' ? ` (${code})` : ''}; check the URL and DNS.`,
    };
  }
  if (addresses.length === 0) {
    return {
      ok: false,
      reason: 'dns_failed',
      message: 'The destination host resolved to no address.',
    };
  }
  for (const { address } of addresses) {
    const verdict = checkAddress(address, policy);
    if (!verdict.ok) return { ...verdict, message: `The destination host ${verdict.message}` };
  }
  return { ok: true, url: shape.url, addresses };
}
