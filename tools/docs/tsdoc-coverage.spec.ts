import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listLibs, missingDocs } from './tsdoc-coverage.js';

const workspaceRoot = join(__dirname, '..', '..');

describe('tsdoc-coverage', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tsdoc-coverage-'));
    const src = join(root, 'libs', 'demo', 'src');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(root, 'libs', 'demo', 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(src, 'index.ts'),
      "export * from './documented.js';\nexport { bare, noExample, type Shape } from './undocumented.js';\n",
    );
    writeFileSync(
      join(src, 'documented.ts'),
      '/**\n * Adds.\n *\n * @example\n * add(1, 2); // 3\n */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n',
    );
    writeFileSync(
      join(src, 'undocumented.ts'),
      'export const bare = 1;\n/** Says hi. */\nexport function noExample(): string {\n  return "hi";\n}\nexport interface Shape {\n  x: number;\n}\n',
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('when exports lack TSDoc or an @example, then each is listed with its place; documented ones are not', () => {
    expect(missingDocs(root, 'demo')).toEqual([
      { lib: 'demo', name: 'bare', where: 'libs/demo/src/undocumented.ts:1', problem: 'no TSDoc' },
      {
        lib: 'demo',
        name: 'noExample',
        where: 'libs/demo/src/undocumented.ts:3',
        problem: 'no @example',
      },
      { lib: 'demo', name: 'Shape', where: 'libs/demo/src/undocumented.ts:6', problem: 'no TSDoc' },
    ]);
  });

  it('when the real libs are checked, then every public export has TSDoc with an @example', () => {
    const missing = listLibs(workspaceRoot).flatMap((lib) => missingDocs(workspaceRoot, lib));
    expect(missing.map((m) => `${m.lib}: ${m.name} (${m.problem}) ${m.where}`)).toEqual([]);
  }, 120_000);
});
