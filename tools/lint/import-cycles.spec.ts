/**
 * The root ESLint config refuses import cycles: lints two tiny fixtures written to a temp folder with the
 * workspace's own config, one whose two files import each other and one whose imports go one way only.
 * ESLint loads its config with a native dynamic import(), which Jest's module sandbox cannot run, so its
 * Node API runs in one child node process that lints both fixtures and prints the messages as JSON.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Loading the workspace config (typescript-eslint, the Nx plugin) in a fresh process takes 10-20 s on
// the shared 2-core machine while other suites run.
jest.setTimeout(60_000);

const WORKSPACE = resolve(__dirname, '..', '..');

/** Lints `*.ts` in each folder argv[2..] with the config file argv[1]; prints one message list per folder. */
const LINT_SCRIPT = `
import { ESLint } from 'eslint';
const [overrideConfigFile, ...dirs] = process.argv.slice(1);
const out = [];
for (const cwd of dirs) {
  const results = await new ESLint({ cwd, overrideConfigFile }).lintFiles(['*.ts']);
  out.push(results.flatMap((r) => r.messages.map((m) =>
    ({ file: r.filePath.slice(cwd.length + 1), ruleId: m.ruleId, message: m.message }))));
}
console.log(JSON.stringify(out));
`;

interface LintMessage {
  file: string;
  ruleId: string | null;
  message: string;
}

const CYCLIC = {
  'a.ts': "import { b } from './b.js';\n\nexport const a = (): number => b() + 1;\n",
  'b.ts': "import { a } from './a.js';\n\nexport const b = (): number => (a.length > 0 ? 1 : 0);\n",
};

const ACYCLIC = {
  'a.ts': "import { b } from './b.js';\n\nexport const a = (): number => b() + 1;\n",
  'b.ts': "import { c } from './c.js';\n\nexport const b = (): number => c;\n",
  'c.ts': 'export const c = 2;\n',
};

function fixture(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('import cycle rule of the root ESLint config', () => {
  const dirs = [fixture(CYCLIC), fixture(ACYCLIC)];
  let cyclic: LintMessage[];
  let acyclic: LintMessage[];

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', LINT_SCRIPT, join(WORKSPACE, 'eslint.config.mjs'), ...dirs],
      { cwd: WORKSPACE },
    );
    [cyclic = [], acyclic = []] = JSON.parse(stdout) as LintMessage[][];
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('when two files import each other, then both imports are reported as a cycle', () => {
    expect(cyclic).toEqual([
      { file: 'a.ts', ruleId: 'import-x/no-cycle', message: 'Dependency cycle detected' },
      { file: 'b.ts', ruleId: 'import-x/no-cycle', message: 'Dependency cycle detected' },
    ]);
  });

  it('when imports go one way only, then nothing is reported', () => {
    expect(acyclic).toEqual([]);
  });
});
