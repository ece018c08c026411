/**
 * Where events go. A destination is read from a JSON array (an environment variable's value or a file's
 * text; the app decides which) and filtered per event by type pattern and owner tags. Errors name the entry
 * index and field; they never print a secret, and never a URL (a Slack webhook URL is itself a credential,
 * and any URL may carry `user:password@`).
 */
import { AttioEventsError, EventsErrorCode } from './events-error.js';
import { EVENT_TYPES, isEventType, type EventPayload } from './event-types.js';
import { decodeWebhookSecret } from './webhook-secret.js';

/** `standard`: signed JSON (Standard Webhooks). `slack`: `{ text }` for a Slack incoming webhook, unsigned. */
export type DestinationKind = 'standard' | 'slack';

/** One parsed destination. */
export interface Destination {
  /** Stable name, used in delivery records and logs (`ops-slack`). */
  readonly id: string;
  readonly kind: DestinationKind;
  readonly url: string;
  /** `standard` only: one or two active `whsec_…` secrets (two while rotating). Empty for `slack`. */
  readonly secrets: readonly string[];
  /** Type patterns: exact types, `prefix.*`, or `*` (the default). */
  readonly events: readonly string[];
  /** Only events whose `data.owner.tags` hold every one of these pairs (absent: every event). */
  readonly owner?: Readonly<Record<string, string>>;
}

/** Options of {@link parseDestinations}. */
export interface ParseDestinationsOptions {
  /** Where the text came from, for messages (`EVENT_DESTINATIONS`, a file path). Default `destinations`. */
  readonly source?: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAMESPACES = [...new Set(EVENT_TYPES.map((t) => t.slice(0, t.indexOf('.'))))];
const FIELDS = new Set(['id', 'kind', 'url', 'secrets', 'events', 'owner']);

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A URL for messages: scheme and host only. Path and query are dropped (a Slack webhook's path is its
 * secret; queries carry keys) and any userinfo is masked.
 *
 * @example
 * ```ts
 * describeUrl('https://user:pw@hooks.slack.com/services/T0/B0/XYZ?x=1'); // → 'https://hooks.slack.com/…'
 * ```
 */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const rest = u.pathname === '/' && u.search === '' ? '' : '/…';
    return `${u.protocol}//${u.host}${rest}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * Whether `pattern` selects `type`: `*` selects all, `health.*` every `health.` type, anything else only
 * itself.
 *
 * @example
 * ```ts
 * matchesEventPattern('health.*', 'health.broken'); // → true
 * matchesEventPattern('connection.deleted', 'connection.created'); // → false
 * ```
 */
export function matchesEventPattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

function checkPattern(pattern: unknown, at: string, fail: (m: string) => never): string {
  if (typeof pattern !== 'string') return fail(`${at} must be a string`);
  if (pattern === '*' || isEventType(pattern)) return pattern;
  const namespace = pattern.endsWith('.*') ? pattern.slice(0, -2) : undefined;
  if (namespace !== undefined && NAMESPACES.includes(namespace)) return pattern;
  return fail(
    `${at} "${pattern.slice(0, 60)}" matches no event; use "*", one of ${NAMESPACES.map((n) => `"${n}.*"`).join(', ')}, or a type: ${EVENT_TYPES.join(', ')}`,
  );
}

function parseEntry(raw: unknown, at: string, fail: (m: string) => never): Destination {
  if (!isRecord(raw))
    return fail(`${at} must be an object { id, kind, url, secrets?, events?, owner? }`);
  for (const key of Object.keys(raw)) {
    if (!FIELDS.has(key))
      fail(`${at} has an unknown field "${key.slice(0, 40)}" (allowed: ${[...FIELDS].join(', ')})`);
  }
  const { id, kind, url, secrets, events, owner } = raw;
  if (typeof id !== 'string' || !ID.test(id)) {
    fail(`${at}.id must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit`);
  }
  if (kind !== 'standard' && kind !== 'slack') fail(`${at}.kind must be "standard" or "slack"`);
  let parsedUrl: URL | undefined;
  try {
    parsedUrl = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsedUrl = undefined;
  }
  if (!parsedUrl) fail(`${at}.url must be an absolute URL such as https://hooks.example.com/attio`);
  if (parsedUrl && parsedUrl.protocol !== 'https:' && parsedUrl.protocol !== 'http:') {
    fail(`${at}.url must use https: (or http: outside production), not ${parsedUrl.protocol}`);
  }
  let secretList: string[] = [];
  if (kind === 'standard') {
    if (!Array.isArray(secrets) || secrets.length < 1 || secrets.length > 2) {
      fail(`${at}.secrets must list one or two "whsec_…" secrets (two while rotating)`);
    }
    secretList = (secrets as unknown[]).map((s, i) => {
      decodeWebhookSecret(s as string, `${at}.secrets[${i}]`);
      return s as string;
    });
    if (secretList.length === 2 && secretList[0] === secretList[1]) {
      fail(`${at}.secrets lists the same secret twice; remove one`);
    }
  } else if (secrets !== undefined) {
    fail(`${at}.secrets is only for kind "standard"; Slack webhooks are not signed, remove it`);
  }
  let patterns: string[] = ['*'];
  if (events !== undefined) {
    if (!Array.isArray(events) || events.length === 0) {
      fail(`${at}.events must be a non-empty array of type patterns (omit it for every event)`);
    }
    patterns = (events as unknown[]).map((p, i) => checkPattern(p, `${at}.events[${i}]`, fail));
  }
  let ownerTags: Record<string, string> | undefined;
  if (owner !== undefined) {
    if (!isRecord(owner) || Object.keys(owner).length === 0) {
      fail(`${at}.owner must be an object of tag names to values, such as {"team":"sales"}`);
    }
    for (const [k, v] of Object.entries(owner as Record<string, unknown>)) {
      if (typeof v !== 'string') fail(`${at}.owner.${k.slice(0, 40)} must be a string`);
    }
    ownerTags = { ...(owner as Record<string, string>) };
  }
  return Object.freeze({
    id: id as string,
    kind: kind as DestinationKind,
    url: (parsedUrl as URL).href,
    secrets: Object.freeze(secretList),
    events: Object.freeze(patterns),
    ...(ownerTags ? { owner: Object.freeze(ownerTags) } : {}),
  });
}

