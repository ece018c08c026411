/** The incident event types (connection-store `EventType`). */
export type IncidentEventType = 'attio.unreachable' | 'attio.reachable';

/** An incident event as the store's outbox appends and lists it (a slice of `StoredEvent`). */
export interface IncidentEvent {
  readonly id: string;
  readonly seq: number;
  readonly createdAt: Date;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * The slice of the store's event outbox incidents need (`EventOutbox.appendEvents` and
 * `listEvents`): structural, so the round depends on what it calls, not on the whole outbox.
 */
export interface IncidentEvents {
  appendEvents(
    events: readonly {
      type: IncidentEventType;
      workspaceId: null;
      data: Record<string, unknown>;
    }[],
  ): Promise<IncidentEvent[]>;
  listEvents(options: { type: IncidentEventType; limit: number }): Promise<IncidentEvent[]>;
}

/** The open incident: the `attio.unreachable` event that opened it. */
export interface OpenIncident {
  readonly eventId: string;
  readonly openedAt: Date;
  readonly reason: string;
}

/**
 * Where incidents live between rounds. The store-backed log derives "open" from the newest incident
 * events, so it survives restarts and is shared by every instance on one database.
 */
export interface IncidentLog {
  /** The incident open now, if any. */
  current(): Promise<OpenIncident | undefined>;
  /**
   * Writes one `attio.unreachable` unless one is open already (another instance opened it); returns
   * the open incident and whether this call wrote it.
   */
  open(
    data: Record<string, unknown> & { reason: string },
  ): Promise<{ incident: OpenIncident; created: boolean }>;
  /** Writes one `attio.reachable` for the open incident (nothing when none is open). */
  close(data: Record<string, unknown>): Promise<void>;
}

/**
 * Incidents kept as events in the store: open while the newest `attio.unreachable` is newer (by
 * seq) than the newest `attio.reachable`. No table of its own, so the events are the only truth and
 * a crash between rounds loses nothing. `open` looks again right before it appends, so an instance
 * that reaches the threshold after another opened the incident joins it instead of opening a second
 * one (two instances crossing the threshold in the same few milliseconds can still both write; the
 * events carry the same reason, and one `attio.reachable` closes both).
 *
 * @example
 * const log = storeIncidentLog(store);
 * const { created } = await log.open({ reason: 'http_5xx', failures: 5 });
 */
export function storeIncidentLog(events: IncidentEvents): IncidentLog {
  const current = async (): Promise<OpenIncident | undefined> => {
    const [[unreachable], [reachable]] = await Promise.all([
      events.listEvents({ type: 'attio.unreachable', limit: 1 }),
      events.listEvents({ type: 'attio.reachable', limit: 1 }),
    ]);
    if (!unreachable || (reachable && reachable.seq > unreachable.seq)) return undefined;
    return incidentOf(unreachable);
  };
  return {
    current,
    async open(data) {
      const already = await current();
      if (already) return { incident: already, created: false };
      const [stored] = await events.appendEvents([
        { type: 'attio.unreachable', workspaceId: null, data },
      ]);
      return { incident: incidentOf(stored as IncidentEvent), created: true };
    },
    async close(data) {
      const open = await current();
      if (!open) return;
      await events.appendEvents([
        {
          type: 'attio.reachable',
          workspaceId: null,
          data: {
            reason: open.reason,
            incident_id: open.eventId,
            opened_at: open.openedAt.toISOString(),
            ...data,
          },
        },
      ]);
    },
  };
}

/**
 * Incidents of one process, for `--skip-store` runs (tokens-file entries only): a scheduler keeps
 * the incident across its rounds; nothing is written anywhere (the round logs the change).
 *
 * @example
 * const log = memoryIncidentLog(() => Date.now());
 */
export function memoryIncidentLog(now: () => number): IncidentLog {
  let open: OpenIncident | undefined;
  let count = 0;
  return {
    current: async () => open,
    async open(data) {
      if (open) return { incident: open, created: false };
      count += 1;
      open = { eventId: `incident_${count}`, openedAt: new Date(now()), reason: data.reason };
      return { incident: open, created: true };
    },
    async close() {
      open = undefined;
    },
  };
}

function incidentOf(event: IncidentEvent): OpenIncident {
  const reason = event.data['reason'];
  return {
    eventId: event.id,
    openedAt: event.createdAt,
    reason: typeof reason === 'string' ? reason : 'unknown',
  };
}
