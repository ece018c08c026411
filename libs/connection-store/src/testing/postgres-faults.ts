import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { loadDriver } from '../drivers/load-driver.js';

/** A TCP listener on 127.0.0.1:0 that stands in for a PostgreSQL server gone wrong. */
export interface FakePostgresServer {
  /** `postgres://app:<password>@127.0.0.1:<port>/appdb`, ready for `databaseUrl`. */
  readonly url: string;
  readonly port: number;
  /** How many TCP connections it accepted so far. */
  accepted(): number;
  /** Destroys every accepted socket and stops listening. */
  close(): Promise<void>;
}

async function listenOn(
  onSocket: (socket: Socket) => void,
  password: string,
): Promise<FakePostgresServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `postgres://app:${encodeURIComponent(password)}@127.0.0.1:${port}/appdb`,
    port,
    accepted: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A server that accepts TCP connections and never sends a byte (a wrong port behind a firewall
 * that accepts, a stuck proxy, a frozen server): what a connect timeout exists for.
 *
 * @example
 * ```ts
 * const silent = await startSilentServer();
 * await expect(openConnectionStore({ databaseUrl: silent.url, keyRing, connectTimeoutMs: 200 })).rejects.toThrow();
 * await silent.close();
 * ```
 */
export function startSilentServer(): Promise<FakePostgresServer> {
  return listenOn(() => undefined, 'silent-password');
}

/** One PostgreSQL backend message: type byte, int32 length (including itself), body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

/**
 * A server that speaks just enough of the PostgreSQL protocol to ask for a cleartext password and
 * then refuse it with SQLSTATE 28P01, as a server with `password` auth in pg_hba.conf does. The
 * local test server trusts every login, so this is how a test sees a real "password authentication
 * failed" answer arrive over a socket.
 *
 * @example
 * ```ts
 * const refusing = await startPasswordRefusingServer('s3cret');
 * await openConnectionStore({ databaseUrl: refusing.url, keyRing }); // rejects: password authentication failed for user "app"
 * ```
 */
export function startPasswordRefusingServer(password = 'never-shown'): Promise<FakePostgresServer> {
  return listenOn((socket) => {
    let step = 0;
    socket.on('data', () => {
      step += 1;
      // 1: the startup message → AuthenticationCleartextPassword (R, 3). 2: the password → 28P01.
      if (step === 1) {
        const body = Buffer.alloc(4);
        body.writeInt32BE(3, 0);
        socket.write(message('R', body));
      } else if (step === 2) {
        const fields = [
          ['S', 'FATAL'],
          ['V', 'FATAL'],
          ['C', '28P01'],
          ['M', 'password authentication failed for user "app"'],
        ];
        const body = Buffer.concat([
          ...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`, 'utf8')),
          Buffer.from([0]),
        ]);
        socket.end(message('E', body));
      }
    });
  }, password);
}

/** A lock held by a second PostgreSQL client in an open transaction. */
export interface HeldTableLock {
  /**
   * Resolves once at least `count` other sessions wait for this lock (read from `pg_locks`), so a
   * test knows a request is stuck behind it rather than guessing with a sleep. Rejects after 15 s.
   */
  waitForWaiters(count?: number): Promise<void>;
  /** Rolls the transaction back (the lock goes) and disconnects. Safe to call twice. */
  release(): Promise<void>;
}

/**
 * Takes `LOCK TABLE <table> IN ACCESS EXCLUSIVE MODE` in an open transaction on its own client and
 * holds it until `release()` (or `holdMs`, when given): every other statement touching the table
 * waits, as it would behind a migration or a stuck `ALTER TABLE`.
 *
 * @example
 * ```ts
 * const lock = await holdTableLock({ databaseUrl: url, schema, table: 'connections' });
 * await expect(store.saveConnection(input)).rejects.toMatchObject({ code: '55P03' });
 * await lock.release();
 * ```
 */
export async function holdTableLock(options: {
  databaseUrl: string;
  /** Schema of the table; default the server's search_path. */
  schema?: string;
  table: string;
  /** Releases by itself after this long (a suite's "locked for 60 s"). */
  holdMs?: number;
}): Promise<HeldTableLock> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(`${options.schema ?? 'x'}${options.table}`)) {
    throw new Error('holdTableLock: schema and table must be plain identifiers');
  }
  const pg = await loadDriver('pg');
  const client = new pg.Client({
    connectionString: options.databaseUrl,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => undefined);
  await client.connect();
  const name = options.schema === undefined ? options.table : `${options.schema}.${options.table}`;
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${name} IN ACCESS EXCLUSIVE MODE`);
  let released: Promise<void> | undefined;
  const release = (): Promise<void> =>
    (released ??= client
      .query('ROLLBACK')
      .then(
        () => client.end(),
        () => client.end(),
      )
      .catch(() => undefined));
  if (options.holdMs !== undefined) setTimeout(() => void release(), options.holdMs).unref();
  const waitForWaiters = async (count = 1): Promise<void> => {
    for (let i = 0; i < 750; i += 1) {
      const { rows } = await client.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM pg_locks WHERE relation = $1::regclass AND NOT granted',
        [name],
      );
      if (Number(rows[0]?.n) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ${count} session(s) waiting for the lock on ${name} within 15 s`);
  };
  return { waitForWaiters, release };
}
