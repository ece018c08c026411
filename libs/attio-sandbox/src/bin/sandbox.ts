#!/usr/bin/env node
/**
 * Standalone sandbox: `npm run sandbox -- --port 0` (or the `attio-sandbox` bin). Prints ONE JSON line
 * with the URLs and fixtures first (so scripts can read it), then JSON log lines; stops on SIGTERM/SIGINT.
 * This entry point, not the library, owns the process: stdout, signals and the exit code.
 */
import { startSandbox } from '../server/start-sandbox.js';
import { HELP, parseCliArgs } from './parse-cli-args.js';

function log(msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(
    `${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg, ...extra })}\n`,
  );
}

async function main(): Promise<number> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`attio-sandbox: ${parsed.message}\n`);
    return 64;
  }
  const sandbox = await startSandbox(parsed.options);
  const { tokens, oauthApp } = sandbox.fixtures;
  process.stdout.write(
    `${JSON.stringify({
      apiUrl: sandbox.urls.api,
      oauthUrl: sandbox.urls.oauth,
      adminUrl: sandbox.urls.admin,
      fixtures: { tokens, oauthApp },
    })}\n`,
  );
  log('sandbox listening', {
    apiUrl: sandbox.urls.api,
    rateLimit: parsed.options.rateLimit,
  });
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      log('stopping', { signal });
      void sandbox.close().then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log('stopped');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`attio-sandbox: failed to start: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
