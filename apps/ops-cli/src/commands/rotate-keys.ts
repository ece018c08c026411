import { wholeNumber } from '../cli/flag-values.js';
import { createProgress } from '../output/progress.js';
import { openStore } from '../store/open-store.js';
import type { CommandHandler } from './command.js';

/**
 * `rotate-keys`: re-encrypts every sealed token (connections, soft-deleted ones too, and pending
 * revocations) with the first key of TOKEN_ENCRYPTION_KEYS. The store rotates each row in its own
 * transaction that re-reads it under lock, so a run killed at any point (even SIGKILL) leaves every
 * row either on its old key or fully on the new one, and a re-run continues with what is left.
 * A progress bar is drawn on stderr when it is a terminal.
 */
export const rotateKeysCommand: CommandHandler = async (ctx) => {
  const batchSize = wholeNumber(ctx.values['batch-size'] as string | undefined, {
    name: 'batch-size',
    fallback: 100,
    min: 1,
    max: 10_000,
  });
  const store = await openStore(ctx.config, ctx.io.cwd);
  const bar = createProgress(ctx.io.stderr, {
    draw: ctx.drawProgress,
    label: 'tokens re-encrypted',
  });
  try {
    const { rotated } = await store.rotateKeys({
      batchSize,
      onProgress: ({ rotated: done, total }) => bar.update(done, total),
    });
    bar.done();
    const keyIds = await store.keyIdsInUse();
    return {
      outcome: 'ok',
      data: { rotated, keyIdsInUse: keyIds },
      text:
        `✓ ${rotated} token${rotated === 1 ? '' : 's'} re-encrypted; key ids in use: ${keyIds.join(', ') || 'none (empty store)'}.\n` +
        (keyIds.length <= 1
          ? 'Older entries of TOKEN_ENCRYPTION_KEYS can now be removed (restart the services after).\n'
          : ''),
    };
  } finally {
    bar.done();
    await store.close();
  }
};
