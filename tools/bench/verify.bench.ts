/**
 * `attio-verify` start-up and end-to-end time, from the BUILT binary (dist/apps/verify-cli/main.js,
 * what the `bin` runs), each beside a baseline measured in the same run, runs alternating so load drift
 * on this shared machine hits both sides alike:
 *
 * 1. cold start: `attio-verify --version` vs `node -e 0`, median of 20 runs each. Target ≤ 2.5×: the
 *    CLI loads attio-core, zod and the connection store lazily, so --version pays for none of them.
 * 2. full verify (all six checks, token from the environment) against an in-process sandbox vs a bare
 *    node process that fetches the same two endpoints (/v2/self and /v2/objects), median of 10 each.
 *
 * Needs a build first: `npx nx build verify-cli`. Then `npm run bench -- verify`
 * (or `npm run tool -- tools/bench/verify.bench.ts [--runs 20] [--verify-runs 10]`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSandbox } from '@attio-auth/attio-sandbox';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'verify-runs': { type: 'string', default: '10' },
  },
});
const RUNS = Number(values.runs);
const VERIFY_RUNS = Number(values['verify-runs']);
const TARGET_RATIO = 2.5;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = join(root, 'dist', 'apps', 'verify-cli', 'main.js');

/** Wall time of one child process, spawn to exit, in ms; fails loudly on an unexpected exit code. */
function timeChild(args: string[], env: Record<string, string>, expectCode = 0): Promise<number> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== expectCode)
        fail(
          new Error(`node ${args.join(' ')} exited ${code}, expected ${expectCode}:\n${output}`),
        );
      else done(ms);
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1
    ? (s[mid] as number)
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

async function alternate(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<[number[], number[]]> {
  const as: number[] = [];
  const bs: number[] = [];
  await a(); // warm the file-system cache for both before measuring
  await b();
  for (let i = 0; i < runs; i += 1) {
    as.push(await a());
    bs.push(await b());
  }
  return [as, bs];
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function main(): Promise<void> {
  if (!existsSync(binary)) {
    console.error(`No build at ${binary}. Run "npx nx build verify-cli" first.`);
    process.exit(78);
  }
  console.log(`attio-verify benchmark (${binary}); Node ${process.version}`);

  const [base, version] = await alternate(
    RUNS,
    () => timeChild(['-e', '0'], {}),
    () => timeChild([binary, '--version'], {}),
  );
  const ratio = median(version) / median(base);
  console.log(`\ncold start, median of ${RUNS} runs each`);
  console.log(
    `  node -e 0                 ${fmt(median(base))}   (min ${fmt(Math.min(...base))}, max ${fmt(Math.max(...base))})`,
  );
  console.log(
    `  attio-verify --version    ${fmt(median(version))}   (min ${fmt(Math.min(...version))}, max ${fmt(Math.max(...version))})`,
  );
  console.log(
    `  ratio ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
  );

  const sandbox = await startSandbox({ rateLimit: false });
  try {
    const env = {
      ATTIO_API_KEY: sandbox.fixtures.tokens.full,
      ATTIO_API_BASE_URL: sandbox.urls.api,
    };
    // The baseline does the two HTTP calls the verify makes, with nothing else: no checks, no output.
    const bare =
      "const h={authorization:'Bearer '+process.env.ATTIO_API_KEY};const u=process.env.ATTIO_API_BASE_URL;" +
      "for (const p of ['/v2/self','/v2/objects']) { const r = await fetch(u+p,{headers:h}); await r.text(); if (!r.ok) process.exit(1); }";
    const [direct, full] = await alternate(
      VERIFY_RUNS,
      () => timeChild(['--input-type=module', '-e', bare], env),
      () => timeChild([binary], env),
    );
    console.log(
      `\nfull verify against an in-process sandbox (6 checks, 2 HTTP calls), median of ${VERIFY_RUNS} runs each`,
    );
    console.log(`  bare node fetch of /v2/self + /v2/objects   ${fmt(median(direct))}`);
    console.log(`  attio-verify (all checks)                    ${fmt(median(full))}`);
    console.log(`  ratio ${(median(full) / median(direct)).toFixed(2)}×`);
  } finally {
    await sandbox.close();
  }
  if (ratio > TARGET_RATIO) process.exitCode = 1;
}

await main();
