/**
 * The crash suite's rotate-keys case: 10,000 stored tokens (and a few queued revocations) on key
 * `suite1`, a new key put first in the ring, and `attio-auth rotate-keys` run as a real child
 * process that is killed with SIGKILL at a random point of its progress, 5 times, then run to the
 * end. Afterwards every row must decrypt with the new key alone to the token it was seeded with:
 * none lost, none half-written (the store rotates each row in its own transaction).
 */
import { randomBytes } from 'node:crypto';
import { defaultSleep } from '@attio-auth/attio-core';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';
import Database from 'better-sqlite3';
import pg from 'pg';

import { PG_URL } from '../shared/postgres.js';
import type { SuiteReport } from '../shared/suite-report.js';
import type { SuiteStore } from '../shared/suite-store.js';
import { rotationViolations, type RotatedRow } from './checks.js';
import { spawnApp } from './service-process.js';

const NEW_KID = 'suite2';
const SEED_CONCURRENCY = 8;

/** Counts rows sealed with `kid`, over a connection of its own (the CLI holds the store's). */
async function rowsOnKey(location: SuiteStore, kid: string): Promise<() => Promise<number>> {
  if (location.driver === 'sqlite') {
    const db = new Database(location.file as string, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const query = db.prepare('SELECT COUNT(*) AS n FROM connections WHERE token_kid = ?');
    return async () => Number((query.get(kid) as { n: number }).n);
  }
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`SET search_path TO ${location.schema}`);
  return async () =>
    Number(
      (await client.query('SELECT COUNT(*) AS n FROM connections WHERE token_kid = $1', [kid]))
        .rows[0].n,
    );
}

async function seed(location: SuiteStore, rows: number): Promise<Map<string, string>> {
  const store = await location.open({ poolSize: SEED_CONCURRENCY });
  const tokens = new Map<string, string>();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: SEED_CONCURRENCY }, async () => {
        while (next < rows) {
          const id = `ws-rot-${String(next++).padStart(6, '0')}`;
          const token = randomBytes(32).toString('hex');
          tokens.set(id, token);
          await store.saveConnection({
            workspaceId: id,
            scopes: ['record_permission:read'],
            token,
          });
        }
      }),
    );
    // A few re-installs: their replaced tokens wait in the revocation queue, which rotates too.
    for (let i = 0; i < 20; i++) {
      const id = `ws-rot-${String(i).padStart(6, '0')}`;
      const token = randomBytes(32).toString('hex');
      tokens.set(id, token);
      await store.saveConnection({ workspaceId: id, scopes: [], token });
    }
  } finally {
    await store.close();
  }
  return tokens;
}

/**
 * Runs the case on one driver and records its figures and checks.
 *
 * @example
 * ```ts
 * await crashRotateKeys(report, location, { rows: 10_000, kills: 5, random });
 * ```
 */
export async function crashRotateKeys(
  report: SuiteReport,
  location: SuiteStore,
  options: { rows: number; kills: number; random: () => number },
): Promise<void> {
  const { driver } = location;
  const seeded = await seed(location, options.rows);
  const newEntry = generateKeyRingEntry(NEW_KID);
  const env = {
    DATABASE_URL: location.databaseUrl,
    TOKEN_ENCRYPTION_KEYS: `${newEntry},${location.keys}`,
  };
  const onNewKey = await rowsOnKey(location, NEW_KID);
  const killedAt: number[] = [];
  const missedKills: string[] = [];
  let finalExit: number | null = null;
  let finalOutput = '';
  for (let round = 0; round <= options.kills; round++) {
    const cli = spawnApp('apps/ops-cli/src/main.ts', ['rotate-keys', '--batch-size', '200'], env);
    if (round === options.kills) {
      finalExit = await cli.exited;
      finalOutput = cli.output();
      break;
    }
    // A random point of the remaining work: poll how many rows are on the new key, kill past it.
    const start = await onNewKey();
    const target = start + 1 + Math.floor(options.random() * Math.max(1, options.rows - start - 2));
    let exited = false;
    void cli.exited.then(() => (exited = true));
    while (!exited && (await onNewKey()) < target) await defaultSleep(5);
    if (exited) {
      missedKills.push(`kill ${round + 1}: rotate-keys finished before row ${target}`);
      continue;
    }
    cli.child.kill('SIGKILL');
    await cli.exited;
    killedAt.push(await onNewKey());
  }
  const rows: RotatedRow[] = [];
  const onlyNew = await openConnectionStore({
    databaseUrl: location.driver === 'sqlite' ? location.databaseUrl : PG_URL,
    ...(location.schema ? { schema: location.schema } : {}),
    keyRing: parseKeyRing(newEntry),
  });
  let revocationKids: string[] = [];
  try {
    for await (const c of onlyNew.iterateConnections({ batchSize: 1000 })) {
      let token: string | undefined;
      try {
        token = await onlyNew.getToken(c.workspaceId);
      } catch {
        token = undefined;
      }
      rows.push({ workspaceId: c.workspaceId, kid: token === undefined ? '?' : NEW_KID, token });
    }
    revocationKids = await onlyNew.keyIdsInUse();
  } finally {
    await onlyNew.close();
  }
  report.figure(
    `${driver}: rotate-keys over ${options.rows} rows`,
    `killed ${killedAt.length} times with SIGKILL at rows ${killedAt.join(', ')} on the new key; final run exit ${finalExit}`,
  );
  report.expectNone(
    `${driver}: rotate-keys killed ${options.kills} times and re-run: every row decrypts with the new key, none lost, none half-written`,
    [
      ...rotationViolations(seeded, rows, NEW_KID),
      ...missedKills,
      ...(finalExit === 0 ? [] : [`final run exited ${finalExit}: ${finalOutput.slice(-300)}`]),
      ...(revocationKids.join(',') === NEW_KID
        ? []
        : [`key ids in use afterwards: ${revocationKids.join(',')}`]),
    ],
    `${seeded.size} rows, ${killedAt.length} kills`,
  );
}
