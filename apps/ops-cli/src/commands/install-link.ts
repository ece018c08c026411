import { randomBytes } from 'node:crypto';
import { httpUrl } from '@attio-auth/app-config';
import { terminalSafe } from '@attio-auth/attio-errors';
import { duration, ownerTags } from '../cli/flag-values.js';
import { UsageError } from '../cli/usage-error.js';
import { SetupError } from '../setup-error.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

const DAY_MS = 86_400_000;
/** The service's own bounds for install sessions: default 24 h, at most 7 days. */
export const DEFAULT_EXPIRES_IN = '24h';
const MAX_EXPIRES_MS = 7 * DAY_MS;

/**
 * `install-link`: creates an install session in the store directly (the id is 32 random bytes,
 * base64url; only its hash is stored) and prints `<PUBLIC_BASE_URL>/install/s/<id>`. The link is
 * the credential of a single install: hand it only to the person installing.
 */
export const installLinkCommand: CommandHandler = async (ctx) => {
  const { values, config } = ctx;
  const tags = ownerTags(values['owner'] as string[] | undefined);
  const name = values['name'] as string | undefined;
  if (Object.keys(tags).length === 0 && name === undefined) {
    throw new UsageError(
      'install-link needs an owner: --owner key=value (repeatable) and/or --name "Display name".',
    );
  }
  const reconnect = (values['reconnect'] as string | undefined)?.trim();
  if (reconnect === '') throw new UsageError('--reconnect needs a workspace id.');
  const expiresInMs = duration((values['expires-in'] as string | undefined) ?? DEFAULT_EXPIRES_IN, {
    name: 'expires-in',
    minMs: 60_000,
    maxMs: MAX_EXPIRES_MS,
  });
  const returnTo = values['return-to'] as string | undefined;
  if (returnTo !== undefined && !httpUrl().safeParse(returnTo).success) {
    throw new UsageError(
      '--return-to must be an absolute http(s) URL without credentials or fragment (the service checks it against its allow-list).',
    );
  }
  if (config.publicBaseUrl === undefined) {
    throw new SetupError(
      'PUBLIC_BASE_URL is not set: it is where the callback service is reached, and the link starts there.',
    );
  }
  const id = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now() + expiresInMs);
  const store = await openStore(config, ctx.io.cwd);
  try {
    await store.createInstallSession({
      id,
      kind: reconnect === undefined ? 'install' : 'reconnect',
      workspaceId: reconnect ?? null,
      owner: { ...(name === undefined ? {} : { displayName: name }), tags },
      returnTo: returnTo ?? null,
      expiresAt,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'STORE_CONNECTION_NOT_FOUND') {
      return {
        outcome: 'failed',
        data: { reconnect, found: false },
        text: '',
        error: `no stored connection for workspace ${terminalSafe(reconnect ?? '')}: a reconnect link is for an installed workspace.`,
      };
    }
    if (code === 'STORE_OWNER_INVALID') throw new UsageError((error as Error).message);
    throw error;
  } finally {
    await store.close();
  }
  const url = `${config.publicBaseUrl}/install/s/${id}`;
  return {
    outcome: 'ok',
    data: {
      url,
      kind: reconnect === undefined ? 'install' : 'reconnect',
      workspaceId: reconnect ?? null,
      expiresAt: expiresAt.toISOString(),
    },
    text: `${url}\n`,
    note: `single use, expires ${expiresAt.toISOString()}${reconnect ? `; must come back with workspace ${terminalSafe(reconnect)}` : ''}.\n`,
  };
};
