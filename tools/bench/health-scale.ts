/**
 * `npm run bench -- health --scale[=10000,100000,1000000]`: attio-token-health with many stored
 * connections, on SQLite and PostgreSQL (BENCH_SKIP_SQLITE=1 / no PostgreSQL skip a driver).
 *
 * Per size, each store is seeded in one transaction (SQLite: one prepared INSERT; PostgreSQL:
 * multi-row `INSERT … SELECT FROM unnest(…)` of 10,000 rows each) with real rows: every token is
 * encrypted on its own (AES-256-GCM, fresh IV, AAD bound to its workspace and key id, exactly the format
 * of the store's token cipher; a ciphertext cannot be reused across rows because the AAD names the
 * workspace), and the store reads the first and the last seeded token back before anything is measured.
 * Seeded rows carry no `connection.created` outbox events (they are not installs). Only BENCH_SCALE_CHECKS
 * rows (10,000) are due and hold a sandbox token; the others were checked within the last hour
 * and are due again a day after that check (next_check_at_ms), 2% of them revoked, 1% soft-deleted, 10% with an owner tag:
 * a checker round at 1,000,000 stored checks a fixed 10,000 of them, not all of them. The database then
 * writes a health history and an outbox of the same scale from those rows (`seedHistory`), so the
 * console's and the retention passes' plans read real tables.
 *
 * Every size of a driver is seeded before anything is measured, and the CPU measurements alternate
 * between sizes (the worker counts run 1, 2, 4, 4, 2, 1): the shared machine's load drifts over the
 * minutes a run takes, and it must land on every size and worker count alike.
 *
 * Printed per size and driver:
 * - checker CPU per check: whole-process CPU of a `--once` worker process (the compiled app) that checks
 *   the due rows at BENCH_SCALE_LATENCY_MS (20 ms), minus the CPU of a round that finds nothing due at the
 *   same size (start-up, store open, count), divided by the checks; and its peak RSS;
 * - lease + record per check, in this process (store.lease batches of 64, store.record groups of 16 as the
 *   round's group commit writes them, no HTTP): process.cpuUsage and, on PostgreSQL, the CPU of the store's
 *   backend (/proc/<pid>/stat of the pids pg_stat_activity lists for the bench database);
 * - with 100 ms latency as the bound: checks/s of 1, 2 and 4 worker processes leasing from one store
 *   (BENCH_SCALE_WORKER_CHECKS due rows, 4,800; checks/s over the time all workers were checking at once)
 *   and the double checks the sandbox's per-token counters saw. For the same window: how busy the
 *   workers' lanes were (check time / lanes × window: below 100% they waited for a lease or a write),
 *   the mean check, and the cores each process group used with the whole machine's busy share
 *   (/proc, `cpu-sampler.ts`): when the machine is 100% busy, a check waits for a core and the
 *   ratio measures the scheduler, not the lease.
 *   SQLite runs one worker: a second instance on one SQLite file refuses to start (run lock, by design).
 * - the query plans (EXPLAIN ANALYZE / EXPLAIN QUERY PLAN) of the statements the store really ran for a
 *   lease, a record, the admin list filters, the console's text search, CSV export, overview and
 *   connection page, the recheck poll, and the purge and retention passes, at the largest size.
 * BENCH_SCALE_REPEAT (2) repeats the CPU and lease + record figures.
 */
import { defaultSleep } from '@attio-auth/attio-core';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
  type ConnectionStore,
  type KeyRing,
} from '@attio-auth/connection-store';
import Database from 'better-sqlite3';
import { fork, type ChildProcess } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  ask,
  buildWorkers,
  root,
  runProcess,
  workerArgs,
  type Tokens,
  type WorkerResult,
} from './health-processes.js';
import { startCpuSampler, type CpuWindow } from './cpu-sampler.js';

const DUE = Number(process.env['BENCH_SCALE_CHECKS'] ?? 10_000);
const WORKER_CHECKS = Number(process.env['BENCH_SCALE_WORKER_CHECKS'] ?? 4_800);
const LATENCY_MS = Number(process.env['BENCH_SCALE_LATENCY_MS'] ?? 20);
const REPEAT = Number(process.env['BENCH_SCALE_REPEAT'] ?? 2);
const CONCURRENCY = 16;
const LEASE_RECORD_CHECKS = 5_000;
const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOUR_MS = 3_600_000;
/**
 * The workers' HEALTH_MIN_CHECK_INTERVAL_SECONDS: a row they check is not due again during the run.
 * The seeded rows carry their own due time (next_check_at_ms): only the due rows are due.
 */
const DUE_INTERVAL_MS = 90 * 60_000;

type Driver = 'sqlite' | 'postgres';

