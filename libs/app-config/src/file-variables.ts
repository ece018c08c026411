import { readFileSync } from 'node:fs';

import type { ConfigProblem } from './config-error.js';

/** The environment with every `NAME_FILE` replaced by `NAME`, and what went wrong on the way. */
export interface ResolvedFileVariables {
  readonly env: Readonly<Record<string, string>>;
  readonly problems: readonly ConfigProblem[];
  /** The variables whose value was read from their `_FILE`, for messages that point at the file. */
  readonly fromFile: ReadonlySet<string>;
}

/** The companion variable that names a file holding `name`'s value. */
export const fileVariableOf = (name: string): string => `${name}_FILE`;

/** Blank values count as unset, so an `.env.example` copied as-is gives the defaults. */
export function withoutBlanks(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') out[key] = value;
  }
  return out;
}

/**
 * For each listed `NAME`, `NAME_FILE=<path>` supplies the value from a file, the way Docker and
 * Kubernetes mount secrets (`/run/secrets/<name>`); the trailing newline editors and `echo` add is
 * trimmed. Setting both, or naming a file that cannot be read, is a problem of `NAME_FILE`. A
 * problem names the path and the error code, never the file's contents.
 */
export function resolveFileVariables(
  env: Readonly<Record<string, string>>,
  names: readonly string[],
): ResolvedFileVariables {
  const out: Record<string, string> = { ...env };
  const problems: ConfigProblem[] = [];
  const fromFile = new Set<string>();
  for (const name of names) {
    const fileVariable = fileVariableOf(name);
    const path = env[fileVariable];
    if (path === undefined) continue;
    delete out[fileVariable];
    if (env[name] !== undefined) {
      problems.push({
        variable: fileVariable,
        message: `cannot be set together with ${name}; set only one of them`,
      });
      continue;
    }
    try {
      out[name] = readFileSync(path.trim(), 'utf8').replace(/(\r?\n)+$/, '');
      fromFile.add(name);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push({
        variable: fileVariable,
        message: `cannot read ${path.trim()} (${code}); point it at a readable file that holds ${name}`,
      });
    }
  }
  return { env: out, problems, fromFile };
}
