import type { Migration } from './sql-driver.js';

/** Name of the table recording applied migrations (one row per version). */
export const MIGRATIONS_TABLE = 'connection_store_migrations';

/**
 * The schema, as versioned steps. Never edit a released step: append a new version instead.
 *
 * Timestamps are stored as BIGINT epoch milliseconds in both drivers so one set of statements serves
 * both and values round-trip exactly (JavaScript Dates have millisecond precision). Scopes are JSON
 * text for the same reason. The token is only ever stored as AES-256-GCM ciphertext + IV + key id.
 */
export const MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 1,
    name: 'connections and install states',
    statements: (d) => [
      `CREATE TABLE connections (
        workspace_id TEXT PRIMARY KEY,
        workspace_name TEXT,
        workspace_slug TEXT,
        token_level TEXT,
        scopes TEXT NOT NULL,
        installed_by TEXT,
        installed_at_ms BIGINT NOT NULL,
        updated_at_ms BIGINT NOT NULL,
        token_kid TEXT NOT NULL,
        token_iv ${d.bytesType} NOT NULL,
        token_ciphertext ${d.bytesType} NOT NULL,
        health_status TEXT NOT NULL DEFAULT 'unknown',
        health_status_since_ms BIGINT,
        last_checked_at_ms BIGINT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        last_error_code TEXT,
        missing_scopes TEXT NOT NULL DEFAULT '[]'
      )`,
      // rotateKeys() looks for rows not yet on the active key.
      'CREATE INDEX connections_token_kid_idx ON connections (token_kid)',
      `CREATE TABLE install_states (
        state_hash TEXT PRIMARY KEY,
        binding_hash TEXT NOT NULL,
        expires_at_ms BIGINT NOT NULL,
        created_at_ms BIGINT NOT NULL
      )`,
      'CREATE INDEX install_states_expires_idx ON install_states (expires_at_ms)',
    ],
  },
  {
    version: 2,
    name: 'health checker leases and run locks',
    statements: () => [
      'ALTER TABLE connections ADD COLUMN lease_owner TEXT',
      'ALTER TABLE connections ADD COLUMN lease_expires_at_ms BIGINT',
      // leaseDue() picks never-checked and oldest-checked connections first.
      'CREATE INDEX connections_last_checked_idx ON connections (last_checked_at_ms)',
      `CREATE TABLE run_locks (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        expires_at_ms BIGINT NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'install states marked used instead of deleted',
    // consumeState() sets it once (NULL → the consume time), so a replayed state reads "used" rather
    // than "unknown" until purgeExpiredStates() removes it. Rows written before this step stay unused.
    statements: () => ['ALTER TABLE install_states ADD COLUMN used_at_ms BIGINT'],
  },
  {
    version: 4,
    name: 'owners, tags, soft delete, revocation queue and install sessions',
    // Rows written before this step read back with an empty owner ('{}' tags, no name) and not deleted.
    statements: (d) => [
      'ALTER TABLE connections ADD COLUMN owner_display_name TEXT',
      // The owner's tags as JSON, read with the row; connection_tags holds the same pairs for filtering.
      // saveConnection writes both in one transaction.
      "ALTER TABLE connections ADD COLUMN owner_tags TEXT NOT NULL DEFAULT '{}'",
      'ALTER TABLE connections ADD COLUMN deleted_at_ms BIGINT',
      'ALTER TABLE connections ADD COLUMN delete_revoke_outcome TEXT',
      'ALTER TABLE connections ADD COLUMN delete_revoke_error TEXT',
      // purgeDeleted() finds rows deleted before a cutoff.
      'CREATE INDEX connections_deleted_at_idx ON connections (deleted_at_ms)',
      `CREATE TABLE connection_tags (
        workspace_id TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (workspace_id, key)
      )`,
      // listConnections({ tags }) looks pairs up by (key, value); workspace_id makes it covering.
      'CREATE INDEX connection_tags_key_value_idx ON connection_tags (key, value, workspace_id)',
      // Tokens waiting to be revoked at Attio. The sealed token (same AAD as on the connection row, so
      // it is copied verbatim) is set to NULL once the revoke succeeded.
      `CREATE TABLE revocations (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        token_kid TEXT,
        token_iv ${d.bytesType},
        token_ciphertext ${d.bytesType},
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at_ms BIGINT,
        lease_owner TEXT,
        lease_expires_at_ms BIGINT,
        created_at_ms BIGINT NOT NULL,
        completed_at_ms BIGINT
      )`,
      // leaseRevocations() walks pending entries by due time.
      'CREATE INDEX revocations_due_idx ON revocations (state, next_attempt_at_ms)',
      'CREATE INDEX revocations_workspace_idx ON revocations (workspace_id, created_at_ms)',
      `CREATE TABLE install_sessions (
        session_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        workspace_id TEXT,
        owner TEXT NOT NULL,
        return_to TEXT,
        expires_at_ms BIGINT NOT NULL,
        created_at_ms BIGINT NOT NULL,
        used_at_ms BIGINT
      )`,
      'CREATE INDEX install_sessions_expires_idx ON install_sessions (expires_at_ms)',
    ],
  },
  {
    version: 5,
    name: 'event outbox, delivery log and alerted health status',
    // Events are written in the transaction of the change that causes them; `seq` orders them (per
    // workspace it follows commit order, because every writer of a workspace's events holds that
    // connection row's lock).
    statements: (d) => [
      `CREATE TABLE events (
        seq ${d.serialPrimaryKey},
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        workspace_id TEXT,
        data TEXT NOT NULL,
        created_at_ms BIGINT NOT NULL,
        fanned_out INTEGER NOT NULL DEFAULT 0
      )`,
      // fanOutEvents() walks the events not yet fanned out, oldest first; the partial index stays small.
      'CREATE INDEX events_unfanned_idx ON events (seq) WHERE fanned_out = 0',
      // listEvents({ workspaceId }) newest first.
      'CREATE INDEX events_workspace_idx ON events (workspace_id, seq)',
      // purgeEvents() finds events older than a cutoff.
      'CREATE INDEX events_created_idx ON events (created_at_ms)',
      // One row per (event, destination). workspace_id is copied from the event ('' for a
      // workspace-less event) so the order check needs no join: a delivery is leased only when no
      // earlier pending one of the same destination and workspace exists.
      `CREATE TABLE event_deliveries (
        event_seq BIGINT NOT NULL,
        destination_id TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        first_attempt_at_ms BIGINT,
        last_attempt_at_ms BIGINT,
        next_attempt_at_ms BIGINT,
        last_status INTEGER,
        last_error TEXT,
        delivered_at_ms BIGINT,
        lease_owner TEXT,
        lease_expires_at_ms BIGINT,
        PRIMARY KEY (event_seq, destination_id)
      )`,
      // leaseDeliveries() walks pending deliveries by due time, then seq (its ORDER BY), stopping at its limit.
      "CREATE INDEX event_deliveries_due_idx ON event_deliveries (next_attempt_at_ms, event_seq) WHERE state = 'pending'",
      // The per-(destination, workspace) order check, and disabling a destination's pending deliveries.
      'CREATE INDEX event_deliveries_order_idx ON event_deliveries (destination_id, workspace_id, state, event_seq)',
      // Destinations switched off by a 410 Gone, so every worker stops sending to them, across restarts.
      `CREATE TABLE event_destinations (
        destination_id TEXT PRIMARY KEY,
        disabled_at_ms BIGINT NOT NULL,
        disabled_status INTEGER
      )`,
      // The last status a health event was written for (NULL: none yet), so a blip does not re-alert.
      'ALTER TABLE connections ADD COLUMN alerted_status TEXT',
      // Definite problems found before this step were alerted by the previous release: the upgrade
      // must not tell them again as new (one health.broken per known-broken connection).
      `UPDATE connections SET alerted_status = health_status
       WHERE health_status IN ('revoked', 'under_scoped', 'workspace_mismatch')`,
    ],
  },
  {
    // Listed before 9 by number, but a database already at 9 gets it too: applyMigrations runs every
    // version not recorded yet, whatever the highest applied one is.
    version: 6,
    name: 'health history',
    statements: (d) => [
      // One row per health status change of a connection, written in the transaction of the change:
      // the first check, every later change of verdict, a re-install resetting it to unknown, and
      // the install itself (from_status NULL), so counts over time can be rebuilt by walking back.
      `CREATE TABLE health_history (
        id ${d.serialPrimaryKey},
        workspace_id TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        reason_code TEXT,
        missing_scopes TEXT NOT NULL DEFAULT '[]'
      )`,
      // healthHistory(workspaceId) newest first, by keyset (at_ms, id); the hard delete of a connection.
      'CREATE INDEX health_history_workspace_idx ON health_history (workspace_id, at_ms, id)',
      // statusCountsOverTime() reads the changes after a time; the retention purge those before one.
      'CREATE INDEX health_history_at_idx ON health_history (at_ms)',
    ],
  },
  {
    // Like 6, applied after 9 on a database that already has 9.
    version: 7,
    name: 'observations from live traffic',
    statements: () => [
      // Latest successful call a client reported (epoch ms): a round skips a healthy connection seen working
      // within HEALTH_SKIP_IF_SEEN_SECONDS.
      'ALTER TABLE connections ADD COLUMN last_seen_ok_at_ms BIGINT',
      // A failure a client reported (401, 403 auth_error, inactive) that no check has looked at yet, and its kind.
      'ALTER TABLE connections ADD COLUMN flagged_at_ms BIGINT',
      'ALTER TABLE connections ADD COLUMN flagged_kind TEXT',
      // The checker polls for flagged connections every few seconds: the partial index holds only those, so a
      // poll costs the same at a million connections as at ten.
      'CREATE INDEX connections_flagged_idx ON connections (flagged_at_ms) WHERE flagged_at_ms IS NOT NULL',
    ],
  },
  {
    // Like 6 and 7, applied after 9 on a database that already has 9.
    version: 8,
    name: 'health rounds',
    statements: (d) => [
      // One row per finished full round of the health checker (not the rechecks of flagged connections),
      // for the console's "last round". Kept to the last rounds only (recordRound trims in its transaction).
      `CREATE TABLE health_rounds (
        id ${d.serialPrimaryKey},
        owner TEXT NOT NULL,
        kind TEXT NOT NULL,
        started_at_ms BIGINT NOT NULL,
        finished_at_ms BIGINT NOT NULL,
        checked INTEGER NOT NULL,
        counts TEXT NOT NULL,
        seen_healthy INTEGER NOT NULL,
        interrupted INTEGER NOT NULL,
        exit_code INTEGER NOT NULL
      )`,
      // lastRounds() newest first; the trim of older rounds.
      'CREATE INDEX health_rounds_finished_idx ON health_rounds (finished_at_ms, id)',
    ],
  },
  {
    // Numbered 9 while 6, 7 and 8 were written alongside it (each applies on its own).
    version: 9,
    name: 'index-backed lease and admin list at a million connections',
    statements: () => [
      // Every lease and admin list says `deleted_at_ms IS NULL`. Without planner statistics (SQLite
      // never gathers them by itself) SQLite took the full index on deleted_at_ms for that "equality",
      // i.e. visited every live row and sorted them: O(rows) per lease. Only soft-deleted rows are ever
      // looked up by deletion time (purgeDeleted, deleted=only), so a partial index on them serves
      // those and leaves nothing for `IS NULL` to pick.
      'DROP INDEX connections_deleted_at_idx',
      'CREATE INDEX connections_deleted_idx ON connections (deleted_at_ms) WHERE deleted_at_ms IS NOT NULL',
      // listConnections({ status }) pages by workspace_id: a rare status no longer walks the whole
      // primary key to fill a page.
      'CREATE INDEX connections_status_idx ON connections (health_status, workspace_id)',
    ],
  },
  {
    version: 10,
    name: 'per-connection due time (bounded adaptive check interval)',
    statements: () => [
      // When the connection is next due for a check (epoch ms), written with each verdict from the checker's
      // interval policy; NULL = never checked (or re-installed since) = due first.
      'ALTER TABLE connections ADD COLUMN next_check_at_ms BIGINT',
      // The interval policy lives in the checker's config, not here: an upgraded row is due from its last
      // check on, as every row was before this version (the first round after the upgrade checks it).
      'UPDATE connections SET next_check_at_ms = last_checked_at_ms',
      // The lease and the seen-healthy skip walk the due rows in due order, stopping at their limit. With
      // workspace_id in the key, their ORDER BY (due time, workspace) is the index order, so rows due at the
      // same instant (a back-fill, the seen-healthy skip, which moves them all to the round's start) need no
      // sort. On the due time alone PostgreSQL sorted every tied due row for each batch of 64: 14 ms per
      // lease with 7,500 tied, and lease + record cost 275-366 µs of server CPU per check on the scale bench
      // at 10,000 rows (all due at one instant), 105-117 µs with this index, measured in the same minutes.
      'CREATE INDEX connections_next_check_idx ON connections (next_check_at_ms, workspace_id)',
      // They walked this one before; nothing else looks rows up by last check time.
      'DROP INDEX connections_last_checked_idx',
    ],
  },
  {
    version: 11,
    name: 'events by type',
    statements: () => [
      // listEvents({ type }) pages by seq: the console overview's "last attio.unreachable" and the events
      // page's type filter. Without it, PostgreSQL scanned every event for the newest of a type: 243 ms at
      // 1,020,000 events on the scale bench, 0.05 ms with this index (an Index Scan Backward).
      'CREATE INDEX events_type_idx ON events (type, seq)',
    ],
  },
]);

/** The DDL of the migrations table itself (identical in both dialects). */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at_ms BIGINT NOT NULL
)`;
