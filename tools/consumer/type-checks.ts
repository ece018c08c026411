/**
 * Step (c) of the consumer test, and our stand-in for @arethetypeswrong/cli: the consumer's TypeScript files
 * (public-api.mts, public-api.cts, every README snippet) are type-checked with `strict` against the installed tarballs under each resolution mode a team may use:
 * - `nodenext` (ESM .mts/.ts and CJS .cts; TypeScript ≥ 5.8 models Node 20.19+'s require(esm)), which also emits
 *   the JavaScript that step (d) runs (even on a type error, so one bad README block does not hide the run results);
 * - `node16` from ESM (older configs);
 * - `bundler` (Vite, esbuild, webpack users).
 * Each mode resolves the `types` condition of every export, so a missing or wrong declaration file or an ESM/CJS
 * mismatch fails here. The nodenext run also checks the libs' .d.ts files themselves (`skipLibCheck: false`: a
 * broken relative import or a type that needs an undeclared dependency fails); the other two skip that (the
 * .d.ts files are the same, and checking @types/node three times costs ~20 s each on a shared machine).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type ResolutionMode = 'nodenext' | 'node16-esm' | 'bundler';

const COMMON = {
  strict: true,
  skipLibCheck: true,
  target: 'es2022',
  lib: ['es2022', 'dom'],
  types: ['node'],
};

function tsconfigFor(mode: ResolutionMode, esmFiles: readonly string[]): Record<string, unknown> {
  switch (mode) {
    case 'nodenext':
      return {
        compilerOptions: {
          ...COMMON,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          skipLibCheck: false,
          outDir: 'out',
          rootDir: '.',
          noEmitOnError: false,
        },
        files: [...esmFiles, 'public-api.cts'],
      };
    case 'node16-esm':
      return {
        compilerOptions: { ...COMMON, module: 'node16', moduleResolution: 'node16', noEmit: true },
        files: esmFiles,
      };
    case 'bundler':
      return {
        compilerOptions: {
          ...COMMON,
          module: 'preserve',
          moduleResolution: 'bundler',
          noEmit: true,
        },
        files: esmFiles,
      };
  }
}

/**
 * Writes tsconfig.<mode>.json and runs the workspace's TypeScript on it (by absolute path: the consumer project
 * does not install TypeScript). Throws with tsc's diagnostics on failure.
 */
export function typeCheck(
  projectDir: string,
  tscPath: string,
  mode: ResolutionMode,
  esmFiles: readonly string[],
): void {
  const config = `tsconfig.${mode}.json`;
  writeFileSync(
    join(projectDir, config),
    `${JSON.stringify(tsconfigFor(mode, esmFiles), null, 2)}\n`,
  );
  try {
    execFileSync(process.execPath, [tscPath, '-p', config, '--pretty', 'false'], {
      cwd: projectDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`tsc -p ${config} failed:\n${`${err.stdout ?? ''}${err.stderr ?? ''}`.trim()}`);
  }
}
