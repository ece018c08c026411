/**
 * README examples that cannot rot: every ```ts fence in every lib README is extracted into its own module of
 * the consumer project and type-checked (strict) against the packed libs; attio-core's first block — the quick
 * start a newcomer copies — is also compiled and run against the sandbox. A snippet is a complete module: it
 * imports what it uses. Fences tagged ```ts ignore are shown but neither checked nor run (use sparingly).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReadmeSnippet {
  /** Folder under libs/, e.g. `attio-core`. */
  readonly lib: string;
  /** 1-based index among the lib's checked ```ts blocks. */
  readonly index: number;
  /** 1-based line of the opening fence in the README, for error messages. */
  readonly line: number;
  readonly code: string;
  /** Tagged ```ts run: the consumer test also executes it (exit 0 expected). */
  readonly run: boolean;
  /** Path of the module inside the consumer project, e.g. `readme/attio-core-1.ts`. */
  readonly file: string;
}

const FENCE = /^```(\S*)[ \t]*(.*)$/;

/**
 * Extracts the ```ts / ```typescript blocks of a Markdown text (pure; exported for the unit test).
 *
 * @example
 * extractTsBlocks('x\n```ts run\nconst a = 1;\n```\n'); // [{ line: 2, code: 'const a = 1;\n', run: true }]
 */
export function extractTsBlocks(markdown: string): { line: number; code: string; run: boolean }[] {
  const blocks: { line: number; code: string; run: boolean }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const [, lang, info] = open;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    if ((lang === 'ts' || lang === 'typescript') && !/\bignore\b/.test(info ?? '')) {
      blocks.push({
        line: i + 1,
        code: `${lines.slice(i + 1, end).join('\n')}\n`,
        run: /\brun\b/.test(info ?? ''),
      });
    }
    i = end;
  }
  return blocks;
}

/** Every checked snippet of libs/<lib>/README.md, for each lib folder given. */
export function readmeSnippets(workspaceRoot: string, libs: readonly string[]): ReadmeSnippet[] {
  return libs.flatMap((lib) => {
    const path = join(workspaceRoot, 'libs', lib, 'README.md');
    if (!existsSync(path)) return [];
    return extractTsBlocks(readFileSync(path, 'utf8')).map((b, i) => ({
      lib,
      index: i + 1,
      line: b.line,
      code: b.code,
      run: b.run,
      file: `readme/${lib}-${i + 1}.ts`,
    }));
  });
}

/**
 * Writes the snippets into the project. `export {}` makes each one a module even when it has no import, so
 * top-level await works and names never collide across snippets.
 */
export function writeSnippets(projectDir: string, snippets: readonly ReadmeSnippet[]): void {
  mkdirSync(join(projectDir, 'readme'), { recursive: true });
  for (const s of snippets) {
    writeFileSync(
      join(projectDir, s.file),
      `// libs/${s.lib}/README.md line ${s.line}\n${s.code}export {};\n`,
    );
  }
}
