/**
 * Built-apps suite: `nx build` each app, copy `dist/apps/<app>` into an empty folder outside the
 * repository, `npm ci --omit=dev` there, and run `node main.js`:
 *   oauth-callback  started against the sandbox on SQLite; an install completes through it; SIGTERM
 *                   stops it with exit 0
 *   token-health    `--once --json` checks that installed connection on the same SQLite file
 *   verify-cli      `--version`, then `--workspace <id> --json` against the same store
 *   ops-cli         `--version`, then `connections list --json` lists the connection
 * Every folder must hold only the build (no .env, no key, no source) and install no dev dependency
 * and no workspace package. Prints its timings and "suite: N passed, N failed".
 *
 * Run: npm run suite:built-apps
 */
import { startSandbox } from '@attio-auth/attio-sandbox';
import { sandboxEnv } from '@attio-auth/attio-sandbox/testing';
import { generateKeyRingEntry } from '@attio-auth/connection-store';
import { runInstall } from '@attio-auth/oauth-callback/testing';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, waitReady } from '../crash/service-process.js';
import { REPO_ROOT } from '../shared/app-runners.js';
import { runSuite } from '../shared/suite-run.js';
import {
  copyBuiltApp,
  listFiles,
  npmCiProduction,
  runIn,
  saveLocalPrebuild,
} from './app-folder.js';

const APPS = ['oauth-callback', 'token-health', 'verify-cli', 'ops-cli'] as const;
const NODE = process.execPath;

/** Files a build may hold: the bundle, its chunks and maps, the manifest and the lockfile. */
function unexpectedFiles(files: readonly string[]): string[] {
  return files.filter(
    (f) =>
      !['main.js', 'main.js.map', 'package.json', 'package-lock.json'].includes(f) &&
      !/^chunks\/[\w-]+\.js(\.map)?$/.test(f),
  );
}

