/**
 * The SSRF guard at connect time. Checking a URL and then letting the HTTP client resolve the name again
 * leaves a gap: a DNS name with a short TTL can answer a public address to the check and 127.0.0.1 to the
 * connect (DNS rebinding). A `lookup` function passed to the socket closes the gap: the socket connects
 * only to addresses this function returned, and it returns only addresses it has just checked.
 */
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { Agent } from 'undici';
import {
  checkAddress,
  isLocalhostName,
  lookupFor,
  type RefusalReason,
  type SsrfPolicy,
} from './ssrf-guard.js';

/**
 * A connection refused by the SSRF guard. Its message names the kind of address, never the URL.
 *
 * @example
 * ```ts
 * if (err instanceof DestinationRefusedError) console.warn(err.reason); // 'loopback', 'metadata', …
 * ```
 */
export class DestinationRefusedError extends Error {
  override readonly name = 'DestinationRefusedError';
  readonly code = 'EVENTS_DESTINATION_REFUSED';
  readonly reason: RefusalReason;

  constructor(reason: RefusalReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The `lookup` option of `net.connect` / `tls.connect` (and so of undici's `connect` options). */
export type SocketLookup = (
  hostname: string,
  options: LookupOneOptions | LookupAllOptions,
  callback: LookupCallback,
) => void;

/**
 * A socket `lookup` that resolves with the policy's lookup and refuses (with a
 * {@link DestinationRefusedError}) when any address is not allowed. Node calls it with `all: true` when
 * it tries several addresses (`autoSelectFamily`), otherwise for one; both are answered.
 *
 * @example
 * ```ts
 * import { request } from 'node:https';
 * request('https://hooks.example.com/attio', { method: 'POST', lookup: guardedLookup({ production: true }) });
 * ```
 */
export function guardedLookup(policy: SsrfPolicy): SocketLookup {
  const resolve = lookupFor(policy);
  return (hostname, options, callback) => {
    const refuse = (reason: RefusalReason, message: string): void =>
      callback(new DestinationRefusedError(reason, message) as NodeJS.ErrnoException, []);
    if (isLocalhostName(hostname) && !policy.allowLoopback) {
      refuse('loopback', 'The destination host "localhost" is a loopback name, which is refused.');
      return;
    }
    resolve(hostname, { all: true }).then(
      (all) => {
        const family = typeof options === 'object' ? options.family : undefined;
        const wanted = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
        if (wanted.length === 0) {
          refuse('dns_failed', 'The destination host resolved to no usable address.');
          return;
        }
        for (const { address } of all) {
          const verdict = checkAddress(address, policy);
          if (!verdict.ok) {
            refuse(verdict.reason, `The destination host ${verdict.message}`);
            return;
          }
        }
        if (typeof options === 'object' && options.all) callback(null, [...wanted]);
        else callback(null, wanted[0].address, wanted[0].family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };
}

/** Options of {@link createDeliveryAgent}: the policy plus undici Agent tuning. */
export interface DeliveryAgentOptions extends SsrfPolicy {
  /** Keep-alive sockets per origin (default undici's: unlimited). */
  readonly connections?: number;
}

/** An undici dispatcher whose sockets pass the SSRF guard, and the policy it enforces. */
export interface DeliveryAgent {
  readonly policy: SsrfPolicy;
  readonly dispatcher: Agent;
  /** Closes the keep-alive sockets (graceful shutdown). */
  close(): Promise<void>;
}

/**
 * The dispatcher deliveries go through: an undici Agent whose `connect.lookup` is {@link guardedLookup},
 * so every socket it opens connects only to a checked address. Create one per process and reuse it.
 *
 * @example
 * ```ts
 * const agent = createDeliveryAgent({ production: true });
 * await deliverOnce({ destination, event, agent, nowMs: Date.now, timeoutMs: 10_000, userAgent: 'attio-auth' });
 * await agent.close();
 * ```
 */
export function createDeliveryAgent(options: DeliveryAgentOptions): DeliveryAgent {
  const { connections, ...policy } = options;
  const dispatcher = new Agent({
    keepAliveTimeout: 10_000,
    ...(connections !== undefined ? { connections } : {}),
    connect: { lookup: guardedLookup(policy) as never },
  });
  return { policy, dispatcher, close: () => dispatcher.close() };
}