/** One store under test: its URL and direct access for seeding, resetting and plans. */
interface Target {
  driver: Driver;
  url: string;
  /** Runs one statement directly (not through the store); `$n` parameters on both drivers. */
  exec(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Backend pids serving the bench database (PostgreSQL), for their CPU. */
  backendPids(): Promise<number[]>;
  close(): Promise<void>;
}

/** The store's token cipher format (libs/connection-store/src/crypto/token-cipher.ts), per row. */
function seal(ring: KeyRing, workspaceId: string, token: string) {
  const kid = ring.activeKeyId;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.keyFor(kid) as Buffer, iv, {
    authTagLength: 16,
  });
  cipher.setAAD(
    Buffer.from(`attio-auth/connection-store/v1\u0000${workspaceId}\u0000${kid}`, 'utf8'),
  );
  const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return { kid, iv, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

const COLUMNS = [
  'workspace_id',
  'workspace_name',
  'workspace_slug',
  'token_level',
  'scopes',
  'installed_by',
  'installed_at_ms',
  'updated_at_ms',
  'token_kid',
  'token_iv',
  'token_ciphertext',
  'health_status',
  'health_status_since_ms',
  'last_checked_at_ms',
  'alerted_status',
  'owner_display_name',
  'owner_tags',
  'deleted_at_ms',
  'next_check_at_ms',
] as const;
const PG_TYPES =
  'text text text text text text bigint bigint text bytea bytea text bigint bigint text text text bigint bigint'.split(
    ' ',
  );

/** Row `i` of a store of `size`: the first DUE rows are due and hold sandbox tokens. */
function row(ring: KeyRing, tokens: Tokens, i: number, seededAt: number): unknown[] {
  const due = i < DUE;
  const workspaceId = due ? (tokens[i] as Tokens[number]).workspaceId : `ws_scale_${i}`;
  const token = due ? (tokens[i] as Tokens[number]).token : `scale-unchecked-token-${i}`;
  const sealed = seal(ring, workspaceId, token);
  const revoked = !due && i % 50 === 0;
  const team = i % 10 === 0 ? `t${i % 20}` : undefined;
  const installedAt = seededAt - 30 * 24 * HOUR_MS + i;
  return [
    workspaceId,
    `Workspace ${i}`,
    `workspace-${i}`,
    'workspace',
    '[]', // the sandbox tokens carry no scopes: a round checks against the install's scopes
    `user_${i % 1000}`,
    installedAt,
    installedAt,
    sealed.kid,
    sealed.iv,
    sealed.ciphertext,
    revoked ? 'revoked' : 'healthy',
    installedAt,
    // Due rows: checked two hours ago, oldest first. Others: within the last 50 minutes.
    due ? seededAt - 2 * HOUR_MS - (DUE - i) : seededAt - (i % 3_000) * 1_000,
    revoked ? 'revoked' : null,
    team ? `Team ${team}` : null,
    team ? JSON.stringify({ team }) : '{}',
    !due && i % 100 === 1 ? seededAt - (i % 90) * 24 * HOUR_MS : null,
    // Next due (next_check_at_ms): the due rows an hour ago; the others a day after their check, as
    // long-healthy connections at a one-day max interval, so none falls due during the run.
    due ? seededAt - HOUR_MS - (DUE - i) : seededAt + 24 * HOUR_MS - (i % 3_000) * 1_000,
  ];
}

async function seed(target: Target, ring: KeyRing, tokens: Tokens, size: number, seededAt: number) {
  const started = Date.now();
  if (target.driver === 'sqlite') {
    const db = new Database(target.url.slice('sqlite:'.length));
    try {
      const insert = db.prepare(
        `INSERT INTO connections (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
      );
      const tag = db.prepare(
        'INSERT INTO connection_tags (workspace_id, key, value) VALUES (?, ?, ?)',
      );
      db.transaction(() => {
        for (let i = 0; i < size; i += 1) {
          const r = row(ring, tokens, i, seededAt);
          insert.run(...r);
          if (i % 10 === 0) tag.run(r[0], 'team', `t${i % 20}`);
        }
      })();
    } finally {
      db.close();
    }
  } else {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      for (let start = 0; start < size; start += 10_000) {
        const rows = Array.from({ length: Math.min(10_000, size - start) }, (_, k) =>
          row(ring, tokens, start + k, seededAt),
        );
        await client.query(
          `INSERT INTO connections (${COLUMNS.join(', ')})
           SELECT * FROM unnest(${PG_TYPES.map((t, c) => `CAST($${c + 1} AS ${t}[])`).join(', ')})`,
          COLUMNS.map((_, c) => rows.map((r) => r[c])),
        );
        const tagged = rows.filter((_, k) => (start + k) % 10 === 0);
        await client.query(
          `INSERT INTO connection_tags (workspace_id, key, value)
           SELECT w, 'team', v FROM unnest(CAST($1 AS text[]), CAST($2 AS text[])) AS t(w, v)`,
          [
            tagged.map((r) => r[0]),
            tagged.map((r) => (JSON.parse(r[16] as string) as { team: string }).team),
          ],
        );
      }
      await client.query('COMMIT');
      // What autovacuum would do shortly after a bulk load: planner statistics for the new rows.
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
  }
  return (Date.now() - started) / 1000;
}

const DAY_MS = 24 * HOUR_MS;

/**
 * What the console and the retention passes read besides `connections`, at the same scale, written by
 * the database itself from the seeded rows (`i` is `installed_at_ms - (seededAt - 30 days)`):
 * - health history: each install (NULL → unknown), a failure on every 10th connection within the last
 *   90 days, the revocation of every revoked one;
 * - the outbox: each install's `connection.created` and each revocation's `health.broken`, fanned out
 *   to one webhook and delivered, 1 in 1,000 dead; no `attio.unreachable` (the overview's worst case:
 *   the newest one is looked for among all events).
 */
async function seedHistory(target: Target, seededAt: number) {
  const started = Date.now();
  const base = seededAt - 30 * DAY_MS;
  const statements: [string, unknown[]][] = [
    [
      `INSERT INTO health_history (workspace_id, from_status, to_status, at_ms)
       SELECT workspace_id, NULL, 'unknown', installed_at_ms FROM connections`,
      [],
    ],
    [
      `INSERT INTO health_history (workspace_id, from_status, to_status, at_ms, reason_code)
       SELECT workspace_id, 'healthy', 'failed_to_check', $1 - ((installed_at_ms - $2) % 90) * $3, 'ATTIO_UNAVAILABLE'
       FROM connections WHERE (installed_at_ms - $2) % 10 = 0`,
      [seededAt, base, DAY_MS],
    ],
    [
      `INSERT INTO health_history (workspace_id, from_status, to_status, at_ms, reason_code)
       SELECT workspace_id, 'healthy', 'revoked', $1 - ((installed_at_ms - $2) % 90) * $3 + 1000, 'ATTIO_UNAUTHORIZED'
       FROM connections WHERE health_status = 'revoked'`,
      [seededAt, base, DAY_MS],
    ],
    [
      `INSERT INTO events (id, type, workspace_id, data, created_at_ms, fanned_out)
       SELECT 'evt_scale_c_' || workspace_id, 'connection.created', workspace_id, '{}', installed_at_ms, 1
       FROM connections ORDER BY installed_at_ms`,
      [],
    ],
    [
      `INSERT INTO events (id, type, workspace_id, data, created_at_ms, fanned_out)
       SELECT 'evt_scale_b_' || workspace_id, 'health.broken', workspace_id, '{}', $1, 1
       FROM connections WHERE health_status = 'revoked'`,
      [seededAt - HOUR_MS],
    ],
    [
      `INSERT INTO event_deliveries (event_seq, destination_id, workspace_id, state, attempts, delivered_at_ms)
       SELECT seq, 'webhook', workspace_id, CASE WHEN seq % 1000 = 0 THEN 'dead' ELSE 'delivered' END, 1, created_at_ms
       FROM events`,
      [],
    ],
  ];
  if (target.driver === 'postgres') {
    await target.exec('BEGIN');
    for (const [sql, params] of statements)
      await target.exec(sql.replace(/\$(\d)/g, 'CAST($$$1 AS BIGINT)'), params);
    await target.exec('COMMIT');
    await target.exec('ANALYZE');
  } else {
    const db = new Database(target.url.slice('sqlite:'.length));
    try {
      db.transaction(() => {
        for (const [sql, params] of statements)
          db.prepare(sql.replace(/\$(\d)/g, '@p$1')).run(
            Object.fromEntries(params.map((v, k) => [`p${k + 1}`, v])),
          );
      })();
    } finally {
      db.close();
    }
  }
  return (Date.now() - started) / 1000;
}

/** The store, with PostgreSQL timeouts generous enough for a machine shared by many jobs. */
function openStore(target: Target, keys: string, poolSize?: number): Promise<ConnectionStore> {
  return openConnectionStore({
    databaseUrl: target.url,
    keyRing: parseKeyRing(keys),
    connectTimeoutMs: 60_000,
    statementTimeoutMs: 120_000,
    ...(poolSize === undefined ? {} : { poolSize }),
  });
}

/** Opens a store on the target and proves it decrypts what was seeded (first and last row). */
async function verifySeed(target: Target, keys: string, tokens: Tokens, size: number) {
  const store = await openStore(target, keys);
  try {
    const first = tokens[0] as Tokens[number];
    const lastId =
      size - 1 < DUE ? (tokens[size - 1] as Tokens[number]).workspaceId : `ws_scale_${size - 1}`;
    const lastToken =
      size - 1 < DUE
        ? (tokens[size - 1] as Tokens[number]).token
        : `scale-unchecked-token-${size - 1}`;
    if (
      (await store.getToken(first.workspaceId)) !== first.token ||
      (await store.getToken(lastId)) !== lastToken
    )
      throw new Error('the store did not read back a seeded token');
    return await store.countConnections({ deleted: 'include' });
  } finally {
    await store.close();
  }
}

/** Makes the first `count` due rows due again (checked two hours ago), leases cleared. */
async function makeDue(target: Target, tokens: Tokens, count: number, seededAt: number) {
  const ids = tokens.slice(0, count).map((t) => t.workspaceId);
  if (target.driver === 'postgres') {
    await target.exec(
      `UPDATE connections SET last_checked_at_ms = $1, next_check_at_ms = $2, lease_owner = NULL,
         lease_expires_at_ms = NULL
       WHERE workspace_id = ANY(CAST($3 AS text[]))`,
      [seededAt - 2 * HOUR_MS, seededAt - HOUR_MS, ids],
    );
  } else {
    const db = new Database(target.url.slice('sqlite:'.length));
    try {
      db.pragma('busy_timeout = 10000');
      const st = db.prepare(
        'UPDATE connections SET last_checked_at_ms = ?, next_check_at_ms = ?, lease_owner = NULL, lease_expires_at_ms = NULL WHERE workspace_id = ?',
      );
      db.transaction(() =>
        ids.forEach((id) => st.run(seededAt - 2 * HOUR_MS, seededAt - HOUR_MS, id)),
      )();
    } finally {
      db.close();
    }
  }
}

/** utime + stime of these pids, in µs (USER_HZ = 100). */
function pidCpuUs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the backend ended meanwhile
    }
  }
  return ticks * 10_000;
}

/** Lease + record only, in this process: batches of 64, written in groups of 16 like the round's group commit. */
async function leaseAndRecord(target: Target, keys: string, checks: number) {
  const store = await openStore(target, keys, 1);
  try {
    await store.countConnections(); // the pool's backend exists before we read its CPU
    const pids = await target.backendPids();
    // Due means next_check_at_ms before the round's start (the checker's own bound).
    const dueBefore = new Date();
    const pg0 = pidCpuUs(pids);
    const cpu0 = process.cpuUsage();
    let done = 0;
    while (done < checks) {
      const batch = await store.lease({
        owner: 'scale-bench',
        limit: 64,
        leaseMs: 300_000,
        dueBefore,
      });
      if (batch.length === 0) break;
      for (let g = 0; g < batch.length; g += 16) {
        await store.record(
          batch.slice(g, g + 16).map((l) => ({
            workspaceId: l.connection.workspaceId,
            result: { status: 'healthy' as const, checkedAt: new Date() },
            expectTokenVersion: l.tokenVersion,
          })),
        );
      }
      done += batch.length;
    }
    const cpu = process.cpuUsage(cpu0);
    const pgUs = pidCpuUs(pids) - pg0;
    return {
      done,
      checkerUs: (cpu.user + cpu.system) / done,
      pgUs: target.driver === 'postgres' ? pgUs / done : undefined,
    };
  } finally {
    await store.close();
  }
}

function workerEnv(target: Target, keys: string) {
  return {
    DATABASE_URL: target.url,
    TOKEN_ENCRYPTION_KEYS: keys,
    HEALTH_RATE_LIMIT_PER_SECOND: '100000', // measure the latency bound, not the rate cap
    HEALTH_MIN_CHECK_INTERVAL_SECONDS: String(DUE_INTERVAL_MS / 1000),
    DATABASE_CONNECT_TIMEOUT_MS: '60000',
    DATABASE_STATEMENT_TIMEOUT_MS: '120000',
    LOG_LEVEL: 'warn',
  };
}

/** Runs `workers` checker processes at once; checks/s over the checks themselves, double checks from the sandbox. */
async function runWorkers(
  child: ChildProcess,
  mode: 'dist' | 'source',
  api: string,
  target: Target,
  keys: string,
  workers: number,
) {
  await ask(child, { op: 'reset' });
  const workerPids: number[] = [];
  let backends: number[] = [];
  const refresh = setInterval(() => {
    target.backendPids().then(
      (pids) => (backends = pids),
      () => undefined,
    );
  }, 250);
  const sampler = startCpuSampler(() => ({
    workers: workerPids,
    sandbox: child.pid === undefined ? [] : [child.pid],
    postgres: backends,
    bench: [process.pid],
  }));
  let results: WorkerResult[];
  try {
    results = await Promise.all(
      Array.from({ length: workers }, () =>
        runProcess(workerArgs(mode, api, CONCURRENCY), workerEnv(target, keys), undefined, (pid) =>
          workerPids.push(pid),
        ),
      ),
    );
  } finally {
    clearInterval(refresh);
  }
  const sampled = sampler.stop();
  const { totals } = await ask(child, { op: 'counters' });
  const checks = results.flatMap((r) => r.checks);
  // Throughput while every worker was checking: from the last worker's first check start to the first
  // worker's last check end. Worker processes start seconds apart on a loaded machine; counting that
  // stagger would measure start-up, not how the lease shares work.
  const active = results.filter((r) => r.checks.length > 0);
  const from = Math.max(...active.map((r) => Math.min(...r.checks.map((c) => c.start))));
  const to = Math.min(...active.map((r) => Math.max(...r.checks.map((c) => c.end))));
  const inWindow = checks.filter((c) => c.end > from && c.end <= to).length;
  // Where the window's time went: a lane is busy from a check's start to its end; the rest of its time
  // it waits for a lease, the group commit or the event loop. Checks that ended in the window, their
  // mean duration (100 ms latency + the sandbox's and the checker's own delays).
  const busyMs = checks.reduce(
    (a, c) => a + Math.max(0, Math.min(c.end, to) - Math.max(c.start, from)),
    0,
  );
  const ended = checks.filter((c) => c.end > from && c.end <= to);
  return {
    laneBusy: to > from ? busyMs / (CONCURRENCY * active.length * (to - from)) : NaN,
    meanCheckMs: ended.reduce((a, c) => a + (c.end - c.start), 0) / ended.length,
    cpu: to > from ? sampled.between(from, to) : undefined,
    results,
    checks: checks.length,
    notHealthy: checks.filter((c) => c.status !== 'healthy').length,
    rate: to > from ? (inWindow * 1000) / (to - from) : NaN,
    overlapS: (to - from) / 1000,
    doubles: totals.filter((t) => t > 1).length,
    cpuMs: results.reduce((a, r) => a + r.cpuMs, 0),
    peakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
    codes: results.map((r) => r.code).join(','),
  };
}

/** One statement the store ran: its text and parameters. */
interface Captured {
  text: string;
  values: unknown[];
}

/**
 * Records every statement the store sends while `run` runs: pg's Client.prototype.query (PostgreSQL)
 * or better-sqlite3 statement calls (SQLite), so the plans are of the store's real SQL.
 */
async function capture(driver: Driver, run: () => Promise<unknown>): Promise<Captured[]> {
  const seen: Captured[] = [];
  if (driver === 'postgres') {
    const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, config: unknown, values?: unknown, ...rest: unknown[]) {
      const text = typeof config === 'string' ? config : (config as { text?: string })?.text;
      const vals = Array.isArray(values) ? values : (config as { values?: unknown[] })?.values;
      if (text) seen.push({ text, values: vals ?? [] });
      return original.call(this, config, values, ...rest);
    };
    try {
      await run();
    } finally {
      proto.query = original;
    }
  } else {
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<
      string,
      (...a: unknown[]) => unknown
    >;
    probe.close();
    const originals = Object.fromEntries(['all', 'run', 'get'].map((m) => [m, proto[m]]));
    for (const m of ['all', 'run', 'get'])
      proto[m] = function (this: { source: string }, ...args: unknown[]) {
        seen.push({ text: this.source, values: args });
        return (originals[m] as (...a: unknown[]) => unknown).apply(this, args);
      };
    try {
      await run();
    } finally {
      Object.assign(proto, originals);
    }
  }
  return seen.filter(
    (c) => !/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|SET|SELECT 1\b)/i.test(c.text),
  );
}

/** Prints the plan of each captured statement (inside a rolled-back transaction on PostgreSQL). */
async function printPlans(target: Target, label: string, statements: Captured[]) {
  for (const s of statements) {
    console.log(`\n--- ${target.driver}: ${label}\n${s.text.replace(/\s+/g, ' ').slice(0, 400)}`);
    if (target.driver === 'postgres') {
      await target.exec('BEGIN');
      try {
        const rows = await target.exec(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${s.text}`, s.values);
        for (const r of rows) console.log(`  ${String(r['QUERY PLAN'])}`);
      } finally {
        await target.exec('ROLLBACK');
      }
    } else {
      const db = new Database(target.url.slice('sqlite:'.length), { readonly: true });
      try {
        const rows = db.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...(s.values as unknown[])) as {
          detail: string;
        }[];
        for (const r of rows) console.log(`  ${r.detail}`);
      } finally {
        db.close();
      }
    }
  }
}

