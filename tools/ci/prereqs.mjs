// Says, before the tests run, which external services the PostgreSQL, Redis and browser tests will find.
// With REQUIRE_PG=1 / REQUIRE_REDIS=1 / REQUIRE_BROWSER=1 (set by .ci/run) a missing one is a failure, not a skip.
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const pgUrl = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const redisUrl = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const problems = [];
const pgOk = await reachable(pgUrl.hostname, pgUrl.port || 5432);
if (pgOk) {
  console.log(
    `prereqs: PostgreSQL reachable at ${pgUrl.hostname}:${pgUrl.port || 5432}; its tests will run.`,
  );
} else if (process.env.REQUIRE_PG === '1') {
  problems.push(
    `PostgreSQL is not reachable at ${pgUrl.hostname}:${pgUrl.port || 5432} and REQUIRE_PG=1.`,
  );
} else {
  console.log(
    `prereqs: PostgreSQL NOT reachable at ${pgUrl.hostname}:${pgUrl.port || 5432}: the PostgreSQL tests will be SKIPPED ` +
      '(start it, or set TEST_DATABASE_URL).',
  );
}
const redisOk = await reachable(redisUrl.hostname, redisUrl.port || 6379);
if (redisOk) {
  console.log(
    `prereqs: Redis reachable at ${redisUrl.hostname}:${redisUrl.port || 6379}; the shared-limiter tests will run.`,
  );
} else if (process.env.REQUIRE_REDIS === '1') {
  problems.push(
    `Redis is not reachable at ${redisUrl.hostname}:${redisUrl.port || 6379} and REQUIRE_REDIS=1.`,
  );
} else {
  console.log(
    `prereqs: Redis NOT reachable at ${redisUrl.hostname}:${redisUrl.port || 6379}: the shared-limiter tests will be SKIPPED ` +
      '(start it, or set TEST_REDIS_URL).',
  );
}
if (existsSync(chromium)) {
  console.log(`prereqs: Chromium found at ${chromium}; the browser tests will run.`);
} else if (process.env.REQUIRE_BROWSER === '1') {
  problems.push(`Chromium is not installed at ${chromium} and REQUIRE_BROWSER=1.`);
} else {
  console.log(
    `prereqs: Chromium NOT found at ${chromium}: the browser tests will be SKIPPED (apt-get install -y chromium).`,
  );
}
if (problems.length > 0) {
  for (const p of problems) console.error(`prereqs: ${p}`);
  process.exit(1);
}
