/**
 * Test support: which services the shared-limiter specs can use, and the repo's skip pattern for them —
 * run when the service answers, fail when it is required (`REQUIRE_REDIS=1` / `REQUIRE_PG=1`, as in CI),
 * otherwise skip with a message that says what is missing.
 */
import { spawnSync } from 'node:child_process';
import { redisReachable, redisServerInstalled } from '../testing/redis-harness.js';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './stores.js';

/** Whether PostgreSQL accepts a connection at `url` (a child process, so it is synchronous). */
export function postgresReachable(url = TEST_DATABASE_URL): boolean {
  const script =
    "const {Client}=require('pg');const c=new Client({connectionString:process.argv[1],connectionTimeoutMillis:3000});" +
    'c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1));';
  return (
    spawnSync(process.execPath, ['-e', script, url], { timeout: 10_000, stdio: 'ignore' })
      .status === 0
  );
}

export interface Service {
  readonly name: string;
  readonly available: boolean;
  readonly required: boolean;
  readonly missing: string;
}

export const redisService = (): Service => ({
  name: 'Redis',
  available: redisReachable(TEST_REDIS_URL),
  required: process.env['REQUIRE_REDIS'] === '1',
  missing: `Redis not reachable at ${TEST_REDIS_URL}`,
});

export const ownRedisService = (): Service => ({
  name: 'redis-server',
  available: redisServerInstalled(),
  required: process.env['REQUIRE_REDIS'] === '1',
  missing: 'redis-server is not installed (apt-get install -y redis-server)',
});

export const postgresService = (): Service => ({
  name: 'PostgreSQL',
  available: postgresReachable(),
  required: process.env['REQUIRE_PG'] === '1',
  missing: `PostgreSQL not reachable at ${new URL(TEST_DATABASE_URL).host}`,
});

/**
 * `describe` when the service is there; a failing test when it is required; `describe.skip` otherwise.
 *
 * @example
 * ```ts
 * describeWith(redisService(), 'shared budget on Redis', () => { it(…) });
 * ```
 */
export function describeWith(service: Service, title: string, body: () => void): void {
  if (service.available) {
    describe(title, body);
  } else if (service.required) {
    describe(`${title} (${service.name} required)`, () => {
      it(`when ${service.name} is required, then it must be available`, () => {
        throw new Error(`${service.missing} and it is required (REQUIRE_* is set)`);
      });
    });
  } else {
    describe.skip(`skipped: ${service.missing}: ${title}`, () => {
      it('needs the service', () => undefined);
    });
  }
}
