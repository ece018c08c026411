/**
 * Secrets pass 1 (SQLite): every app as a real process. The callback service (LOG_LEVEL=trace) takes
 * installs of every kind and admin/probe calls; attio-verify runs with a token on stdin, on argv, from
 * the store, and the OAuth client-secret check; attio-token-health runs a round with a tokens file, a
 * metrics file and an alert webhook (one token revoked so an alert fires). Captured: all stdout and
 * stderr, our services' HTTP answers, webhook bodies and every file left behind (SQLite + WAL + SHM).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Sandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import {
  generateKeyRingEntry,
  openConnectionStore,
  parseKeyRing,
} from '@attio-auth/connection-store';

import { freePort, spawnService, waitReady } from '../crash/service-process.js';
import { filesUnder, recordingFetch, runChild, webhookReceiver } from './capture.js';
import type { CapturedSource, KnownSecret } from './find-leaks.js';
import { scriptedInstalls } from './install-steps.js';

/** What a pass captured, the secrets it knows, and notes for the report. */
export interface PassEvidence {
  readonly sources: CapturedSource[];
  readonly secrets: KnownSecret[];
  readonly notes: string[];
  /** Runs that did not do what they were asked (the scan would then miss their code paths). */
  readonly unexpected: string[];
}

/** Exit code each app run must end with for the scan to cover the path it was meant to. */
const EXPECTED_EXIT: Record<string, number> = {
  'verify --token-stdin': 0,
  'verify --token (revoked)': 1,
  'verify --workspace': 0,
  'verify oauth': 0,
  'token-health --once': 1,
  'attio-auth connections list': 0,
  'attio-auth connections show': 0,
  'attio-auth install-link': 0,
  'attio-auth revoke-token': 0,
  'attio-auth rotate-keys': 0,
};

