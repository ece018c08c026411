import { Readable } from 'node:stream';

import { loadOrCreateDevKeyRing } from '@attio-auth/connection-store';
import { run, type CliIo } from '@attio-auth/verify-cli';

import { requireStack, requireValue, type TourStep } from '../tour-step.js';

/**
 * Runs `attio-verify --workspace <id>` in process against the installed workspace: the same command an
 * on-call engineer runs (`npm run verify -- --workspace <id>`), reading the token from the store it was
 * just saved in. Its own output (one line per check) is shown indented; the token never is.
 */
export const step: TourStep = {
  title: 'Verify the stored token with attio-verify --workspace',
  async run(ctx) {
    const { service, sandbox, config } = requireStack(ctx);
    const workspaceId = requireValue(ctx.workspaceId, 'workspaceId');
    // The demo's store is a temp SQLite file named by DATABASE_URL, so hand attio-verify the dev key ring the
    // service generated, exactly as an operator would export TOKEN_ENCRYPTION_KEYS.
    const devKey = loadOrCreateDevKeyRing(config.store.dataDir);
    const lines: string[] = [];
    const writer = {
      write: (text: string) => lines.push(...text.split('\n').filter((l) => l.length > 0)),
    };
    const io: CliIo = {
      stdout: writer,
      stderr: writer,
      stdin: Readable.from([]),
      env: {
        ATTIO_API_BASE_URL: sandbox.urls.api,
        DATABASE_URL: config.store.databaseUrl,
        TOKEN_ENCRYPTION_KEYS: devKey.value,
        NO_COLOR: '1',
      },
      cwd: process.cwd(),
      isTTY: false,
      fetch: globalThis.fetch,
    };
    const exitCode = await run(['--workspace', workspaceId], io);
    const token = await service.store.getToken(workspaceId);
    for (const line of lines) {
      if ((token && line.includes(token)) || line.includes(devKey.value))
        throw new Error('attio-verify printed a secret');
      ctx.say(line);
    }
    if (exitCode !== 0)
      throw new Error(`attio-verify exited ${exitCode}; expected 0 for a fresh install`);
    ctx.say('attio-verify exited 0: the token works, for the workspace it was installed in');
  },
};
