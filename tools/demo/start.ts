/**
 * `npm start`: the main job on embedded defaults. Starts the Attio sandbox and the OAuth callback service
 * together (SQLite in a temp dir, the generated dev key under ./.data, the sandbox's OAuth app), prints the
 * URL to open, and runs until SIGINT/SIGTERM, then drains and exits 0.
 *
 * Environment (all optional): PORT (callback port, default random), DATABASE_URL (default a temp SQLite
 * file), DATA_DIR (dev key dir, default ./.data), LOG_LEVEL (default info), ATTIO_REQUIRED_SCOPES, ADMIN_TOKEN.
 */
import { startDemoStack } from './demo-stack.js';

const env = process.env;
const logLevel = (env['LOG_LEVEL'] ?? 'info') as 'info';

try {
  const stack = await startDemoStack({
    port: env['PORT'] ? Number(env['PORT']) : 0,
    ...(env['DATABASE_URL'] ? { databaseUrl: env['DATABASE_URL'] } : {}),
    ...(env['DATA_DIR'] ? { dataDir: env['DATA_DIR'] } : {}),
    ...(env['ATTIO_REQUIRED_SCOPES'] ? { requiredScopes: env['ATTIO_REQUIRED_SCOPES'] } : {}),
    ...(env['ADMIN_TOKEN'] ? { adminToken: env['ADMIN_TOKEN'] } : {}),
    logLevel,
  });
  const { sandbox, service } = stack;
  const lines = [
    '',
    'attio-auth demo is running (DEV MODE: sandbox instead of Attio, generated encryption key).',
    '',
    `  Open this URL in a browser to install:  ${service.url}/install`,
    '',
    `  Callback service   ${service.url}  (/healthz, /readyz, /metrics${stack.config.admin.token ? ', /admin/connections' : ''})`,
    `  Attio sandbox      ${sandbox.urls.api}  (OAuth app "${sandbox.fixtures.oauthApp.name}", workspaces: ${sandbox.fixtures.workspaces.map((w) => w.name).join(', ')})`,
    `  Connections        ${stack.storeDescription}`,
    `  Encryption key     ${stack.config.store.dataDir}/dev-encryption-key (development only)`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stdout.write(`\n${signal}: stopping (draining in-flight requests)…\n`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await stack.close();
  process.stdout.write('Stopped.\n');
  process.exitCode = 0;
} catch (err) {
  process.stderr.write(`npm start failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
