/**
 * The built attio-auth image, run for real with podman (CI step .ci/steps/image.sh):
 *  1. its files: no secret, .env, dev key, local data, tests or dev dependencies (image-contents.ts);
 *     its config: non-root user, HEALTHCHECK, OCI labels, tini entry point;
 *  2. the callback service container (read-only root, no capabilities, secrets as _FILE mounts,
 *     SQLite in a volume) against the sandbox on this host: /healthz, /readyz, a complete install
 *     (/install → sandbox consent → /oauth/callback with a cookie jar), the image's HEALTHCHECK;
 *  3. the checker container once (`attio-token-health --once --json`) on the same store, then
 *     `attio-verify` on the stored connection and `--help`, `attio-auth connections list`;
 *  4. SIGTERM drains the service (exit 0), and no secret reached any container's output.
 * Prints timings as figures and ends with `suite: N passed, N failed`.
 *
 *   npm run tool -- tools/deploy/image-smoke.ts --image=localhost/attio-auth:dev
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { startSandbox } from '@attio-auth/attio-sandbox';
import { runInstall } from '@attio-auth/oauth-callback/testing';

import { SuiteReport } from '../suites/shared/suite-report.js';
import { pathProblems, scannedEntries, secretProblems, type ImageEntry } from './image-contents.js';

/** This machine's podman needs runc (crun refuses its hybrid cgroups) and rlimits it may set. */
export const PODMAN_RUN_FLAGS = [
  '--runtime=runc',
  '--ulimit=nofile=20000:20000',
  '--ulimit=nproc=4096:4096',
];
const UID = 10001;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function run(cmd: string, args: readonly string[], timeoutMs = 120_000): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr, ms: performance.now() - started });
      },
    );
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function walk(rootDir: string): ImageEntry[] {
  const entries: ImageEntry[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const path = `${rel}/${name}`;
      const st = lstatSync(abs);
      const type = st.isSymbolicLink()
        ? 'symlink'
        : st.isDirectory()
          ? 'dir'
          : st.isFile()
            ? 'file'
            : 'other';
      entries.push({ path, type, size: st.size });
      // Stay on the image's own file system: no /proc, /sys or /dev content in a mounted image anyway.
      if (type === 'dir') visit(abs, path);
    }
  };
  visit(rootDir, '');
  return entries;
}

