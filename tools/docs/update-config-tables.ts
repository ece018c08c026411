/**
 * Regenerates (or, with --check, verifies) the configuration table in each app's README from the zod schema
 * the app exports as `configSchema` from src/config.ts, and checks `.env.example` against the schema.
 *
 *   npm run tool -- tools/docs/update-config-tables.ts           # rewrite the tables between the markers
 *   npm run tool -- tools/docs/update-config-tables.ts --check   # exit 1 and name each drift (CI, spec)
 *
 * An app whose config.ts does not export `configSchema` is reported as skipped (export it to get a table).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  configDrift,
  describeSchema,
  parseEnvExample,
  renderConfigTable,
  replaceGeneratedBlock,
  type ZodObjectLike,
} from './config-table.js';

export const APPS = ['oauth-callback', 'token-health', 'verify-cli'] as const;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface AppSchema {
  readonly schema: ZodObjectLike;
  /** `FILE_VARIABLES` of the app: the secrets that may come from `NAME_FILE`. */
  readonly fileVariables: readonly string[];
}

/** Loads apps/<app>/src/config.ts at run time (tools never import apps statically: module boundaries). */
async function loadSchema(app: string): Promise<AppSchema | undefined> {
  const mod = (await import(pathToFileURL(join(root, 'apps', app, 'src', 'config.ts')).href)) as {
    configSchema?: unknown;
    FILE_VARIABLES?: unknown;
  };
  const schema = mod.configSchema as ZodObjectLike | undefined;
  const fileVariables = Array.isArray(mod.FILE_VARIABLES) ? (mod.FILE_VARIABLES as string[]) : [];
  return schema && typeof schema === 'object' && 'shape' in schema
    ? { schema, fileVariables }
    : undefined;
}

async function main(check: boolean): Promise<number> {
  const envText = readFileSync(join(root, '.env.example'), 'utf8');
  let problems = 0;
  for (const app of APPS) {
    const readmePath = join(root, 'apps', app, 'README.md');
    const loaded = existsSync(readmePath) ? await loadSchema(app) : undefined;
    if (!loaded) {
      console.log(
        `apps/${app}: skipped — src/config.ts does not export its zod schema as \`configSchema\``,
      );
      continue;
    }
    const { schema, fileVariables } = loaded;
    const readme = readFileSync(readmePath, 'utf8');
    if (!check) {
      const table = renderConfigTable(
        describeSchema(schema, parseEnvExample(envText).comments, fileVariables),
      );
      const replaced = replaceGeneratedBlock(readme, table);
      // Written as `nx format:check` wants it, so the two checks never disagree.
      const updated =
        replaced === undefined
          ? undefined
          : await format(replaced, { ...(await resolveConfig(readmePath)), filepath: readmePath });
      if (updated !== undefined && updated !== readme) writeFileSync(readmePath, updated);
      console.log(
        `apps/${app}: ${updated === undefined ? 'no table markers in README.md' : updated === readme ? 'up to date' : 'table rewritten'}`,
      );
    }
    const drift = configDrift(
      app,
      schema,
      check ? readme : readFileSync(readmePath, 'utf8'),
      envText,
      fileVariables,
    );
    for (const p of drift) console.log(`apps/${app}: ${p}`);
    if (check && drift.length === 0)
      console.log(
        `apps/${app}: README table and .env.example match the schema (${Object.keys(schema.shape).length} variables)`,
      );
    problems += drift.length;
  }
  return problems > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.includes('--check'));
