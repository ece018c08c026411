/**
 * Which kind of network an IP address belongs to, for the SSRF guard. The ranges are IANA's special-purpose
 * registries (RFC 6890, https://www.iana.org/assignments/iana-ipv4-special-registry and
 * iana-ipv6-special-registry). IPv6 addresses that embed an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`,
 * NAT64 `64:ff9b::a.b.c.d`) are classified by the embedded address: `::ffff:127.0.0.1` reaches loopback.
 */
import { BlockList, isIP } from 'node:net';

/** `public`, or the kind of non-public range an address is in. */
export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'reserved';

type Range = readonly [kind: Exclude<AddressKind, 'public'>, net: string, prefix: number];

// Order matters: the first matching range names the kind (metadata before the ranges that contain it).
const IPV4: readonly Range[] = [
  ['metadata', '169.254.169.254', 32], // cloud instance metadata (AWS, GCP, Azure, …)
  ['loopback', '127.0.0.0', 8],
  ['unspecified', '0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['private', '10.0.0.0', 8],
  ['private', '172.16.0.0', 12],
  ['private', '192.168.0.0', 16],
  ['shared', '100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['link_local', '169.254.0.0', 16],
  ['multicast', '224.0.0.0', 4],
  ['reserved', '240.0.0.0', 4], // includes the broadcast 255.255.255.255
  ['reserved', '192.0.0.0', 24], // IETF protocol assignments
  ['reserved', '192.0.2.0', 24], // documentation (TEST-NET-1/2/3)
  ['reserved', '198.51.100.0', 24],
  ['reserved', '203.0.113.0', 24],
  ['reserved', '198.18.0.0', 15], // benchmarking
];

const IPV6: readonly Range[] = [
  ['metadata', 'fd00:ec2::254', 128], // AWS instance metadata over IPv6
  ['loopback', '::1', 128],
  ['unspecified', '::', 128],
  ['private', 'fc00::', 7], // unique local addresses
  ['private', 'fec0::', 10], // deprecated site-local
  ['link_local', 'fe80::', 10],
  ['multicast', 'ff00::', 8],
  ['reserved', '::', 96], // deprecated IPv4-compatible addresses
  ['reserved', '100::', 64], // discard-only
  ['reserved', '2001:db8::', 32], // documentation
];

function compile(
  ranges: readonly Range[],
  type: 'ipv4' | 'ipv6',
): readonly [AddressKind, BlockList][] {
  return ranges.map(([kind, net, prefix]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, type);
    return [kind, list] as const;
  });
}

const V4 = compile(IPV4, 'ipv4');
const V6 = compile(IPV6, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (with `::` expanded and a trailing dotted quad converted). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text =
      text.slice(0, -dotted[1].length) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16));
}

/** The IPv4 address embedded in an IPv4-mapped or NAT64 IPv6 address, if any. */
function embeddedIPv4(groups: readonly number[]): string | undefined {
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const mapped = zeros(0, 5) && groups[5] === 0xffff;
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6);
  if (!mapped && !nat64) return undefined;
  return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
}

/**
 * The kind of network `ip` is in; throws a TypeError when `ip` is not an IP address.
 *
 * @example
 * ```ts
 * classifyAddress('127.0.0.1');        // → 'loopback'
 * classifyAddress('::ffff:10.0.0.1');  // → 'private'
 * classifyAddress('169.254.169.254');  // → 'metadata'
 * classifyAddress('93.184.215.14');    // → 'public'
 * ```
 */
export function classifyAddress(ip: string): AddressKind {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const version = isIP(bare.split('%')[0]);
  if (version === 4) return V4.find(([, list]) => list.check(bare, 'ipv4'))?.[0] ?? 'public';
  if (version !== 6) throw new TypeError('classifyAddress needs an IPv4 or IPv6 address.');
  const groups = ipv6Groups(bare);
  const v4 = embeddedIPv4(groups);
  if (v4 !== undefined) return classifyAddress(v4);
  const canonical = groups.map((g) => g.toString(16)).join(':');
  return V6.find(([, list]) => list.check(canonical, 'ipv6'))?.[0] ?? 'public';
}
