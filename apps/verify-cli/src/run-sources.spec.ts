import { startSandbox, type Sandbox } from '@attio-auth/attio-sandbox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';
import { captureIo } from './testing/capture-io.js';

// Runs git in child processes for the hygiene checks and talks to the sandbox over real sockets.
jest.setTimeout(30_000);

/**
 * Token sources end to end against the sandbox (./.env with git hygiene, a stored OAuth connection
 * via --workspace), and the --json document validated against the documented JSON Schema.
 */
describe('run: token sources and the JSON document', () => {
  let sandbox: Sandbox;
  let dir: string;
  const schema = JSON.parse(readFileSync(join(__dirname, '..', 'json-output.schema.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS: under nodenext its default import is the module object.
  const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
    addFormatsModule) as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  const validate = ajv.compile(schema);

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimit: false });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-sources-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when the token is in ./.env of a git repo that ignores it, then hygiene passes and the JSON matches the schema', async () => {
    execFileSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, '.gitignore'), '.env\n');
    writeFileSync(
      join(dir, '.env'),
      `ATTIO_API_KEY=${sandbox.fixtures.tokens.full}\nATTIO_API_BASE_URL=${sandbox.urls.api}\n`,
    );
    const io = captureIo({ cwd: dir });
    expect(await run(['--json', '--require', 'object_configuration:read'], io)).toBe(0);
    const doc = JSON.parse(io.out());
    expect(validate(doc)).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    // The schema is strict enough to catch drift: an unknown key or an undocumented exit code fails.
    expect(validate({ ...doc, surprise: true })).toBe(false);
    expect(validate({ ...doc, exitCode: 5 })).toBe(false);
    expect(validate({ ...doc, checks: [{ ...doc.checks[0], status: 'maybe' }] })).toBe(false);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      tool: 'attio-verify',
      command: 'verify',
      ok: true,
      verdict: 'ok',
      exitCode: 0,
      error: null,
      baseUrl: sandbox.urls.api,
      token: {
        source: 'dotenv',
        label: 'ATTIO_API_KEY in ./.env',
        length: sandbox.fixtures.tokens.full.length,
      },
      identity: {
        workspaceId: sandbox.fixtures.workspaces[0]?.id,
        workspaceName: 'Acme Sandbox',
        workspaceSlug: 'acme-sandbox',
        tokenLevel: 'workspace',
      },
      scopes: { required: ['object_configuration:read'], missing: [], requiredBy: {} },
    });
    expect(doc.objects).toEqual(expect.arrayContaining(['people', 'companies']));
    expect(doc.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      'token_shape:pass',
      'reachability:pass',
      'identity:pass',
      'scopes:pass',
      'live_call:pass',
      'hygiene:pass',
    ]);
    expect(io.all()).not.toContain(sandbox.fixtures.tokens.full);
  });

  it('when ./.env is not ignored by git, then a hygiene warning but still exit 0', async () => {
    execFileSync('git', ['init', '-q', dir]);
    writeFileSync(join(dir, '.env'), `ATTIO_API_KEY=${sandbox.fixtures.tokens.readOnly}\n`);
    const io = captureIo({ cwd: dir, env: { ATTIO_API_BASE_URL: sandbox.urls.api } });
    expect(await run([], io)).toBe(0);
    expect(io.out()).toContain('\n! hygiene         ./.env is not ignored by git\n');
    expect(io.out()).toContain('fix:   Add a line `.env` to .gitignore');
  });

  it('when the token is mounted as a file named by ATTIO_API_KEY_FILE, then it is read from there and never printed', async () => {
    const secretPath = join(dir, 'attio_api_key');
    writeFileSync(secretPath, `${sandbox.fixtures.tokens.full}\n`);
    const io = captureIo({
      cwd: dir,
      env: { ATTIO_API_KEY_FILE: secretPath, ATTIO_API_BASE_URL: sandbox.urls.api },
    });
    expect(await run(['--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).token).toEqual({
      source: 'env',
      label: 'ATTIO_API_KEY_FILE in the environment',
      length: sandbox.fixtures.tokens.full.length,
    });
    expect(io.all()).not.toContain(sandbox.fixtures.tokens.full);
  });

  it('when a failure is reported as JSON, then it too matches the schema', async () => {
    const io = captureIo({ cwd: dir, stdin: sandbox.fixtures.tokens.revoked });
    expect(await run(['--token-stdin', '--base-url', sandbox.urls.api, '--json'], io)).toBe(1);
    const doc = JSON.parse(io.out());
    expect(validate(doc)).toBe(true);
    expect(doc.verdict).toBe('token_invalid');
    expect(doc.identity).toBeNull();
    expect(doc.checks[2]).toMatchObject({
      id: 'identity',
      status: 'fail',
      outcome: 'token_invalid',
      errorCode: 'ATTIO_TOKEN_INACTIVE',
    });
  });

  describe('--workspace (stored OAuth connection)', () => {
    // Imported the way the CLI does (lazily): the lint rule forbids mixing static and lazy imports.
    let store: typeof import('@attio-auth/connection-store');
    let keys: string;
    let storePath: string;
    const workspaceId = () => sandbox.fixtures.workspaces[0]?.id as string;

    beforeAll(async () => {
      store = await import('@attio-auth/connection-store');
      keys = store.generateKeyRingEntry('k1');
    });

    beforeEach(async () => {
      mkdirSync(join(dir, '.data'));
      storePath = join(dir, '.data', 'connections.sqlite');
      const connections = await store.openConnectionStore({
        databaseUrl: `sqlite:${storePath}`,
        keyRing: store.parseKeyRing(keys),
      });
      await connections.saveConnection({
        workspaceId: workspaceId(),
        scopes: ['object_configuration:read'],
        token: sandbox.fixtures.tokens.readOnly,
      });
      // The other workspace's token filed under a wrong id: the mismatch must be caught.
      await connections.saveConnection({
        workspaceId: 'ws_wrong',
        scopes: [],
        token: sandbox.fixtures.tokens.otherWorkspace,
      });
      await connections.close();
    });

    it('when the workspace is stored, then its token is decrypted and verified (exit 0)', async () => {
      const io = captureIo({
        cwd: dir,
        env: { TOKEN_ENCRYPTION_KEYS: keys, ATTIO_API_BASE_URL: sandbox.urls.api },
      });
      expect(await run(['--workspace', workspaceId()], io)).toBe(0);
      expect(io.out()).toContain(
        `✓ token           token from stored connection of workspace ${workspaceId()}`,
      );
      expect(io.all()).not.toContain(sandbox.fixtures.tokens.readOnly);
      expect(io.all()).not.toContain(keys.split(':')[1]);
    });

    it('when the stored token belongs to another workspace, then exit 1 naming both', async () => {
      const io = captureIo({
        cwd: dir,
        env: { TOKEN_ENCRYPTION_KEYS: keys, ATTIO_API_BASE_URL: sandbox.urls.api },
      });
      expect(await run(['--workspace', 'ws_wrong'], io)).toBe(1);
      expect(io.out()).toContain(
        `✗ identity        token belongs to workspace ${sandbox.fixtures.workspaces[1]?.id}, not ws_wrong`,
      );
    });

    it('when no key ring is configured but the dev key exists in DATA_DIR, then it is used (as the callback service does)', async () => {
      const dataDir = join(dir, 'custom-data');
      const dev = store.loadOrCreateDevKeyRing(dataDir);
      const connections = await store.openConnectionStore({
        databaseUrl: `sqlite:${join(dataDir, 'connections.sqlite')}`,
        keyRing: dev.keyRing,
      });
      await connections.saveConnection({
        workspaceId: workspaceId(),
        scopes: [],
        token: sandbox.fixtures.tokens.full,
      });
      await connections.close();
      const io = captureIo({
        cwd: dir,
        env: { DATA_DIR: 'custom-data', ATTIO_API_BASE_URL: sandbox.urls.api },
      });
      expect(await run(['--workspace', workspaceId(), '--quiet'], io)).toBe(0);
      expect(io.all()).toBe('');
    });

    it('when the workspace is not stored, then exit 78', async () => {
      const io = captureIo({ cwd: dir, env: { TOKEN_ENCRYPTION_KEYS: keys } });
      expect(await run(['--workspace', 'ws_missing'], io)).toBe(78);
      expect(io.err()).toBe(
        `attio-verify: error: no stored connection for workspace ws_missing in sqlite:${storePath}. Install the app in that workspace first, or check the id and DATABASE_URL.\n`,
      );
    });

    it('when the key ring is not the one the tokens were encrypted with, then exit 78 and the key is not printed', async () => {
      const other = store.generateKeyRingEntry('k2');
      const io = captureIo({ cwd: dir, env: { TOKEN_ENCRYPTION_KEYS: other } });
      expect(await run(['--workspace', workspaceId()], io)).toBe(78);
      expect(io.err()).toContain(`could not decrypt the token of workspace ${workspaceId()}`);
      expect(io.all()).not.toContain(other.split(':')[1]);
    });
  });
});
