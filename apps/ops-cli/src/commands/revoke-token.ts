import { terminalSafe } from '@attio-auth/attio-errors';
import { revokeToken } from '@attio-auth/attio-oauth';
import { UsageError } from '../cli/usage-error.js';
import { readAllText } from '../io.js';
import type { CommandHandler } from './command.js';
import { revokeFailure } from './revoke-outcome.js';

/**
 * `revoke-token`: the leak response. Reads one access token from stdin (never argv: it would sit in
 * the shell history and `ps`), revokes it at ATTIO_REVOKE_URL whether or not the store holds it,
 * and prints the outcome, never the token.
 */
export const revokeTokenCommand: CommandHandler = async (ctx) => {
  const token = await readAllText(ctx.io.stdin);
  if (token === '') {
    throw new UsageError(
      'revoke-token reads the token from stdin: attio-auth revoke-token < token.txt (or paste it and press Ctrl-D).',
    );
  }
  if (/\s/.test(token)) {
    throw new UsageError('stdin holds more than one word; give revoke-token exactly one token.');
  }
  const revokeUrl = ctx.config.revoke.url;
  try {
    const { alreadyGone } = await revokeToken({ token, revokeUrl, fetch: ctx.io.fetch });
    const state = alreadyGone ? 'already_gone' : 'revoked';
    return {
      outcome: 'ok',
      data: { state, revokeUrl, tokenLength: token.length },
      text: alreadyGone
        ? `✓ Attio no longer knows this token (revoked earlier or never issued): nothing is live.\n`
        : `✓ revoked at ${terminalSafe(revokeUrl)}: the token no longer works.\n`,
    };
  } catch (error) {
    const failure = revokeFailure(error);
    return {
      outcome: failure.outcome,
      data: { state: 'failed', revokeUrl, code: failure.code },
      text: '',
      error: `${terminalSafe(failure.message)} The token may still be live: run revoke-token again.`,
    };
  }
};
