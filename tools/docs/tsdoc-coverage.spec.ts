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
      [
        "export * from './documented.js';",
        "export { bare, noExample, type Shape } from './undocumented.js';",
        "export { Plain, arrow, LIMIT, type Options, type Mode } from './types-and-values.js';",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(src, 'documented.ts'),
      '/**\n * Adds.\n *\n * @example\n * add(1, 2); // 3\n */\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n',
    );
    writeFileSync(
      join(src, 'undocumented.ts'),
      'export const bare = 1;\n/** Says hi. */\nexport function noExample(): string {\n  return "hi";\n}\nexport interface Shape {\n  x: number;\n}\n',
    );
    writeFileSync(
      join(src, 'types-and-values.ts'),
      [
        '/** A class without an example. */',
        'export class Plain {}',
        '/** A function held in a const, without an example. */',
        'export const arrow = (): number => 1;',
        '/** A plain constant: a comment is enough. */',
        'export const LIMIT = 10;',
        '/** Options: a comment is enough for an interface. */',
        'export interface Options {',
        '  readonly n: number;',
        '}',
        '/** A type alias: a comment is enough. */',
        "export type Mode = 'a' | 'b';",
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('when exports lack TSDoc, or functions and classes lack an @example, then each is listed with its place', () => {
    expect(missingDocs(root, 'demo')).toEqual([
      {
        lib: 'demo',
        name: 'Plain',
        where: 'libs/demo/src/types-and-values.ts:2',
        problem: 'no @example',
      },
      {
        lib: 'demo',
        name: 'arrow',
        where: 'libs/demo/src/types-and-values.ts:4',
        problem: 'no @example',
      },
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

  it('when a documented interface, type alias or plain constant has no @example, then it is not listed', () => {
    const names = missingDocs(root, 'demo').map((m) => m.name);
    expect(names).not.toContain('Options');
    expect(names).not.toContain('Mode');
    expect(names).not.toContain('LIMIT');
    expect(names).not.toContain('add');
  });

  it('when the real libs are checked, then every export has TSDoc and every function and class an @example', () => {
    const missing = listLibs(workspaceRoot).flatMap((lib) => missingDocs(workspaceRoot, lib));
    expect(missing.map((m) => `${m.lib}: ${m.name} (${m.problem}) ${m.where}`)).toEqual([]);
  }, 120_000);
});
