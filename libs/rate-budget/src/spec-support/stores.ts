/**
 * Test support: a fresh limiter store per test on the machine's Redis (a random key prefix) or PostgreSQL
 * (a random table name), each removed afterwards, and a logger that records what it is given.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from '@attio-auth/attio-core';
import type { LimiterStore } from '../limiter-store.js';
import { createPostgresLimiterStore } from '../postgres-limiter-store.js';
import { createRedisLimiterStore } from '../redis-limiter-store.js';
import { DEFAULT_TEST_REDIS_URL } from '../testing/redis-harness.js';

export const TEST_REDIS_URL = process.env['TEST_REDIS_URL'] ?? DEFAULT_TEST_REDIS_URL;

export const TEST_DATABASE_URL =
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly obj: object;
  readonly msg: string | undefined;
}

/** A Logger that keeps every line. */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Opens stores of one kind; `cleanup()` deletes what they wrote and closes the connections. */
export interface StoreFactory {
  readonly kind: 'redis' | 'postgres';
  open(options?: {
    instances?: number;
    logger?: Logger;
    now?: () => number;
  }): Promise<LimiterStore>;
  cleanup(): Promise<void>;
}

/** Stores on the machine's Redis, all under one random prefix (each `open` is a separate connection). */
export function redisStores(url = TEST_REDIS_URL): StoreFactory {
  const keyPrefix = `rb_test_${randomBytes(4).toString('hex')}`;
  const clients: Redis[] = [];
  return {
    kind: 'redis',
    async open(options = {}) {
      const client = new Redis(url, {
        enableOfflineQueue: false,
        lazyConnect: true,
        disconnectTimeout: 10,
      });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
      return createRedisLimiterStore({ client, keyPrefix, ...options });
    },
    async cleanup() {
      const first = clients[0];
      if (first !== undefined) {
        const keys = await first.keys(`${keyPrefix}*`);
        if (keys.length > 0) await first.del(...keys);
      }
      for (const c of clients.splice(0)) c.disconnect();
    },
  };
}

/** Stores on PostgreSQL, all on one random table (each `open` is a separate pool). */
export function postgresStores(url = TEST_DATABASE_URL): StoreFactory {
  const tableName = `rb_test_${randomBytes(4).toString('hex')}`;
  const pools: pg.Pool[] = [];
  return {
    kind: 'postgres',
    async open(options = {}) {
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pools.push(pool);
      return createPostgresLimiterStore({ pool, tableName, ...options });
    },
    async cleanup() {
      const first = pools[0];
      if (first !== undefined) {
        await first.query(`DROP TABLE IF EXISTS ${tableName}, ${tableName}_pause`);
      }
      for (const p of pools.splice(0)) await p.end();
    },
  };
}
