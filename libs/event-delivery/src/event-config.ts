import { flag, type ConfigProblem } from '@attio-auth/app-config';
import {
  checkUrlShape,
  describeUrl,
  parseDestinations,
  type Destination,
  type SsrfPolicy,
} from '@attio-auth/attio-events';
import { z } from 'zod';

const int = (min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });

/** The problem attio-events finds in a destinations value; its messages never hold a secret or URL. */
function destinationsProblem(value: string): string | undefined {
  try {
    parseDestinations(value, { source: 'EVENT_DESTINATIONS' });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The event delivery variables, the same in every app that runs the worker (spread into the app's
 * schema). `EVENT_DESTINATIONS` holds webhook secrets and Slack URLs (themselves credentials): list it
 * in the app's file variables so `EVENT_DESTINATIONS_FILE` works, and its value is never echoed.
 *
 * @example
 * ```ts
 * const configSchema = z.object({ ...otherVariables, ...eventConfigShape });
 * ```
 */
export const eventConfigShape = {
  EVENT_DESTINATIONS: z
    .string()
    .trim()
    .optional()
    .superRefine((value, ctx) => {
      const problem = value === undefined ? undefined : destinationsProblem(value);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(
      'JSON array of event destinations `[{"id","kind":"standard"|"slack","url","secrets":["whsec_…"],"events":["health.*"],"owner":{…}}]`; or EVENT_DESTINATIONS_FILE. Unset = no delivery.',
    ),
  EVENT_DELIVERY_MAX_AGE_HOURS: int(1, 24 * 30)
    .default(24)
    .describe('How long a failing event delivery is retried before it is dead-lettered, in hours.'),
  EVENT_DELIVERY_CONCURRENCY: int(1, 256)
    .default(16)
    .describe('Event deliveries in flight at once (over every destination).'),
  EVENT_ALLOW_PRIVATE_DESTINATIONS: flag()
    .default(false)
    .describe(
      '1 = event destinations may resolve to private, link-local or CGNAT addresses in production (SSRF guard).',
    ),
  EVENT_ALLOW_LOOPBACK_DESTINATIONS: flag()
    .default(false)
    .describe('1 = event destinations may be loopback (127.0.0.1, ::1, localhost) in production.'),
};

type EventValues = {
  NODE_ENV?: string;
  EVENT_DESTINATIONS?: string | undefined;
  EVENT_ALLOW_PRIVATE_DESTINATIONS?: boolean;
  EVENT_ALLOW_LOOPBACK_DESTINATIONS?: boolean;
};

/**
 * The SSRF policy the config asks for: in production (NODE_ENV=production) https only, and no
 * loopback or private address unless allowed; outside production anything goes (local receivers).
 *
 * @example
 * ```ts
 * ssrfPolicyOf({ NODE_ENV: 'production', EVENT_ALLOW_LOOPBACK_DESTINATIONS: true });
 * // { production: true, allowLoopback: true, allowPrivate: false }
 * ```
 */
export function ssrfPolicyOf(values: EventValues): SsrfPolicy {
  const production = (values.NODE_ENV ?? 'production') === 'production';
  return {
    production,
    allowLoopback: !production || values.EVENT_ALLOW_LOOPBACK_DESTINATIONS === true,
    allowPrivate: !production || values.EVENT_ALLOW_PRIVATE_DESTINATIONS === true,
  };
}

/**
 * The config rule checking each destination URL against the SSRF policy without DNS (scheme, literal
 * IPs, `localhost`): a refused one is named by entry and id, its URL by scheme and host only. The
 * addresses a name resolves to are checked at every connect (attio-events' guarded agent).
 *
 * @example
 * ```ts
 * loadConfig(schema, env, toConfig, { rules: [eventDestinationsRule] });
 * ```
 */
export function eventDestinationsRule(values: EventValues): readonly ConfigProblem[] {
  if (values.EVENT_DESTINATIONS === undefined) return [];
  const problems: string[] = [];
  for (const [index, destination] of parseDestinations(values.EVENT_DESTINATIONS).entries()) {
    const problem = destinationUrlProblem(destination.url, values);
    if (problem !== undefined) {
      problems.push(`entry ${index} (${destination.id}, ${problem.url}): ${problem.message}`);
    }
  }
  return problems.length === 0
    ? []
    : [{ variable: 'EVENT_DESTINATIONS', message: problems.join('; ') }];
}

/**
 * What the SSRF policy the config asks for says of one destination URL, without DNS: undefined when
 * allowed, else the URL told by scheme and host only (a Slack path is the credential) and the reason.
 * Also for a destination another variable gives (token-health's ALERT_WEBHOOK_URL).
 *
 * @example
 * ```ts
 * destinationUrlProblem('http://hooks.example/x', { NODE_ENV: 'production' });
 * // { url: 'http://hooks.example/…', message: 'In production a destination URL must use https:; …' }
 * ```
 */
export function destinationUrlProblem(
  url: string,
  values: EventValues,
): { readonly url: string; readonly message: string } | undefined {
  const verdict = checkUrlShape(url, ssrfPolicyOf(values));
  if (verdict.ok) return undefined;
  return {
    url: describeUrl(url),
    message:
      verdict.message +
      (verdict.reason === 'loopback' || verdict.reason === 'private'
        ? ' Set EVENT_ALLOW_LOOPBACK_DESTINATIONS=1 / EVENT_ALLOW_PRIVATE_DESTINATIONS=1 if this receiver is yours.'
        : ''),
  };
}

/** The event part of an app's config. */
export interface EventDeliveryConfig {
  readonly destinations: readonly Destination[];
  readonly maxAgeMs: number;
  readonly concurrency: number;
  readonly ssrf: SsrfPolicy;
}

/**
 * Maps the parsed event variables to the app's `events` config.
 *
 * @example
 * ```ts
 * const events = eventDeliveryConfigOf(parsed); // { destinations: [...], maxAgeMs: 86_400_000, … }
 * ```
 */
export function eventDeliveryConfigOf(
  values: EventValues & {
    EVENT_DELIVERY_MAX_AGE_HOURS: number;
    EVENT_DELIVERY_CONCURRENCY: number;
  },
): EventDeliveryConfig {
  return {
    destinations:
      values.EVENT_DESTINATIONS === undefined ? [] : parseDestinations(values.EVENT_DESTINATIONS),
    maxAgeMs: values.EVENT_DELIVERY_MAX_AGE_HOURS * 3_600_000,
    concurrency: values.EVENT_DELIVERY_CONCURRENCY,
    ssrf: ssrfPolicyOf(values),
  };
}
