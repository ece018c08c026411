import { describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import {
  checkAddress,
  checkDestinationUrl,
  type HostLookup,
  type SsrfPolicy,
} from './ssrf-guard.js';

/** A resolver that answers from a table and never touches the network. */
const tableLookup =
  (table: Record<string, readonly LookupAddress[]>): HostLookup =>
  async (hostname) => {
    const answer = table[hostname];
    if (!answer)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return answer;
  };

const lookup = tableLookup({
  'hooks.example.com': [{ address: '93.184.215.14', family: 4 }],
  'dual.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ],
  'rebind.example.com': [{ address: '127.0.0.1', family: 4 }],
  'mixed.example.com': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.7', family: 4 },
  ],
  'metadata.example.com': [{ address: '169.254.169.254', family: 4 }],
  'mapped.example.com': [{ address: '::ffff:127.0.0.1', family: 6 }],
  'empty.example.com': [],
});

const prod: SsrfPolicy = { production: true, lookup };
const dev: SsrfPolicy = { production: false, lookup };

describe('checkDestinationUrl', () => {
  it('when a public https host is checked in production, then it is allowed with its resolved addresses', async () => {
    const verdict = await checkDestinationUrl('https://dual.example.com/attio', prod);
    expect(verdict.ok).toBe(true);
    if (verdict.ok)
      expect(verdict.addresses.map((a) => a.address)).toEqual([
        '93.184.215.14',
        '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
      ]);
  });

  it('when an http URL is checked in production, then it is refused with https_required', async () => {
    expect(await checkDestinationUrl('http://hooks.example.com/attio', prod)).toEqual({
      ok: false,
      reason: 'https_required',
      message: 'In production a destination URL must use https:; change the URL or the receiver.',
    });
  });

  it('when an http URL is checked outside production, then it is allowed', async () => {
    expect((await checkDestinationUrl('http://hooks.example.com/attio', dev)).ok).toBe(true);
  });

  it.each([
    [
      'https://rebind.example.com/',
      'loopback',
      'The destination host resolves to a loopback address (127.0.0.1), which is refused. Allow loopback destinations in the configuration only for tests and demos.',
    ],
    [
      'https://mixed.example.com/',
      'private',
      'The destination host resolves to a private-network address (10.0.0.7), which is refused. Allow private destinations in the configuration if the receiver is on your own network.',
    ],
    [
      'https://metadata.example.com/',
      'metadata',
      'The destination host resolves to the cloud instance metadata address (169.254.169.254), which is refused. Use a public receiver address; this range is never allowed.',
    ],
    ['https://mapped.example.com/', 'loopback', expect.stringContaining('(::ffff:127.0.0.1)')],
    ['https://127.0.0.1:8443/', 'loopback', expect.stringContaining('(127.0.0.1)')],
    ['https://[::1]/', 'loopback', expect.stringContaining('(::1)')],
    ['https://[::ffff:169.254.169.254]/', 'metadata', expect.stringContaining('metadata')],
    ['https://169.254.169.254/latest/meta-data/', 'metadata', expect.stringContaining('metadata')],
    ['https://0.0.0.0/', 'unspecified', expect.stringContaining('unspecified')],
    ['https://100.64.1.1/', 'shared', expect.stringContaining('carrier-grade NAT')],
    [
      'https://localhost:8080/',
      'loopback',
      'The destination host "localhost" resolves to a loopback address (127.0.0.1), which is refused. Allow loopback destinations in the configuration only for tests and demos.',
    ],
    ['https://api.localhost/', 'loopback', expect.stringContaining('"localhost"')],
    [
      'https://unknown.example.com/',
      'dns_failed',
      'The destination host could not be resolved (ENOTFOUND); check the URL and DNS.',
    ],
    ['https://empty.example.com/', 'dns_failed', 'The destination host resolved to no address.'],
    [
      'ftp://hooks.example.com/',
      'unsupported_scheme',
      'The destination URL uses ftp:; only https: (and http: outside production) are allowed.',
    ],
    ['not a url', 'invalid_url', 'The destination URL is not an absolute URL.'],
  ])('when %s is checked in production, then it is refused as %s', async (url, reason, message) => {
    expect(await checkDestinationUrl(url, prod)).toEqual({ ok: false, reason, message });
  });

  it('when loopback is allowed, then a host resolving to 127.0.0.1 and localhost are allowed', async () => {
    const policy = { ...dev, allowLoopback: true };
    expect((await checkDestinationUrl('http://rebind.example.com/', policy)).ok).toBe(true);
    expect((await checkDestinationUrl('http://127.0.0.1:9/', policy)).ok).toBe(true);
  });

  it('when private ranges are allowed, then 10/8 passes but loopback and metadata stay refused', async () => {
    const policy = { ...prod, allowPrivate: true };
    expect((await checkDestinationUrl('https://mixed.example.com/', policy)).ok).toBe(true);
    expect(await checkDestinationUrl('https://rebind.example.com/', policy)).toMatchObject({
      ok: false,
      reason: 'loopback',
    });
    expect(await checkDestinationUrl('https://metadata.example.com/', policy)).toMatchObject({
      ok: false,
      reason: 'metadata',
    });
    expect(await checkDestinationUrl('https://[fd00:ec2::254]/', policy)).toMatchObject({
      ok: false,
      reason: 'metadata',
    });
  });
});

describe('checkAddress', () => {
  it.each([
    ['169.254.1.1', { production: false, allowLoopback: true, allowPrivate: true }, 'link_local'],
    ['224.0.0.1', { production: false, allowLoopback: true, allowPrivate: true }, 'multicast'],
    ['fe80::1', { production: false, allowLoopback: true, allowPrivate: true }, 'link_local'],
  ])(
    'when %s is checked with everything allowed, then it is still refused as %s',
    (ip, policy, reason) => {
      expect(checkAddress(ip, policy)).toMatchObject({ ok: false, reason });
    },
  );

  it('when a public address is checked, then it is allowed', () => {
    expect(checkAddress('8.8.8.8', { production: true })).toEqual({ ok: true });
  });
});
