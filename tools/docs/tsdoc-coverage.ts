/**
 * The TSDoc rule for the libs' public API: every export of a lib's src/index.ts has a TSDoc comment, and every
 * exported function and class (a `const` holding a function counts as one) also carries an `@example` a user
 * can copy. Types, interfaces and plain constants need the comment only: an example of a type alias is
 * rarely more than its declaration again. This lists the offending exports with the TypeScript compiler API.
 *
 *   npm run tool -- tools/docs/tsdoc-coverage.ts            # report, exit 1 when something is missing
 *   npm run tool -- tools/docs/tsdoc-coverage.ts attio-core # one lib
 */
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export interface MissingDoc {
  readonly lib: string;
  readonly name: string;
  /** `file:line` of the declaration, relative to the workspace root. */
  readonly where: string;
  readonly problem: 'no TSDoc' | 'no @example';
}

/** Functions and classes need an `@example`; so does a `const` whose value can be called or constructed. */
function needsExample(decl: ts.Declaration, checker: ts.TypeChecker): boolean {
  if (ts.isFunctionDeclaration(decl) || ts.isClassDeclaration(decl)) return true;
  if (!ts.isVariableDeclaration(decl)) return false;
  const init = decl.initializer;
  if (
    init &&
    (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init))
  )
    return true;
  const type = checker.getTypeAtLocation(decl);
  return type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0;
}

function verdict(decl: ts.Declaration, checker: ts.TypeChecker): 'ok' | 'no TSDoc' | 'no @example' {
  // A `const x = …` is documented on its statement; a class member or function on itself.
  const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
  const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc);
  if (docs.length === 0) return 'no TSDoc';
  if (!needsExample(decl, checker)) return 'ok';
  return ts.getJSDocTags(host).some((t) => t.tagName.text === 'example') ? 'ok' : 'no @example';
}

/** Public exports of libs/<lib>/src/index.ts that lack TSDoc, or, for functions and classes, an @example. */
export function missingDocs(workspaceRoot: string, lib: string): MissingDoc[] {
  const index = join(workspaceRoot, 'libs', lib, 'src', 'index.ts');
  const program = ts.createProgram([index], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(index);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`cannot read ${index}`);
  const missing: MissingDoc[] = [];
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decls = (symbol.declarations ?? []).filter((d) => !d.getSourceFile().isDeclarationFile);
    if (decls.length === 0) continue;
    // A name that is both a value and a type (`ErrorCode`) is fine when any of its declarations has the example.
    const verdicts = decls.map((d) => verdict(d, checker));
    if (verdicts.includes('ok')) continue;
    const decl = decls[0] as ts.Declaration;
    const file = decl.getSourceFile();
    const line = file.getLineAndCharacterOfPosition(decl.getStart()).line + 1;
    missing.push({
      lib,
      name: exported.name,
      where: `${relative(workspaceRoot, file.fileName)}:${line}`,
      problem: verdicts.includes('no @example') ? 'no @example' : 'no TSDoc',
    });
  }
  return missing.sort((a, b) => a.where.localeCompare(b.where));
}

export function listLibs(workspaceRoot: string): string[] {
  return readdirSync(join(workspaceRoot, 'libs')).sort();
}

if (process.argv[1]?.endsWith('tsdoc-coverage.ts')) {
  const root = resolve(dirname(process.argv[1]), '..', '..');
  const libs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : listLibs(root);
  let total = 0;
  for (const lib of libs) {
    const missing = missingDocs(root, lib);
    total += missing.length;
    console.log(
      `${lib}: ${missing.length === 0 ? 'every public export has TSDoc, every function and class an @example' : `${missing.length} missing`}`,
    );
    for (const m of missing)
      console.log(`  ${m.name.padEnd(32)} ${m.problem.padEnd(12)} ${m.where}`);
  }
  process.exitCode = total > 0 ? 1 : 0;
}