/** The store operations whose plans matter at scale: lease, record, admin list filters, purges. */
async function plans(target: Target, keys: string) {
  const store = await openStore(target, keys, 1);
  try {
    await store.countConnections();
    const dueBefore = new Date();
    let leased: Awaited<ReturnType<ConnectionStore['lease']>> = [];
    const ops: [string, () => Promise<unknown>][] = [
      [
        'lease (64)',
        async () =>
          (leased = await store.lease({ owner: 'plans', limit: 64, leaseMs: 60_000, dueBefore })),
      ],
      [
        'record (16)',
        () =>
          store.record(
            leased.slice(0, 16).map((l) => ({
              workspaceId: l.connection.workspaceId,
              result: { status: 'healthy' as const, checkedAt: new Date() },
              expectTokenVersion: l.tokenVersion,
            })),
          ),
      ],
      ['admin list, first page', () => store.listConnections({ limit: 50 })],
      ['admin list, status=revoked', () => store.listConnections({ limit: 50, status: 'revoked' })],
      [
        'admin list, status=under_scoped (none stored)',
        () => store.listConnections({ limit: 50, status: 'under_scoped' }),
      ],
      [
        'admin list, owner tag team=t10',
        () => store.listConnections({ limit: 50, tags: { team: 't10' } }),
      ],
      ['admin list, deleted=only', () => store.listConnections({ limit: 50, deleted: 'only' })],
      [
        'console text search q=workspace-4242 (rare)',
        () => store.listConnections({ limit: 50, text: 'workspace-4242' }),
      ],
      [
        'console text search q=team (common)',
        () => store.listConnections({ limit: 50, text: 'team' }),
      ],
      [
        'console CSV export, first batch of 500 (status=revoked)',
        async () => {
          const rows = store
            .iterateConnections({ status: 'revoked', batchSize: 500 })
            [Symbol.asyncIterator]();
          await rows.next();
          await rows.return?.();
        },
      ],
      ['overview: live count (also each round start)', () => store.countConnections()],
      ['overview: soft-deleted count', () => store.countConnections({ deleted: 'only' })],
      [
        'overview: counts by status now + 7-day trend (28 buckets)',
        () =>
          store.statusCountsOverTime({
            from: new Date(Date.now() - 7 * DAY_MS),
            to: new Date(),
            buckets: 28,
          }),
      ],
      ['overview: deliveries by state', () => store.countDeliveries()],
      [
        'overview: newest attio.unreachable (none stored)',
        () => store.listEvents({ type: 'attio.unreachable', limit: 1 }),
      ],
      ['overview: recent events', () => store.listEvents({ limit: 10 })],
      ['overview: last round', () => store.lastRounds(1)],
      [
        'connection page: events, history, deliveries (ws_scale_500000)',
        async () => {
          const events = await store.listEvents({ workspaceId: 'ws_scale_500000', limit: 50 });
          await store.healthHistory('ws_scale_500000', { limit: 50 });
          if (events[0]) await store.listDeliveries(events[0].id);
        },
      ],
      [
        'events page: dead deliveries',
        () => store.listEvents({ deliveryState: 'dead', limit: 50 }),
      ],
      [
        'recheck poll: lease flagged (none flagged)',
        () => store.leaseFlagged({ owner: 'plans', limit: 64, leaseMs: 60_000 }),
      ],
      [
        'round start: skip seen healthy (none seen)',
        () =>
          store.skipSeenHealthy({
            dueBefore,
            seenSince: new Date(Date.now() - HOUR_MS),
            limit: 64,
          }),
      ],
      [
        'admin list, page after ws_scale_500000',
        () => store.listConnections({ limit: 50, afterWorkspaceId: 'ws_scale_500000' }),
      ],
      [
        'purge deleted (older than 80 days)',
        () => store.purgeDeleted({ deletedBefore: new Date(Date.now() - 80 * 24 * HOUR_MS) }),
      ],
      [
        'purge events (older than 30 days)',
        () => store.purgeEvents({ before: new Date(Date.now() - 30 * 24 * HOUR_MS) }),
      ],
      ['purge expired install states', () => store.purgeExpiredStates()],
      ['purge expired install sessions', () => store.purgeExpiredInstallSessions()],
      [
        'purge health history (older than 80 days)',
        () => store.purgeHealthHistory({ before: new Date(Date.now() - 80 * DAY_MS) }),
      ],
      [
        'health rounds: record one, trim to the kept ones',
        () =>
          store.recordRound({
            owner: 'plans',
            kind: 'round',
            startedAt: new Date(Date.now() - 1000),
            finishedAt: new Date(),
            checked: 0,
            counts: {},
            seenHealthy: 0,
            interrupted: false,
            exitCode: 0,
          }),
      ],
    ];
    for (const [label, op] of ops)
      await printPlans(target, label, await capture(target.driver, op));
  } finally {
    await store.close();
  }
}