/** Top-level packages in node_modules that the manifest does not name (dev or workspace ones). */
function strayPackages(folder: string): string[] {
  const manifest = JSON.parse(readFileSync(join(folder, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  const locked = new Set(Object.keys(manifest.packages));
  const stray: string[] = [];
  const modules = join(folder, 'node_modules');
  for (const name of readdirSync(modules)) {
    if (name.startsWith('.')) continue;
    const names = name.startsWith('@')
      ? readdirSync(join(modules, name)).map((n) => `${name}/${n}`)
      : [name];
    for (const n of names) if (!locked.has(`node_modules/${n}`)) stray.push(n);
  }
  if (existsSync(join(modules, '@attio-auth'))) stray.push('@attio-auth/* (workspace packages)');
  return stray;
}

await runSuite(
  'built-apps',
  { quickLimitMs: 3_600_000, fullLimitMs: 3_600_000 },
  async (report) => {
    const buildStarted = performance.now();
    const build = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '-p', APPS.join(','), '--outputStyle=static'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
      },
    );
    report.figure(
      'nx build (4 apps)',
      `${((performance.now() - buildStarted) / 1000).toFixed(1)} s`,
    );
    if (
      !report.expect(
        'nx build writes dist/apps/<app> for every app',
        build.status === 0 &&
          APPS.every((a) => existsSync(join(REPO_ROOT, 'dist/apps', a, 'main.js'))),
        `exit ${build.status}`,
        `exit ${build.status}: ${(build.stdout + build.stderr).slice(-600)}`,
      )
    )
      return;

    const scratch = mkdtempSync(join(tmpdir(), 'attio-auth-built-apps-'));
    const prebuildDir = join(scratch, 'prebuilds');
    const folders: Partial<Record<(typeof APPS)[number], string>> = {};
    try {
      for (const app of APPS) {
        const folder = copyBuiltApp(app);
        folders[app] = folder;
        report.expectNone(
          `${app}: the build holds only main.js, chunks, maps, package.json and package-lock.json`,
          unexpectedFiles(listFiles(folder)),
          `${listFiles(folder).length} files`,
        );
        const started = performance.now();
        const { run, online } = await npmCiProduction(folder, prebuildDir);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        report.figure(
          `${app}: npm ci --omit=dev${online ? ' (online)' : ' (offline)'}`,
          `${seconds} s`,
        );
        if (
          !report.expect(
            `${app}: npm ci --omit=dev succeeds in an empty folder`,
            run.code === 0,
            `exit ${run.code}`,
            `exit ${run.code}: ${run.stderr.slice(-600)}`,
          )
        )
          continue;
        report.expectNone(
          `${app}: node_modules holds only the lockfile's runtime packages`,
          strayPackages(folder),
          'top-level packages compared with package-lock.json',
        );
        if (!existsSync(prebuildDir))
          report.expect(
            `${app}: its better-sqlite3 build is kept as a local prebuild for the next apps`,
            saveLocalPrebuild(folder, prebuildDir),
            'tar of build/Release/better_sqlite3.node',
          );
      }

      const sandbox = await startSandbox({ rateLimit: false });
      try {
        const dataDir = join(scratch, 'data');
        const store = {
          DATABASE_URL: `sqlite:${join(dataDir, 'connections.sqlite')}`,
          TOKEN_ENCRYPTION_KEYS: generateKeyRingEntry('built'),
        };
        const workspace = sandbox.admin.createWorkspace({
          name: 'Built apps',
          slug: `built-${Date.now()}`,
        });

        const callback = folders['oauth-callback'];
        if (callback !== undefined && existsSync(join(callback, 'node_modules'))) {
          const port = await freePort();
          const url = `http://127.0.0.1:${port}`;
          sandbox.admin.addRedirectUri(sandbox.fixtures.oauthApp.clientId, `${url}/oauth/callback`);
          const service = spawn(NODE, ['main.js'], {
            cwd: callback,
            env: {
              PATH: process.env['PATH'] ?? '',
              ...sandboxEnv(sandbox, {
                NODE_ENV: 'production',
                HOST: '127.0.0.1',
                PORT: String(port),
                PUBLIC_BASE_URL: url,
                DATA_DIR: dataDir,
                LOG_LEVEL: 'warn',
                ...store,
              }),
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let output = '';
          service.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
          service.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
          const exited = new Promise<number | null>((r) => service.once('exit', (code) => r(code)));
          const readyMs = await waitReady(url, 60_000, exited);
          report.figure('oauth-callback: start to /readyz 200', `${Math.round(readyMs ?? -1)} ms`);
          if (
            report.expect(
              'oauth-callback: node main.js answers /readyz',
              readyMs !== undefined,
              'GET /readyz 200',
              output.slice(-600),
            )
          ) {
            const { result } = await runInstall(url, {
              workspaceId: workspace.id,
              accept: 'application/json',
            });
            const body =
              result.status === 200
                ? (JSON.parse(result.body) as { workspace?: { id?: string } })
                : {};
            report.expect(
              'oauth-callback: an install through the built service completes',
              result.status === 200 && body.workspace?.id === workspace.id,
              `status 200, workspace ${workspace.id}`,
              `status ${result.status}: ${result.body.slice(0, 300)}`,
            );
          }
          service.kill('SIGTERM');
          const code = await Promise.race([
            exited,
            new Promise<string>((r) => setTimeout(() => r('timeout'), 30_000)),
          ]);
          report.expect(
            'oauth-callback: SIGTERM stops it with exit 0',
            code === 0,
            'exit 0',
            `exit ${String(code)}: ${output.slice(-300)}`,
          );
        }

        const env = { ATTIO_API_BASE_URL: sandbox.urls.api, LOG_LEVEL: 'warn', ...store };
        const health = folders['token-health'];
        if (health !== undefined && existsSync(join(health, 'node_modules'))) {
          const run = await runIn(health, NODE, ['main.js', '--once', '--json'], env, 120_000);
          const checks = run.stdout
            .split('\n')
            .filter((l) => l.startsWith('{'))
            .map((l) => JSON.parse(l) as { type?: string; workspaceId?: string; status?: string })
            .filter((l) => l.type === 'check');
          report.expect(
            'token-health: --once --json checks the installed connection as healthy',
            run.code === 0 &&
              checks.length === 1 &&
              checks[0]?.workspaceId === workspace.id &&
              checks[0]?.status === 'healthy',
            `exit 0, one healthy check of ${workspace.id}`,
            `exit ${run.code}: ${JSON.stringify(checks)} ${run.stderr.slice(-300)}`,
          );
        }

        for (const app of ['verify-cli', 'ops-cli'] as const) {
          const folder = folders[app];
          if (folder === undefined || !existsSync(join(folder, 'node_modules'))) continue;
          const version = await runIn(folder, NODE, ['main.js', '--version'], {}, 30_000);
          report.expect(
            `${app}: --version prints 0.0.1`,
            version.code === 0 && version.stdout.trim().endsWith('0.0.1'),
            'exit 0, 0.0.1',
            `exit ${version.code}: ${version.stdout}${version.stderr}`,
          );
          const help = await runIn(folder, NODE, ['main.js', '--help'], {}, 30_000);
          report.expect(
            `${app}: --help exits 0`,
            help.code === 0 && help.stdout.includes('Usage'),
            'exit 0 with usage',
            `exit ${help.code}: ${help.stderr.slice(0, 300)}`,
          );
        }
        const verify = folders['verify-cli'];
        if (verify !== undefined && existsSync(join(verify, 'node_modules'))) {
          const run = await runIn(
            verify,
            NODE,
            ['main.js', '--workspace', workspace.id, '--json'],
            env,
            60_000,
          );
          report.expect(
            'verify-cli: --workspace reads the stored token and verifies it',
            run.code === 0 && run.stdout.includes(workspace.id),
            'exit 0, workspace id in the JSON',
            `exit ${run.code}: ${run.stdout.slice(0, 300)} ${run.stderr.slice(0, 300)}`,
          );
        }
        const ops = folders['ops-cli'];
        if (ops !== undefined && existsSync(join(ops, 'node_modules'))) {
          const run = await runIn(
            ops,
            NODE,
            ['main.js', 'connections', 'list', '--json'],
            env,
            60_000,
          );
          report.expect(
            'ops-cli: connections list --json lists the installed connection',
            run.code === 0 && run.stdout.includes(workspace.id),
            'exit 0, workspace id listed',
            `exit ${run.code}: ${run.stdout.slice(0, 300)} ${run.stderr.slice(0, 300)}`,
          );
        }
      } finally {
        await sandbox.close();
      }
    } finally {
      for (const folder of Object.values(folders)) rmSync(folder, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  },
);
