import { describe, expect, it } from '@jest/globals';
import type { LookupAddress } from 'node:dns';
import { DestinationRefusedError, guardedLookup } from './guarded-lookup.js';
import type { HostLookup } from './ssrf-guard.js';

const answer =
  (...addresses: LookupAddress[]): HostLookup =>
  async () =>
    addresses;

/** Calls the socket-style lookup and collects what it hands the socket. */
function call(
  lookup: ReturnType<typeof guardedLookup>,
  host: string,
  options: { all?: boolean; family?: number },
) {
  return new Promise<{ err: Error | null; address: unknown; family?: number }>((resolve) =>
    lookup(host, options as never, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('guardedLookup', () => {
  const dual = answer(
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  );

  it('when the socket asks for all addresses, then it gets every checked address', async () => {
    expect(
      await call(guardedLookup({ production: true, lookup: dual }), 'x.example', { all: true }),
    ).toEqual({
      err: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      family: undefined,
    });
  });

  it('when the socket asks for one IPv6 address, then it gets the IPv6 one with family 6', async () => {
    expect(
      await call(guardedLookup({ production: true, lookup: dual }), 'x.example', { family: 6 }),
    ).toEqual({
      err: null,
      address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c',
      family: 6,
    });
  });

  it('when one of the addresses is private, then the lookup fails with DestinationRefusedError "private"', async () => {
    const lookup = answer(
      { address: '93.184.215.14', family: 4 },
      { address: '192.168.0.10', family: 4 },
    );
    const { err } = await call(guardedLookup({ production: true, lookup }), 'x.example', {
      all: true,
    });
    expect(err).toBeInstanceOf(DestinationRefusedError);
    expect((err as DestinationRefusedError).reason).toBe('private');
    expect((err as DestinationRefusedError).code).toBe('EVENTS_DESTINATION_REFUSED');
  });

  it('when the name is localhost and loopback is not allowed, then it is refused without asking DNS', async () => {
    let asked = 0;
    const lookup: HostLookup = async () => {
      asked++;
      return [{ address: '93.184.215.14', family: 4 }];
    };
    const { err } = await call(guardedLookup({ production: false, lookup }), 'localhost', {});
    expect((err as DestinationRefusedError).reason).toBe('loopback');
    expect(asked).toBe(0);
  });

  it('when DNS fails, then the resolver error is passed through', async () => {
    const lookup: HostLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND x.example'), { code: 'ENOTFOUND' });
    };
    const { err } = await call(guardedLookup({ production: false, lookup }), 'x.example', {});
    expect((err as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });
});