export async function sqlitePass(sandbox: Sandbox): Promise<PassEvidence> {
  const dir = mkdtempSync(join(tmpdir(), 'suite-secrets-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  const keys = generateKeyRingEntry('sec1');
  const adminToken = randomBytes(32).toString('base64url');
  const databaseUrl = `sqlite:${join(dataDir, 'connections.sqlite')}`;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, `${url}/oauth/callback`);
  const sources: CapturedSource[] = [];
  const secrets: KnownSecret[] = [
    { label: 'OAuth client secret', value: sandbox.fixtures.oauthApp.clientSecret },
    { label: 'ADMIN_TOKEN', value: adminToken },
    { label: 'TOKEN_ENCRYPTION_KEYS key material', value: keys.slice(keys.indexOf(':') + 1) },
    { label: 'fixture token (full)', value: sandbox.fixtures.tokens.full },
    { label: 'fixture token (revoked)', value: sandbox.fixtures.tokens.revoked },
  ];
  const notes: string[] = [];
  const service = spawnService(
    sandboxEnv(sandbox, {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_BASE_URL: url,
      TOKEN_ENCRYPTION_KEYS: keys,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'trace',
      RATE_LIMIT_MAX: '100000',
    }),
  );
  const hook = await webhookReceiver();
  try {
    if ((await waitReady(url, 90_000, service.exited)) === undefined)
      throw new Error(`the callback service did not start: ${service.output().slice(-300)}`);
    const recording = recordingFetch([url], sources);
    const { installed, secrets: installSecrets } = await scriptedInstalls(
      sandbox,
      url,
      recording,
      'sqlite',
      3,
    );
    secrets.push(...installSecrets);
    const auth = { authorization: `Bearer ${adminToken}` };
    await recording(`${url}/admin/connections`, { headers: auth });
    await recording(`${url}/admin/connections/${installed[0]}`, { headers: auth });
    await recording(`${url}/admin/connections`, {
      headers: { authorization: `Bearer ${adminToken}x` },
    });
    for (const probe of ['/healthz', '/readyz', '/metrics']) await recording(`${url}${probe}`);

    const store = await openConnectionStore({ databaseUrl, keyRing: parseKeyRing(keys) });
    const tokens: string[] = [];
    for (const ws of installed) {
      const token = (await store.getToken(ws)) ?? '';
      tokens.push(token);
      secrets.push({ label: `access token issued to ${ws}`, value: token });
    }
    await store.close();
    notes.push(
      `${installed.length} installs stored; codes, tokens and secrets known: ${secrets.length}`,
    );

    const cliEnv = { DATABASE_URL: databaseUrl, TOKEN_ENCRYPTION_KEYS: keys };
    const api = sandbox.urls.api;
    const runs = {
      'verify --token-stdin': await runChild(
        'apps/verify-cli/src/main.ts',
        ['--token-stdin', '--base-url', api, '--json'],
        {},
        sandbox.fixtures.tokens.full,
      ),
      'verify --token (revoked)': await runChild(
        'apps/verify-cli/src/main.ts',
        ['--token', sandbox.fixtures.tokens.revoked, '--base-url', api],
        {},
      ),
      'verify --workspace': await runChild(
        'apps/verify-cli/src/main.ts',
        ['--workspace', installed[0] ?? '', '--base-url', api],
        cliEnv,
      ),
      'verify oauth': await runChild(
        'apps/verify-cli/src/main.ts',
        [
          'oauth',
          '--client-id',
          sandbox.fixtures.oauthApp.clientId,
          '--client-secret-stdin',
          '--redirect-uri',
          `${url}/oauth/callback`,
          '--token-url',
          `${sandbox.urls.oauth}/oauth/token`,
          '--json',
        ],
        {},
        sandbox.fixtures.oauthApp.clientSecret,
      ),
    } as Record<string, { code: number | null; stdout: string; stderr: string }>;

    sandbox.admin.revokeToken(tokens[1] ?? '');
    const tokensFile = join(dir, 'tokens.json');
    writeFileSync(
      tokensFile,
      JSON.stringify([
        { name: 'fixture-full', token: sandbox.fixtures.tokens.full, requiredScopes: [] },
      ]),
    );
    const metricsFile = join(dir, 'metrics', 'health.prom');
    mkdirSync(join(dir, 'metrics'));
    runs['token-health --once'] = await runChild(
      'apps/token-health/src/main.ts',
      [
        '--once',
        '--json',
        '--base-url',
        api,
        '--tokens-file',
        tokensFile,
        '--metrics-file',
        metricsFile,
      ],
      {
        ...cliEnv,
        // A loopback http receiver: allowed outside production (the SSRF policy of event destinations).
        NODE_ENV: 'test',
        ALERT_WEBHOOK_URL: hook.url,
        LOG_LEVEL: 'trace',
        HEALTH_MIN_CHECK_INTERVAL_SECONDS: '0',
        HEALTH_ALERT_WAIT_MS: '5000',
      },
    );
    // attio-auth, the ops CLI, last: rotate-keys moves the store to a key the service does not have.
    const ops = 'apps/ops-cli/src/main.ts';
    runs['attio-auth connections list'] = await runChild(
      ops,
      ['connections', 'list', '--json'],
      cliEnv,
    );
    runs['attio-auth connections show'] = await runChild(
      ops,
      ['connections', 'show', installed[0] ?? ''],
      cliEnv,
    );
    runs['attio-auth install-link'] = await runChild(
      ops,
      ['install-link', '--owner', 'team=secrets', '--reconnect', installed[0] ?? ''],
      { ...cliEnv, PUBLIC_BASE_URL: url },
    );
    const leaked = sandbox.admin.createToken({
      workspaceId: sandbox.fixtures.workspaces[0]?.id ?? '',
      scopes: ['user_management:read'],
    });
    secrets.push({ label: 'leaked token given to attio-auth revoke-token', value: leaked });
    runs['attio-auth revoke-token'] = await runChild(
      ops,
      ['revoke-token', '--json'],
      { ATTIO_REVOKE_URL: `${sandbox.urls.oauth}/oauth/revoke` },
      leaked,
    );
    const unexpected: string[] = [];
    const checkRun = (name: string, r: (typeof runs)[string]) => {
      sources.push(
        { name: `${name} stdout`, content: r.stdout },
        { name: `${name} stderr`, content: r.stderr },
      );
      notes.push(`${name}: exit ${r.code}`);
      if (r.code !== EXPECTED_EXIT[name])
        unexpected.push(
          `${name}: exit ${r.code}, expected ${EXPECTED_EXIT[name]} (stderr: ${r.stderr.slice(0, 200)})`,
        );
    };
    for (const [name, r] of Object.entries(runs)) checkRun(name, r);
    notes.push(`alert webhook calls: ${hook.bodies.length}`);
    if (hook.bodies.length === 0)
      unexpected.push('token-health sent no alert for the revoked token');
    if (installed.length !== 3) unexpected.push(`${installed.length} of 3 installs succeeded`);
    sources.push(
      ...hook.bodies.map((b, i) => ({ name: `alert webhook call ${i + 1}`, content: b })),
    );
    // Deletes revoke at Attio (revoked, already gone, failed then restored): the answers and the
    // trace logs carry outcomes and error codes, never the token.
    const del = (path: string) =>
      recording(`${url}/admin${path}`, { method: 'DELETE', headers: auth });
    const outcomeOf = async (res: Response) =>
      ((await res.json()) as { data?: { revoke?: { outcome?: string } } }).data?.revoke?.outcome;
    const outcomes = [
      await outcomeOf(await del(`/connections/${installed[2]}`)),
      await outcomeOf(await del(`/connections/${installed[1]}?purge=true`)),
    ];
    sandbox.admin.setFaults([{ path: '/oauth/revoke', status: 503, times: 1 }]);
    outcomes.push(await outcomeOf(await del(`/connections/${installed[0]}`)));
    notes.push(`admin delete revoke outcomes: ${outcomes.join(', ')}`);
    if (outcomes.join() !== 'revoked,already_gone,failed')
      unexpected.push(
        `admin deletes answered ${outcomes.join(', ')}, expected revoked, already_gone, failed`,
      );
    // Last of the CLI runs: after it every row is on the new key, which the running service lacks.
    const newKey = generateKeyRingEntry('sec2');
    secrets.push({
      label: 'new TOKEN_ENCRYPTION_KEYS key material (rotate-keys)',
      value: newKey.slice(newKey.indexOf(':') + 1),
    });
    runs['attio-auth rotate-keys'] = await runChild(ops, ['rotate-keys'], {
      ...cliEnv,
      TOKEN_ENCRYPTION_KEYS: `${newKey},${keys}`,
    });
    checkRun('attio-auth rotate-keys', runs['attio-auth rotate-keys']);
    await recording(`${url}/admin/connections/${installed[0]}/restore`, {
      method: 'POST',
      headers: auth,
    });
    await recording(`${url}/admin/connections?deleted=include`, { headers: auth });
    await recording(`${url}/metrics`);
    service.child.kill('SIGTERM');
    await service.exited;
    sources.push({ name: 'callback service stdout+stderr', content: service.output() });
    sources.push(...filesUnder(dir, 'sqlite run', [tokensFile]));
    return { sources, secrets, notes, unexpected };
  } finally {
    if (service.child.exitCode === null && service.child.signalCode === null)
      service.child.kill('SIGKILL');
    await hook.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