async function openTarget(
  driver: Driver,
  dir: string,
  size: number,
  admin?: pg.Client,
): Promise<Target> {
  if (driver === 'sqlite') {
    const url = `sqlite:${join(dir, `scale-${size}.sqlite`)}`;
    return {
      driver,
      url,
      exec: async () => [],
      backendPids: async () => [],
      close: async () => rm(url.slice('sqlite:'.length), { force: true }),
    };
  }
  const name = `th_scale_${size}_${randomBytes(3).toString('hex')}`;
  await admin?.query(`CREATE DATABASE ${name}`);
  const url = `${PG_URL.replace(/\/[^/]*$/, '')}/${name}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    driver,
    url,
    exec: async (sql, params) => (await client.query(sql, params)).rows,
    backendPids: async () =>
      (
        await client.query(
          'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        )
      ).rows.map((r: { pid: number }) => r.pid),
    close: async () => {
      await client.end();
      await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    },
  };
}

/** Cores used per process group and how busy the whole machine was, over the all-active window. */
function cpuLine(cpu: CpuWindow | undefined): string {
  if (!cpu) return 'no window';
  const groups = Object.entries(cpu.cores)
    .map(([g, c]) => `${g} ${c.toFixed(2)}`)
    .join(', ');
  return `cores used: ${groups}; machine ${(cpu.machineBusy * 100).toFixed(0)}% busy of ${cpu.machineCores} cores`;
}

interface SizeFigures {
  netCpuUs: number[];
  /** CPU of a `--once` round that finds nothing due (start-up, store open, the round's counts). */
  emptyRoundMs: number[];
  leaseRecordUs: number[];
  leaseRecordPgUs: (number | undefined)[];
  peakRssMb: number;
  /** checks/s per worker count, one per measurement. */
  rates: Record<number, number[]>;
  doubles: number;
}

/** Entry point of `--scale[=sizes]`. */
export async function scaleMain(flag: string): Promise<void> {
  const sizes = flag.includes('=')
    ? flag
        .slice(flag.indexOf('=') + 1)
        .split(',')
        .map(Number)
    : [10_000, 100_000, 1_000_000];
  if (sizes.some((s) => !Number.isInteger(s) || s < DUE))
    throw new Error(`--scale sizes must be integers >= BENCH_SCALE_CHECKS (${DUE})`);
  const mode = buildWorkers();
  const keys = generateKeyRingEntry('bench');
  const ring = parseKeyRing(keys);
  const child = fork(join(root, 'tools/bench/health.bench.ts'), ['--sandbox-child'], {
    execArgv: process.execArgv,
    env: { ...process.env, BENCH_CONNECTIONS: String(DUE) },
  });
  const { api, tokens } = await new Promise<{ api: string; tokens: Tokens }>((done) =>
    child.once('message', (m) => done(m as never)),
  );
  const admin = new pg.Client({ connectionString: PG_URL });
  const drivers: Driver[] = process.env['BENCH_SKIP_SQLITE'] === '1' ? [] : ['sqlite'];
  try {
    await admin.connect();
    drivers.push('postgres');
  } catch (error) {
    console.log(`PostgreSQL not reachable at ${PG_URL} (${(error as Error).message}): skipped`);
  }
  console.log(
    `scale mode: sizes ${sizes.join(', ')}; ${DUE} due of each (sandbox tokens), ${LATENCY_MS} ms latency for CPU, ` +
      `100 ms for worker scaling (${WORKER_CHECKS} due, concurrency ${CONCURRENCY}: bound ${CONCURRENCY * 10}/s per worker); workers from ${mode}`,
  );
  const dir = await mkdtemp(join(tmpdir(), 'th-scale-'));
  const figures: Record<string, SizeFigures> = {};
  try {
    for (const driver of drivers) {
      // Every size is seeded first and the measurements then alternate between sizes (and worker
      // counts), so a change in the shared machine's load over the minutes a run takes lands on every
      // size alike instead of on whichever was measured last.
      const stores: { size: number; label: string; target: Target; seededAt: number }[] = [];
      try {
        for (const size of sizes) {
          const label = `${driver} ${size.toLocaleString('en')}`;
          const target = await openTarget(driver, dir, size, admin);
          stores.push({ size, label, target, seededAt: 0 });
          const schema = await openStore(target, keys);
          await schema.close();
          const seededAt = Date.now();
          (stores.at(-1) as (typeof stores)[number]).seededAt = seededAt;
          const seconds = await seed(target, ring, tokens, size, seededAt);
          const stored = await verifySeed(target, keys, tokens, size);
          const historySeconds = await seedHistory(target, seededAt);
          console.log(
            `\n${label}: seeded ${stored} rows in ${seconds.toFixed(1)}s (store read back first and last token), ` +
              `their health history and outbox in ${historySeconds.toFixed(1)}s`,
          );
          figures[label] = {
            netCpuUs: [],
            emptyRoundMs: [],
            leaseRecordUs: [],
            leaseRecordPgUs: [],
            peakRssMb: 0,
            rates: {},
            doubles: 0,
          };
        }
        for (let rep = 0; rep < REPEAT; rep += 1) {
          for (const { label, target, seededAt } of stores) {
            const f = figures[label] as SizeFigures;
            await makeDue(target, tokens, DUE, seededAt);
            const lr = await leaseAndRecord(target, keys, LEASE_RECORD_CHECKS);
            f.leaseRecordUs.push(lr.checkerUs);
            f.leaseRecordPgUs.push(lr.pgUs);
            console.log(
              `${label} lease+record: ${lr.done} checks, checker ${lr.checkerUs.toFixed(0)} µs/check` +
                (lr.pgUs === undefined
                  ? ''
                  : `, PostgreSQL backend ${lr.pgUs.toFixed(0)} µs/check`),
            );
            await makeDue(target, tokens, DUE, seededAt);
            await ask(child, { op: 'faults', latencyMs: LATENCY_MS });
            const full = await runWorkers(child, mode, api, target, keys, 1);
            const empty = await runWorkers(child, mode, api, target, keys, 1);
            const net = ((full.cpuMs - empty.cpuMs) * 1000) / full.checks;
            f.netCpuUs.push(net);
            f.emptyRoundMs.push(empty.cpuMs);
            f.peakRssMb = Math.max(f.peakRssMb, full.peakRssMb, empty.peakRssMb);
            console.log(
              `${label} checker: ${full.checks} checks (${full.notHealthy} not healthy, exit ${full.codes}), ` +
                `process CPU ${full.cpuMs.toFixed(0)} ms - empty round ${empty.cpuMs.toFixed(0)} ms (${empty.checks} checks) = ` +
                `${net.toFixed(0)} µs/check, peak RSS ${full.peakRssMb.toFixed(0)} MB, ${full.rate.toFixed(0)}/s at ${LATENCY_MS} ms, double-checked ${full.doubles}`,
            );
          }
        }
        await ask(child, { op: 'faults', latencyMs: 100 });
        // 1, 2, 4, then 4, 2, 1: a load that drifts in one direction during the run cancels out of the means.
        const counts = driver === 'postgres' ? [1, 2, 4, 4, 2, 1] : [1];
        for (const { label, target, seededAt } of stores) {
          const f = figures[label] as SizeFigures;
          for (const workers of counts) {
            await makeDue(target, tokens, WORKER_CHECKS, seededAt);
            await defaultSleep(500);
            const r = await runWorkers(child, mode, api, target, keys, workers);
            (f.rates[workers] ??= []).push(r.rate);
            f.doubles += r.doubles;
            console.log(
              `${label} @100 ms, ${workers} worker(s): ${r.checks} checks, ${r.rate.toFixed(0)}/s over ${r.overlapS.toFixed(1)}s all active ` +
                `(${(r.rate / (CONCURRENCY * 10 * workers)).toFixed(2)}x bound), double-checked ${r.doubles}, ` +
                `peak RSS ${r.results.map((x) => x.peakRssMb.toFixed(0)).join('+')} MB, exit ${r.codes}`,
            );
            console.log(
              `${label} @100 ms, ${workers} worker(s), while all active: lanes busy ${(r.laneBusy * 100).toFixed(0)}%, ` +
                `mean check ${r.meanCheckMs.toFixed(1)} ms; ${cpuLine(r.cpu)}`,
            );
          }
        }
        const largest = stores.find((x) => x.size === Math.max(...sizes));
        if (largest) await plans(largest.target, keys);
      } finally {
        for (const { target } of stores) await target.close();
      }
    }
    summary(figures, drivers, sizes);
  } finally {
    child.disconnect();
    await admin.end().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function summary(figures: Record<string, SizeFigures>, drivers: Driver[], sizes: number[]) {
  console.log(
    '\nscale summary (targets: CPU/check at the largest size <= 1.2x the smallest; peak RSS <= 200 MB; ' +
      'lease+record <= 150 µs checker and <= 150 µs PostgreSQL per check; 2 workers >= 1.8x, 4 >= 3.4x; 0 double checks)',
  );
  for (const driver of drivers) {
    const small = figures[`${driver} ${Math.min(...sizes).toLocaleString('en')}`];
    for (const size of sizes) {
      const f = figures[`${driver} ${size.toLocaleString('en')}`];
      if (!f || !small) continue;
      const pgUs = f.leaseRecordPgUs.filter((x): x is number => x !== undefined);
      console.log(
        `  ${driver.padEnd(8)} ${size.toLocaleString('en').padStart(9)}: checker CPU ${f.netCpuUs.map((x) => x.toFixed(0)).join(' / ')} µs/check ` +
          `(${(median(f.netCpuUs) / median(small.netCpuUs)).toFixed(2)}x the smallest size), peak RSS ${f.peakRssMb.toFixed(0)} MB, ` +
          `lease+record ${f.leaseRecordUs.map((x) => x.toFixed(0)).join(' / ')} µs checker` +
          (pgUs.length ? ` + ${pgUs.map((x) => x.toFixed(0)).join(' / ')} µs PostgreSQL` : '') +
          `, empty round ${f.emptyRoundMs.map((x) => x.toFixed(0)).join(' / ')} ms` +
          ` | @100 ms ${Object.entries(f.rates)
            .map(([w, r]) => `${w}w ${r.map((x) => x.toFixed(0)).join('+')}/s`)
            .join(', ')}` +
          (f.rates[2] && f.rates[1]
            ? ` | 2w/1w ${(mean(f.rates[2]) / mean(f.rates[1])).toFixed(2)}x`
            : '') +
          (f.rates[4] && f.rates[1]
            ? `, 4w/1w ${(mean(f.rates[4]) / mean(f.rates[1])).toFixed(2)}x`
            : '') +
          ` | double-checked ${f.doubles}`,
      );
    }
  }
}
