/**
 * Consumer test: do the libs work for a team that installs them from tarballs in its own repository?
 *
 *   npm run consumer            (= npm run tool -- tools/consumer/consumer-test.ts; CI: .ci/steps/consumer.sh)
 *
 * Builds every lib (nx build), packs each as it would be published (tools/consumer/pack-libs.ts), installs the
 * tarballs into a new project under os.tmpdir() (outside the workspace), then:
 *   (a) imports each lib from an ES module,  (b) require()s each from CommonJS (Node ≥ 20.19, no flag),
 *   (c) type-checks a strict consumer (ESM, CJS, every lib README ```ts block) under nodenext, node16 and bundler,
 *   (d) runs the consumer against the sandbox: in process, from CJS, and the attio-core README quick start (plus
 *       every README block tagged ```ts run) against the sandbox started from the packed `attio-sandbox` bin —
 *       the newcomer path of the root README.
 * Prints one line per check and `suite: N passed, N failed`; exits 1 on any failure.
 * Each tarball is also checked by @arethetypeswrong/cli, installed into the temp dir (tools/consumer/attw.ts).
 * Flags/env: --skip-build (use the current dist/), CONSUMER_KEEP=1 (keep the temp dir), CONSUMER_NATIVE_BUILD=1
 * (let better-sqlite3's install script build its binding instead of reusing the workspace's; slow),
 * CONSUMER_ATTW=0 (skip attw, e.g. without registry access).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATTW_VERSION, installAttw, runAttw } from './attw.js';
import { assertEqual, CheckRunner, need } from './check-runner.js';
import { addFixture, cleanEnv, createConsumerProject, runNode } from './consumer-project.js';
import { buildLibs, listLibFolders, packLibs, WORKSPACE_ROOT } from './pack-libs.js';
import { readmeSnippets, writeSnippets } from './readme-snippets.js';
import { startSandboxProcess } from './sandbox-process.js';
import { checkTarball, EXPECTED_EXPORTS, EXPECTED_PUBLIC_API_RUN } from './expectations.js';
import { typeCheck, type ResolutionMode } from './type-checks.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const tsc = join(WORKSPACE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const runner = new CheckRunner();
const work = mkdtempSync(join(tmpdir(), 'attio-auth-consumer-'));
const started = performance.now();
console.log(`consumer test: ${work}`);

try {
  if (!process.argv.includes('--skip-build'))
    await runner.check('build every lib (nx build → dist/)', () => buildLibs());
  const packed = await runner.check(
    'npm pack every lib (staged copy: internal "*" → exact versions)',
    () => packLibs({ outDir: join(work, 'tarballs') }),
  );
  for (const lib of packed ?? []) {
    await runner.check(`tarball ${lib.name}@${lib.version}: manifest and files`, () =>
      checkTarball(lib),
    );
  }
  if (process.env['CONSUMER_ATTW'] !== '0') {
    const attw = await runner.check(
      `install @arethetypeswrong/cli@${ATTW_VERSION} outside the workspace`,
      () => installAttw(join(work, 'attw')),
    );
    for (const lib of packed ?? []) {
      await runner.check(`attw --profile esm-only ${lib.name}: no problems`, () =>
        runAttw(need(attw, 'attw install'), lib.tarball),
      );
    }
  }
  const project = await runner.check(
    'npm install the tarballs into a project outside the workspace',
    () =>
      createConsumerProject(join(work, 'consumer'), need(packed, 'npm pack'), {
        workspaceRoot: WORKSPACE_ROOT,
        nativeBuild: process.env['CONSUMER_NATIVE_BUILD'] === '1',
      }),
  );
  if (project) console.log(`    better-sqlite3 binding: ${project.nativeBinding}`);
  const names = Object.keys(EXPECTED_EXPORTS);

  // (a) ES module import
  const esm = await runner.check('(a) import every lib from an ES module', () => {
    const p = need(project, 'install');
    const out = JSON.parse(runNode(p, [addFixture(p, fixtures, 'esm-import.mjs'), ...names])) as {
      exports: Record<string, string[]>;
    };
    for (const [name, expected] of Object.entries(EXPECTED_EXPORTS)) {
      const missing = expected.filter((e) => !(out.exports[name] ?? []).includes(e));
      if (missing.length > 0) throw new Error(`${name} lacks exports ${missing.join(', ')}`);
    }
    return out.exports;
  });

  // (b) CommonJS require (require(esm), Node 20.19+)
  await runner.check(
    `(b) require() every lib from CommonJS on Node ${process.versions.node}`,
    () => {
      const p = need(project, 'install');
      const out = JSON.parse(
        runNode(p, [addFixture(p, fixtures, 'cjs-require.cjs'), ...names]),
      ) as {
        exports: Record<string, string[]>;
      };
      assertEqual(out.exports, need(esm, '(a)'), 'require() export names vs import()');
    },
  );

  // (c) strict type-check: public API (ESM + CJS) and every README ```ts block
  const snippets = readmeSnippets(WORKSPACE_ROOT, listLibFolders());
  await runner.check('attio-core README has a ```ts quick start', () => {
    if (!snippets.some((s) => s.lib === 'attio-core'))
      throw new Error('libs/attio-core/README.md has no ```ts block');
  });
  const esmFiles = ['public-api.mts', ...snippets.map((s) => s.file)];
  for (const mode of ['nodenext', 'node16-esm', 'bundler'] as ResolutionMode[]) {
    const what = mode === 'nodenext' ? 'public-api.mts + public-api.cts' : 'public-api.mts';
    await runner.check(
      `(c) tsc --strict, ${mode}: ${what} + ${snippets.length} README snippets`,
      () => {
        const p = need(project, 'install');
        if (mode === 'nodenext') {
          addFixture(p, fixtures, 'public-api.mts');
          addFixture(p, fixtures, 'public-api.cts');
          writeSnippets(p.dir, snippets);
        }
        typeCheck(p.dir, tsc, mode, esmFiles);
      },
    );
  }

  // (d) run it against the sandbox
  await runner.check(
    '(d) ESM consumer: sandbox in process, /v2/self, SQLite store, typed errors',
    () => {
      const out = JSON.parse(runNode(need(project, 'install'), ['out/public-api.mjs'])) as unknown;
      assertEqual(out, EXPECTED_PUBLIC_API_RUN, 'public-api.mjs output');
    },
  );
  await runner.check('(d) CJS consumer (require): /v2/self with the read-only token', () => {
    const out = JSON.parse(runNode(need(project, 'install'), ['out/public-api.cjs'])) as unknown;
    assertEqual(
      out,
      { active: true, workspaceName: 'Acme Sandbox', isAttioError: false },
      'public-api.cjs output',
    );
  });
  const sandbox = await runner.check(
    '(d) start the sandbox from the packed attio-sandbox bin',
    () => startSandboxProcess(need(project, 'install').dir, cleanEnv()),
  );
  try {
    const quickStart = snippets.find((s) => s.lib === 'attio-core');
    await runner.check('(d) attio-core README quick start calls /v2/self on that sandbox', () => {
      const s = need(sandbox, 'sandbox bin');
      const file = need(quickStart, 'README quick start').file.replace(/\.ts$/, '.js');
      const out = runNode(need(project, 'install'), [join('out', file)], {
        ATTIO_API_KEY: s.info.fixtures.tokens['full'] ?? '',
        ATTIO_API_BASE_URL: s.info.apiUrl,
      });
      if (!out.includes('Acme Sandbox'))
        throw new Error(`expected the workspace name "Acme Sandbox" in: ${out}`);
      if (out.includes(s.info.fixtures.tokens['full'] ?? '\0'))
        throw new Error('the quick start printed the token');
    });
    for (const s of snippets.filter((x) => x.run)) {
      await runner.check(
        `(d) README example libs/${s.lib}/README.md:${s.line} (ts run) exits 0`,
        () => {
          const info = need(sandbox, 'sandbox bin').info;
          runNode(need(project, 'install'), [join('out', s.file.replace(/\.ts$/, '.js'))], {
            ATTIO_API_KEY: info.fixtures.tokens['full'] ?? '',
            ATTIO_API_BASE_URL: info.apiUrl,
          });
        },
      );
    }
  } finally {
    if (sandbox)
      await runner.check('(d) the sandbox bin stops on SIGTERM with exit 0', async () =>
        assertEqual(await sandbox.stop(), 0, 'exit code'),
      );
  }
} finally {
  if (process.env['CONSUMER_KEEP'] === '1') console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(`consumer test took ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log(runner.summaryLine());
process.exitCode = runner.failed > 0 ? 1 : 0;
