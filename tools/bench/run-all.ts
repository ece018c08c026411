/**
 * `npm run bench`: runs every benchmark under tools/bench (files named `*.bench.ts`), one after
 * the other in child processes, so one benchmark's sockets and heap never skew the next.
 * Each benchmark prints its own figures and ratios against a baseline measured in the same run.
 * Pass names to run only some: `npm run bench -- transport sandbox`; arguments that start with `-`
 * are passed on to every benchmark run (`npm run bench -- transport --rounds 5`).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Short names for benchmarks whose file name is longer. */
const ALIASES: Record<string, string> = { limiter: 'shared-limiter' };
const args = process.argv.slice(2);
const wanted = args.filter((a) => !a.startsWith('-') && !/^\d/.test(a)).map((a) => ALIASES[a] ?? a);
const passOn = args.filter((a) => a.startsWith('-') || /^\d/.test(a));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

if (benches.length === 0) {
  console.error(`No benchmark matched ${wanted.join(', ') || '(none present)'} in ${here}.`);
  process.exit(64);
}

let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, [...process.execArgv, join(here, file), ...passOn], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed += 1;
    console.error(`${file} exited with ${result.status ?? result.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
