/**
 * The one error class of this library. Every message names what was wrong (an entry index, a field, a
 * length) and what to do, never the value itself: the values are signing secrets and URLs that may carry
 * credentials.
 */

/**
 * Stable codes of {@link AttioEventsError}; callers branch on these, not on messages.
 *
 * @example
 * ```ts
 * if (err instanceof AttioEventsError && err.code === EventsErrorCode.INVALID_SECRET) process.exitCode = 2;
 * ```
 */
export const EventsErrorCode = {
  /** A webhook secret is not `whsec_` + base64 of 24–64 bytes. */
  INVALID_SECRET: 'EVENTS_INVALID_SECRET',
  /** The destinations configuration is not a valid JSON array of destinations. */
  INVALID_DESTINATIONS: 'EVENTS_INVALID_DESTINATIONS',
  /** An event payload does not have the documented shape, or holds a secret-like field. */
  INVALID_EVENT: 'EVENTS_INVALID_EVENT',
} as const;

/**
 * The union of all {@link EventsErrorCode} values.
 *
 * @example
 * ```ts
 * const code: EventsErrorCode = 'EVENTS_INVALID_SECRET';
 * ```
 */
export type EventsErrorCode = (typeof EventsErrorCode)[keyof typeof EventsErrorCode];

/**
 * Bad input to this library: a secret, a destinations configuration or an event payload.
 *
 * @example
 * ```ts
 * try {
 *   parseDestinations(text, { source: 'EVENT_DESTINATIONS' });
 * } catch (err) {
 *   if (err instanceof AttioEventsError) console.error(err.code, err.message);
 * }
 * ```
 */
export class AttioEventsError extends Error {
  override readonly name = 'AttioEventsError';
  readonly code: EventsErrorCode;

  constructor(code: EventsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
