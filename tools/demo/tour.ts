/**
 * `npm run demo`: a scripted, non-interactive tour of the install flow over real HTTP. Runs every step in
 * ./steps/ in file-name order (start the stack, /install, consent page, Approve, callback, show the stored
 * connection, and whatever steps others add), then closes everything. Exit 0 when every step passed, 1 otherwise.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { CookieJar } from '@attio-auth/oauth-callback/testing';

import type { TourContext, TourStep } from './tour-step.js';

const stepsDir = join(dirname(fileURLToPath(import.meta.url)), 'steps');
const files = readdirSync(stepsDir)
  .filter((f) => /^\d+-[a-z0-9-]+\.ts$/.test(f))
  .sort();

const ctx: TourContext = {
  jar: new CookieJar(),
  extras: {},
  say: (line) => process.stdout.write(`     ${line}\n`),
};

let failed = false;
process.stdout.write(
  'attio-auth demo tour: install a workspace through the real OAuth flow against the sandbox\n\n',
);
try {
  for (const [index, file] of files.entries()) {
    const mod = (await import(pathToFileURL(join(stepsDir, file)).href)) as { step?: TourStep };
    if (!mod.step) throw new Error(`${file} does not export "step"`);
    process.stdout.write(`${String(index + 1).padStart(2)}. ${mod.step.title}\n`);
    try {
      await mod.step.run(ctx);
    } catch (err) {
      throw new Error(`step "${mod.step.title}" (${file}) failed: ${(err as Error).message}`);
    }
  }
  process.stdout.write(
    '\nDone: the workspace is installed and its connection stored. Run `npm start` to try it in a browser.\n',
  );
} catch (err) {
  failed = true;
  process.stderr.write(`\nDemo failed: ${(err as Error).message}\n`);
} finally {
  await ctx.stack?.close();
}
process.exitCode = failed ? 1 : 0;
