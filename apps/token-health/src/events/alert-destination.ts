import type { ConfigProblem } from '@attio-auth/app-config';
import { destinationUrlProblem, type EventDeliveryConfig } from '@attio-auth/event-delivery';

type Destination = EventDeliveryConfig['destinations'][number];

/** The delivery log's id of the destination ALERT_WEBHOOK_URL stands for (reserved in EVENT_DESTINATIONS). */
export const ALERT_DESTINATION_ID = 'alert-webhook';

/** What ALERT_WEBHOOK_URL is told: the checker's own events, the ones its alerts used to say. */
const ALERT_EVENTS = ['health.*', 'attio.*'] as const;

/**
 * ALERT_WEBHOOK_URL as what it now is: a `slack` destination of the event delivery worker, taking
 * `health.*` and `attio.*`, so an alert goes the one way every event goes (the outbox, written in
 * the transaction of the verdict; the store's last-alerted status and the round's incident decide
 * which events exist; the worker retries until EVENT_DELIVERY_MAX_AGE_HOURS). Undefined when unset.
 *
 * @example
 * alertWebhookDestination('https://hooks.slack.com/services/T/B/x');
 * // { id: 'alert-webhook', kind: 'slack', url: '…', secrets: [], events: ['health.*', 'attio.*'] }
 */
export function alertWebhookDestination(url: string | undefined): Destination | undefined {
  if (url === undefined) return undefined;
  return Object.freeze({
    id: ALERT_DESTINATION_ID,
    kind: 'slack',
    url,
    secrets: [],
    events: [...ALERT_EVENTS],
  });
}

type AlertValues = {
  NODE_ENV?: string;
  ALERT_WEBHOOK_URL?: string | undefined;
  EVENT_DESTINATIONS?: string | undefined;
  EVENT_ALLOW_PRIVATE_DESTINATIONS?: boolean;
  EVENT_ALLOW_LOOPBACK_DESTINATIONS?: boolean;
};

/**
 * The config rule for ALERT_WEBHOOK_URL: the SSRF policy of every event destination applies to it
 * (in production https, and no loopback or private address unless allowed), and its id is not
 * taken by an EVENT_DESTINATIONS entry. The URL is named by scheme and host only (a Slack path is
 * the credential).
 *
 * @example
 * alertWebhookRule({ NODE_ENV: 'production', ALERT_WEBHOOK_URL: 'http://hooks.example/x' });
 * // [{ variable: 'ALERT_WEBHOOK_URL', message: '… https …' }]
 */
export function alertWebhookRule(values: AlertValues): readonly ConfigProblem[] {
  const url = values.ALERT_WEBHOOK_URL;
  if (url === undefined) return [];
  const problems: ConfigProblem[] = [];
  const problem = destinationUrlProblem(url, values);
  if (problem !== undefined) {
    problems.push({ variable: 'ALERT_WEBHOOK_URL', message: `${problem.url}: ${problem.message}` });
  }
  if (values.EVENT_DESTINATIONS !== undefined && idTaken(values.EVENT_DESTINATIONS)) {
    problems.push({
      variable: 'EVENT_DESTINATIONS',
      message: `the id "${ALERT_DESTINATION_ID}" is ALERT_WEBHOOK_URL's; rename that entry or unset ALERT_WEBHOOK_URL.`,
    });
  }
  return problems;
}

function idTaken(destinations: string): boolean {
  try {
    const list = JSON.parse(destinations) as unknown;
    return (
      Array.isArray(list) &&
      list.some((d) => (d as { id?: unknown } | null)?.id === ALERT_DESTINATION_ID)
    );
  } catch {
    // Not JSON: EVENT_DESTINATIONS's own check reports it.
    return false;
  }
}
