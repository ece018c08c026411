import type { EventDelivery, StoredEvent } from '@attio-auth/connection-store';
import { terminalSafe } from '@attio-auth/attio-errors';

/** An event as `events list|show --json` print it: the body destinations get, plus its store order. */
export function eventView(e: StoredEvent): Record<string, unknown> {
  return {
    id: e.id,
    seq: e.seq,
    type: e.type,
    workspaceId: e.workspaceId,
    timestamp: e.createdAt.toISOString(),
    data: e.data,
  };
}

/** One delivery log entry; `lastError` was masked before it was stored. */
export function deliveryView(d: EventDelivery): Record<string, unknown> {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    destinationId: d.destinationId,
    state: d.state,
    attempts: d.attempts,
    firstAttemptAt: iso(d.firstAttemptAt),
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: iso(d.nextAttemptAt),
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
  };
}

/** One line of `events list`: time, id, type, workspace (store values made terminal-safe). */
export function eventLine(e: StoredEvent): string {
  return [
    e.createdAt.toISOString(),
    e.id,
    e.type.padEnd(24),
    terminalSafe(e.workspaceId ?? '-'),
  ].join('  ');
}

/** One line of a delivery log. */
export function deliveryLine(d: EventDelivery): string {
  const parts = [
    `  ${terminalSafe(d.destinationId)}`,
    d.state,
    `attempts ${d.attempts}`,
    d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '',
    d.state === 'pending' && d.nextAttemptAt ? `next ${d.nextAttemptAt.toISOString()}` : '',
    d.deliveredAt ? `delivered ${d.deliveredAt.toISOString()}` : '',
    d.lastError ? terminalSafe(d.lastError) : '',
  ];
  return parts.filter((p) => p !== '').join('  ');
}
