import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { closedPortUrl } from '@attio-auth/attio-core/testing';
import { run } from './run.js';
import { testIo } from './testing/test-io.js';

/** One sandbox round, or a refused connection, per run on a busy machine. */
const TIMEOUT_MS = 20_000;

/**
 * `./.env` in the working directory, under the environment, under the flags: run() with a real
 * temp directory as `cwd`, checking a --tokens-file token against whichever base URL wins (the
 * sandbox answers; a closed port makes the check fail).
 */
describe('run: ./.env under the environment under the flags', () => {
  let sandbox: Sandbox;
  let dir: string;
  let closed: string;
  /** Fail fast when a losing base URL is used by mistake. */
  const fast = { HEALTH_TIMEOUT_MS: '2000', HEALTH_RETRIES: '0' };
  beforeEach(async () => {
    sandbox = await startSandbox({ rateLimit: false });
    dir = await mkdtemp(join(tmpdir(), 'th-dotenv-'));
    closed = await closedPortUrl();
    await writeFile(
      join(dir, 'tokens.json'),
      JSON.stringify([{ name: 'full', token: sandbox.fixtures.tokens.full }]),
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await sandbox.close();
  });

  async function statusOf(env: Record<string, string>, flags: string[] = []) {
    const t = testIo({ ...fast, ...env });
    const code = await run(
      ['--once', '--json', '--skip-store', '--tokens-file', join(dir, 'tokens.json'), ...flags],
      { ...t.io, cwd: dir },
    );
    const check = t.json().find((l) => l['type'] === 'check');
    return { code, status: check?.['status'], stderr: t.stderr.text() };
  }

  it(
    'when only ./.env sets ATTIO_API_BASE_URL, then the checks use it',
    async () => {
      await writeFile(join(dir, '.env'), `ATTIO_API_BASE_URL=${sandbox.urls.api}\n`);
      expect(await statusOf({})).toEqual({ code: 0, status: 'healthy', stderr: '' });
    },
    TIMEOUT_MS,
  );

  it(
    'when the environment sets it too, then the environment wins; and --base-url wins over both',
    async () => {
      await writeFile(join(dir, '.env'), `ATTIO_API_BASE_URL=${closed}\n`);
      expect(await statusOf({ ATTIO_API_BASE_URL: sandbox.urls.api })).toEqual({
        code: 0,
        status: 'healthy',
        stderr: '',
      });
      expect(
        await statusOf({ ATTIO_API_BASE_URL: closed }, ['--base-url', sandbox.urls.api]),
      ).toEqual({ code: 0, status: 'healthy', stderr: '' });
    },
    TIMEOUT_MS,
  );

  it(
    'when ./.env has a line that is not NAME=value, then it exits 78 naming the file and line, and no value',
    async () => {
      await writeFile(join(dir, '.env'), `HEALTH_CONCURRENCY=4\nATTIO_API_BASE_URL ${closed}\n`);
      const result = await statusOf({});
      expect(result.code).toBe(78);
      expect(result.stderr).toContain(
        `Invalid configuration (1 problem):\n  - ${join(dir, '.env')}: line 2: expected NAME=value`,
      );
      expect(result.stderr).not.toContain(closed);
    },
    TIMEOUT_MS,
  );
});
