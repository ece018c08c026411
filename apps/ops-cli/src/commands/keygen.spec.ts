import { parseKeyRing } from '@attio-auth/connection-store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../run.js';
import { captureIo } from '../testing/capture-io.js';

const cwd = mkdtempSync(join(tmpdir(), 'ops-cli-keygen-'));

it('when keygen runs with --kid, then stdout is one valid key-ring entry and the steps go to stderr', async () => {
  const io = captureIo({ cwd });
  expect(await run(['keygen', '--kid', '2026-12'], io)).toBe(0);
  const entry = io.out().trimEnd();
  expect(io.out()).toMatch(/^2026-12:[A-Za-z0-9+/]{43}=\n$/);
  expect(parseKeyRing(entry).activeKeyId).toBe('2026-12');
  expect(io.err()).toContain(
    '1. Put it first in TOKEN_ENCRYPTION_KEYS (newest first): TOKEN_ENCRYPTION_KEYS=2026-12:…,<old entries>',
  );
  expect(io.err()).not.toContain(entry.split(':')[1]);
});

it('when the kid has characters a key ring refuses, then exit 64 and no key is printed', async () => {
  const io = captureIo({ cwd });
  expect(await run(['keygen', '--kid', 'bad kid'], io)).toBe(64);
  expect(io.out()).toBe('');
  expect(io.err()).toBe(
    'attio-auth: error: --kid must be 1–64 letters, digits, ".", "_" or "-", e.g. --kid 2026-12.\n',
  );
});
