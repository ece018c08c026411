import { generateKeyRingEntry } from '@attio-auth/connection-store';
import { UsageError } from '../cli/usage-error.js';
import type { CommandHandler } from './command.js';

/**
 * `keygen [--kid K]`: a new key-ring entry `kid:base64(32 random bytes)` and how to put it in
 * service. This is the one command whose output is key material: it goes to stdout only, meant
 * for a secret manager, and nothing else is printed with it in `--json`.
 */
export const keygenCommand: CommandHandler = async (ctx) => {
  const kid = ctx.values['kid'];
  let entry: string;
  try {
    entry = typeof kid === 'string' ? generateKeyRingEntry(kid.trim()) : generateKeyRingEntry();
  } catch {
    throw new UsageError(
      '--kid must be 1–64 letters, digits, ".", "_" or "-", e.g. --kid 2026-12.',
    );
  }
  const id = entry.slice(0, entry.indexOf(':'));
  const steps = [
    `1. Put it first in TOKEN_ENCRYPTION_KEYS (newest first): TOKEN_ENCRYPTION_KEYS=${id}:…,<old entries>`,
    '2. Restart the callback service and token-health so new tokens are sealed with it.',
    '3. Run attio-auth rotate-keys to re-encrypt the stored tokens, then drop the old entries.',
  ];
  // The entry alone on stdout (`attio-auth keygen > new-key`), the instructions on stderr.
  if (!ctx.output.json) ctx.io.stderr.write(`${steps.join('\n')}\n`);
  return { outcome: 'ok', data: { kid: id, entry, steps }, text: `${entry}\n` };
};
