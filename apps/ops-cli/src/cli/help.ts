import type { CommandName } from './args.js';

/** The help texts: one overview, one page per command. Plain text, no colour. */
const OVERVIEW = `attio-auth: operate the stored Attio connections of attio-auth

Usage: attio-auth <command> [options]

Commands:
  connections list       list connections (filter by --status, --owner k=v, --deleted)
  connections show <ws>  one connection with its revocations and health timeline
  connections delete     revoke at Attio, then soft-delete (one, several, or --owner k=v --all)
  connections restore    bring a soft-deleted connection back within retention
  purge                  hard-delete connections soft-deleted longer than the retention
  install-link           mint a single-use install (or reconnect) link stamped with an owner
  revoke-token           revoke a leaked token read from stdin at Attio
  rotate-keys            re-encrypt every stored token with the newest key (resumable)
  keygen                 print a new TOKEN_ENCRYPTION_KEYS entry
  events list            signed lifecycle and health events (filter by --state, --type, --workspace)
  events show <id>       one event with its delivery log (attempts, status, last error)
  events replay <id>     re-queue an event's dead (or delivered) deliveries (--destination id)

Every command takes --json (one JSON document on stdout), --no-color and --help.
Configuration: DATABASE_URL, TOKEN_ENCRYPTION_KEYS, DATA_DIR, PUBLIC_BASE_URL, ATTIO_REVOKE_URL,
REVOKE_RATE_PER_MINUTE, DELETED_RETENTION_DAYS (flags > environment > ./.env).
Exit codes: 0 ok, 1 failed, 2 partly failed, 3 Attio or the database unreachable, 64 usage,
70 internal error, 78 configuration.
`;

const PAGES: Record<CommandName, string> = {
  'events list': `Usage: attio-auth events list [--state S] [--type T] [--workspace ws] [--limit N] [--json]

Lists events of the outbox, newest first (default 50, at most 500), never a token or a secret.
  --state S       only events with a delivery in this state: pending, delivered, dead, disabled
  --type T        only this event type (connection.created, health.broken, attio.unreachable, …)
  --workspace ws  only this workspace's events
`,
  'events show': `Usage: attio-auth events show <event-id> [--json]

Shows one event (its body as destinations get it) and its delivery log: per destination the state,
attempts, last HTTP status, last error and when it is tried next.
`,
  'events replay': `Usage: attio-auth events replay <event-id> [--destination id]

Puts the event's dead (or delivered) deliveries back to pending now; the delivery worker (the
callback service, or attio-token-health --schedule) sends them again with the same webhook-id.
  --destination id  only the delivery to this destination
`,
  'connections list': `Usage: attio-auth connections list [--status S] [--owner k=v …] [--deleted] [--json|--csv]

Lists connections by workspace id, a page at a time (--page-size, default 500), never tokens.
  --status S      only this health status (unknown, healthy, revoked, under_scoped, …)
  --owner k=v     only connections carrying this owner tag (repeat: every tag must match)
  --deleted       only soft-deleted connections
  --csv           CSV with a header line instead of the table
`,
  'connections show': `Usage: attio-auth connections show <workspace> [--json]

Shows one connection (deleted ones too), its revocations and its health timeline: the latest 20
status changes, newest first, with the reason code and missing scopes of each (the admin API
GET /admin/connections/<workspace>/history pages through all of them).
`,
  'connections delete': `Usage: attio-auth connections delete <workspace …> [--no-revoke] [--purge]
       attio-auth connections delete --owner k=v … --all [--no-revoke] [--purge]

Revokes each token at Attio, then soft-deletes the connection (restorable within
DELETED_RETENTION_DAYS). Revokes are paced at REVOKE_RATE_PER_MINUTE; a bulk delete says how long
it will take before it starts.
  --no-revoke     soft-delete without revoking (the token stays live at Attio)
  --purge         hard-delete now instead of keeping the row for the retention period
`,
  'connections restore': `Usage: attio-auth connections restore <workspace>

Brings a soft-deleted connection back (its token was revoked unless deleted with --no-revoke).
`,
  purge: `Usage: attio-auth purge [--older-than-days N]

Hard-deletes every connection soft-deleted more than N days ago (default DELETED_RETENTION_DAYS, 30).
`,
  'install-link': `Usage: attio-auth install-link --owner k=v … [--name "Display"] [--reconnect <workspace>]
                               [--expires-in 24h] [--return-to URL]

Creates a single-use install link in the store and prints <PUBLIC_BASE_URL>/install/s/<id>.
  --owner k=v       owner tag stamped on the connection (repeatable)
  --name            owner display name
  --reconnect ws    a reconnect link: the install must come back with this workspace
  --expires-in      30m … 7d (default 24h)
  --return-to URL   where the service sends the browser afterwards (its allow-list decides)
`,
  'revoke-token': `Usage: attio-auth revoke-token < token.txt

Reads one leaked access token from stdin (never from the command line) and revokes it at Attio
(ATTIO_REVOKE_URL), whether or not the store holds it. Prints the outcome, never the token.
`,
  'rotate-keys': `Usage: attio-auth rotate-keys [--batch-size N]

Re-encrypts every stored token (and queued revocations) with the first key of
TOKEN_ENCRYPTION_KEYS. Each row is re-encrypted in its own transaction, so it is safe to interrupt
(even kill -9) and run again: it continues with the rows still on an old key.
`,
  keygen: `Usage: attio-auth keygen [--kid K]

Prints a new key-ring entry kid:base64(32 random bytes). Put it first in TOKEN_ENCRYPTION_KEYS
(newest first), restart the services, run attio-auth rotate-keys, then drop the old key.
`,
};

/**
 * The help text for a command, or the overview.
 *
 * @example
 * helpText('keygen').startsWith('Usage: attio-auth keygen'); // true
 */
export function helpText(topic: CommandName | undefined): string {
  return topic === undefined ? OVERVIEW : PAGES[topic];
}