async function checkContents(report: SuiteReport, image: string): Promise<void> {
  const from = await run('buildah', ['from', '--pull=never', image]);
  if (from.code !== 0) {
    report.couldNotRun(
      'image holds no secret, .env, dev key, test data or dev dependency',
      from.stderr,
      true,
    );
    return;
  }
  const container = from.stdout.trim();
  try {
    const mount = await run('buildah', ['mount', container]);
    const rootDir = mount.stdout.trim();
    const entries = walk(rootDir);
    report.figure('image files', entries.filter((e) => e.type === 'file').length);
    report.figure(
      '/app size',
      `${(entries.filter((e) => e.path.startsWith('/app/')).reduce((s, e) => s + e.size, 0) / 1e6).toFixed(1)} MB`,
    );
    report.expectNone(
      'no .env, key file, dev key, SQLite file, test, build leftover or dev dependency in the image',
      pathProblems(entries),
      `${entries.length} paths listed`,
    );
    const scanned = scannedEntries(entries);
    const secrets = scanned.flatMap((e) =>
      secretProblems(e.path, readFileSync(join(rootDir, e.path), 'latin1')),
    );
    report.expectNone(
      'no secret-looking string (sk_, whsec_, private key, key ring) under /app',
      secrets,
      `${scanned.length} files scanned`,
    );
    for (const app of ['oauth-callback', 'token-health', 'verify-cli', 'ops-cli']) {
      const has = (p: string) => entries.some((e) => e.path === `/app/${app}/${p}`);
      report.expect(
        `/app/${app} has main.js, package.json and its node_modules`,
        has('main.js') && has('package.json') && has('node_modules'),
        `/app/${app}`,
      );
    }
  } finally {
    await run('buildah', ['umount', container]);
    await run('buildah', ['rm', container]);
  }
  const inspect = await run('podman', ['image', 'inspect', image]);
  const [info] = JSON.parse(inspect.stdout || '[{}]') as { Config?: Record<string, any> }[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  const config = info?.Config ?? {};
  report.expect(
    'image runs as uid 10001',
    config['User'] === `${UID}:${UID}`,
    `User=${config['User']}`,
  );
  report.expect(
    'image has a HEALTHCHECK (docker format)',
    JSON.stringify(info ?? {}).includes('healthcheck.mjs'),
    'healthcheck.mjs in the image config',
  );
  const labels = Object.keys(config['Labels'] ?? {});
  const oci = ['title', 'description', 'version', 'revision', 'created', 'source', 'licenses'].map(
    (l) => `org.opencontainers.image.${l}`,
  );
  report.expectNone(
    'image has the OCI labels',
    oci.filter((l) => !labels.includes(l)).map((l) => `missing ${l}`),
    oci.length + ' labels',
  );
  report.expect(
    'tini is PID 1 and the entry point picks the app',
    JSON.stringify(config['Entrypoint']) ===
      '["/usr/bin/tini","--","/usr/local/bin/attio-auth-entrypoint"]',
    JSON.stringify(config['Entrypoint']),
  );
}

async function waitFor(url: string, attempts: number): Promise<number> {
  let status = 0;
  for (let i = 0; i < attempts; i += 1) {
    try {
      status = (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
      if (status === 200) return status;
    } catch {
      status = 0;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return status;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { image: { type: 'string', default: 'localhost/attio-auth:dev' } },
  });
  const image = values.image as string;
  const report = new SuiteReport('image', 'quick');
  report.note(`image ${image}; podman ${PODMAN_RUN_FLAGS.join(' ')}`);

  const contentsStarted = performance.now();
  await checkContents(report, image);
  report.figure('contents check', seconds(performance.now() - contentsStarted));

  const work = mkdtempSync(join(tmpdir(), 'attio-image-smoke-'));
  const secretsDir = join(work, 'secrets');
  const dataDir = join(work, 'data');
  mkdirSync(secretsDir);
  mkdirSync(dataDir);
  chownSync(dataDir, UID, UID);
  chmodSync(dataDir, 0o700);
  const port = await freePort();
  const serviceUrl = `http://127.0.0.1:${port}`;
  const sandbox = await startSandbox({
    rateLimit: false,
    oauthApp: { redirectUris: [`${serviceUrl}/oauth/callback`] },
  });
  const { clientId, clientSecret } = sandbox.fixtures.oauthApp;
  const keyRing = `k1:${randomBytes(32).toString('base64')}`;
  const secretFiles: Record<string, string> = {
    attio_client_secret: clientSecret,
    token_encryption_keys: keyRing,
    attio_api_key: sandbox.fixtures.tokens.full,
  };
  for (const [name, value] of Object.entries(secretFiles)) {
    const file = join(secretsDir, name);
    writeFileSync(file, `${value}\n`, { mode: 0o400 });
    chownSync(file, UID, UID);
  }
  const name = `attio-image-smoke-${process.pid}`;
  const common = [
    'run',
    ...PODMAN_RUN_FLAGS,
    '--network=host',
    '--read-only',
    '--tmpfs=/tmp',
    '--cap-drop=ALL',
    '--security-opt=no-new-privileges',
    `--volume=${dataDir}:/data`,
    `--volume=${secretsDir}:/run/secrets:ro`,
    '--env=DATABASE_URL=sqlite:/data/connections.sqlite',
    '--env=TOKEN_ENCRYPTION_KEYS_FILE=/run/secrets/token_encryption_keys',
    `--env=ATTIO_API_BASE_URL=${sandbox.urls.api}`,
  ];
  const outputs: string[] = [];
  try {
    const started = performance.now();
    const start = await run('podman', [
      ...common,
      '--detach',
      `--name=${name}`,
      '--env=HOST=127.0.0.1',
      `--env=PORT=${port}`,
      `--env=PUBLIC_BASE_URL=${serviceUrl}`,
      `--env=ATTIO_CLIENT_ID=${clientId}`,
      '--env=ATTIO_CLIENT_SECRET_FILE=/run/secrets/attio_client_secret',
      `--env=ATTIO_AUTHORIZE_URL=${sandbox.urls.oauth}/authorize`,
      `--env=ATTIO_TOKEN_URL=${sandbox.urls.oauth}/oauth/token`,
      `--env=ATTIO_REVOKE_URL=${sandbox.urls.oauth}/oauth/revoke`,
      '--env=REVOCATION_PASS_INTERVAL_SECONDS=0',
      image,
      'oauth-callback',
    ]);
    if (
      !report.expect(
        'the service container starts',
        start.code === 0,
        `podman run exit ${start.code}`,
        start.stderr,
      )
    )
      return report.finish();
    const healthz = await waitFor(`${serviceUrl}/healthz`, 120);
    report.figure('container start → /healthz 200', seconds(performance.now() - started));
    report.expect('/healthz answers 200 from the container', healthz === 200, `status ${healthz}`);
    const readyz = await waitFor(`${serviceUrl}/readyz`, 20);
    report.expect(
      '/readyz answers 200 (SQLite store in the volume)',
      readyz === 200,
      `status ${readyz}`,
    );

    const installStarted = performance.now();
    const { result } = await runInstall(serviceUrl);
    const workspaceId = /<code id="workspace-id">([^<]+)<\/code>/.exec(result.body)?.[1];
    report.figure('install through the container', seconds(performance.now() - installStarted));
    report.expect(
      'an install completes through the container (/install → consent → /oauth/callback)',
      result.status === 200 && workspaceId === sandbox.fixtures.workspaces[0].id,
      `status ${result.status}, workspace ${workspaceId}`,
    );

    const health = await run('podman', ['healthcheck', 'run', name]);
    report.expect(
      "the image's HEALTHCHECK passes on the running service",
      health.code === 0,
      `podman healthcheck run exit ${health.code}`,
      `${health.stdout}${health.stderr}`,
    );

    const checker = await run('podman', [
      ...common,
      '--rm',
      image,
      'attio-token-health',
      '--once',
      '--json',
    ]);
    outputs.push(checker.stdout, checker.stderr);
    report.figure('checker --once', seconds(checker.ms));
    const summary = checker.stdout
      .split('\n')
      .filter((l) => l.includes('"type":"summary"'))
      .map((l) => JSON.parse(l) as { checked: number; counts: { healthy: number } })[0];
    report.expect(
      'the checker image checks the stored connection once: 1 healthy, exit 0',
      checker.code === 0 && summary?.checked === 1 && summary.counts.healthy === 1,
      `exit ${checker.code}, summary ${JSON.stringify(summary)}`,
      `${checker.stdout.slice(-400)}${checker.stderr.slice(-400)}`,
    );

    const verify = await run('podman', [
      ...common,
      '--rm',
      image,
      'attio-verify',
      '--workspace',
      workspaceId ?? '',
      '--json',
    ]);
    outputs.push(verify.stdout, verify.stderr);
    report.expect(
      'attio-verify checks the stored connection from the same store: exit 0',
      verify.code === 0,
      `exit ${verify.code}`,
      `${verify.stdout.slice(-300)}${verify.stderr.slice(-300)}`,
    );
    const verifyKey = await run('podman', [
      ...common,
      '--rm',
      '--env=ATTIO_API_KEY_FILE=/run/secrets/attio_api_key',
      image,
      'attio-verify',
      '--json',
    ]);
    outputs.push(verifyKey.stdout, verifyKey.stderr);
    report.expect(
      'attio-verify checks an access token from ATTIO_API_KEY_FILE: exit 0',
      verifyKey.code === 0,
      `exit ${verifyKey.code}`,
      `${verifyKey.stdout.slice(-300)}${verifyKey.stderr.slice(-300)}`,
    );
    const preflight = await run('podman', [
      ...common,
      '--rm',
      `--env=ATTIO_CLIENT_ID=${clientId}`,
      '--env=ATTIO_CLIENT_SECRET_FILE=/run/secrets/attio_client_secret',
      `--env=PUBLIC_BASE_URL=${serviceUrl}`,
      `--env=ATTIO_TOKEN_URL=${sandbox.urls.oauth}/oauth/token`,
      image,
      'attio-verify',
      'oauth',
      '--json',
    ]);
    outputs.push(preflight.stdout, preflight.stderr);
    report.expect(
      'attio-verify oauth (the pre-flight) accepts the client id and secret file: exit 0',
      preflight.code === 0,
      `exit ${preflight.code}`,
      `${preflight.stdout.slice(-300)}${preflight.stderr.slice(-300)}`,
    );
    const help = await run('podman', [
      'run',
      ...PODMAN_RUN_FLAGS,
      '--rm',
      image,
      'attio-verify',
      '--help',
    ]);
    report.expect(
      'attio-verify --help exits 0 and prints its usage',
      help.code === 0 && help.stdout.includes('attio-verify'),
      `exit ${help.code}`,
    );
    const list = await run('podman', [
      ...common,
      '--rm',
      image,
      'attio-auth',
      'connections',
      'list',
      '--json',
    ]);
    outputs.push(list.stdout, list.stderr);
    report.expect(
      'attio-auth connections list shows the installed workspace',
      list.code === 0 && list.stdout.includes(workspaceId ?? '\u0000'),
      `exit ${list.code}`,
      `${list.stdout.slice(-300)}${list.stderr.slice(-300)}`,
    );
    const unknown = await run('podman', ['run', ...PODMAN_RUN_FLAGS, '--rm', image, 'no-such-app']);
    report.expect(
      'an unknown app name exits 64 with the list of apps',
      unknown.code === 64 && unknown.stderr.includes('attio-token-health'),
      `exit ${unknown.code}`,
    );

    const stopStarted = performance.now();
    await run('podman', ['stop', '--time=30', name], 60_000);
    const state = await run('podman', ['inspect', '--format={{.State.ExitCode}}', name]);
    report.figure('SIGTERM → exit', seconds(performance.now() - stopStarted));
    report.expect(
      'SIGTERM (via tini) drains the service and it exits 0',
      state.stdout.trim() === '0',
      `exit code ${state.stdout.trim()}`,
    );
    const logs = await run('podman', ['logs', name]);
    outputs.push(logs.stdout, logs.stderr);
    const leaked = Object.entries(secretFiles)
      .filter(([, value]) => outputs.some((o) => o.includes(value)))
      .map(([key]) => `${key} appears in a container's output`);
    report.expectNone(
      'no secret in any container output (logs, JSON lines, errors)',
      leaked,
      `${outputs.length} outputs searched for ${Object.keys(secretFiles).length} secrets`,
    );
  } finally {
    await run('podman', ['rm', '--force', name]);
    await sandbox.close();
    rmSync(work, { recursive: true, force: true });
  }
  return report.finish();
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`image smoke: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.stdout.write('suite: 0 passed, 1 failed\n');
    process.exitCode = 1;
  },
);