/**
 * Parses the destinations configuration: a JSON array (as text or already parsed). Throws an
 * {@link AttioEventsError} (`EVENTS_INVALID_DESTINATIONS`, or `EVENTS_INVALID_SECRET` for a bad secret)
 * naming the source, the entry index and the field. An empty array is valid: no destination.
 *
 * @example
 * ```ts
 * const destinations = parseDestinations(
 *   '[{"id":"ops-slack","kind":"slack","url":"https://hooks.slack.com/services/T/B/X","events":["health.*"]}]',
 *   { source: 'EVENT_DESTINATIONS' },
 * );
 * destinations[0].events; // → ['health.*']
 * ```
 */
export function parseDestinations(
  input: string | unknown,
  options: ParseDestinationsOptions = {},
): readonly Destination[] {
  const source = options.source ?? 'destinations';
  const fail = (message: string): never => {
    throw new AttioEventsError(EventsErrorCode.INVALID_DESTINATIONS, `${message}.`);
  };
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      // JSON.parse's message quotes the text near the error; the text may hold secrets, so only say where.
      const position = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
      fail(
        `${source} is not valid JSON${position ? ` (error at character ${position})` : ''}; expected an array of destinations`,
      );
    }
  }
  if (!Array.isArray(value))
    return fail(
      `${source} must be a JSON array of destinations, such as [{"id":"ops","kind":"standard","url":"https://…","secrets":["whsec_…"]}]`,
    );
  const out = value.map((raw, i) => parseEntry(raw, `${source}[${i}]`, fail));
  const seen = new Map<string, number>();
  out.forEach((d, i) => {
    const first = seen.get(d.id);
    if (first !== undefined)
      fail(
        `${source}[${i}].id "${d.id}" is already used by ${source}[${first}]; ids must be unique`,
      );
    seen.set(d.id, i);
  });
  return Object.freeze(out);
}

/**
 * Whether `event` goes to `destination`: its type matches one of the patterns and, when the destination
 * has an owner filter, the event's owner tags hold every pair of it (incidents, which have no owner,
 * then do not match).
 *
 * @example
 * ```ts
 * matchesDestination({ ...dest, events: ['health.*'], owner: { team: 'sales' } }, event);
 * ```
 */
export function matchesDestination(destination: Destination, event: EventPayload): boolean {
  if (!destination.events.some((p) => matchesEventPattern(p, event.type))) return false;
  if (!destination.owner) return true;
  const tags = event.data.owner?.tags;
  if (!tags) return false;
  return Object.entries(destination.owner).every(([k, v]) => tags[k] === v);
}
