/**
 * Configuration tables for the apps' READMEs, generated from each app's zod schema (`configSchema` exported
 * from apps/<app>/src/config.ts), and the drift check between schema, README table and `.env.example`.
 * Pure functions; the CLI is tools/docs/update-config-tables.ts and the test config-table.spec.ts.
 */

/** The slice of a zod (v4) schema this module reads; structural, so tools need no zod import. */
export interface ZodLike {
  safeParse(value: unknown): { success: boolean; data?: unknown };
  readonly description?: string;
  readonly def?: {
    type?: string;
    innerType?: ZodLike;
    in?: ZodLike;
    out?: ZodLike;
    defaultValue?: unknown;
  };
}

export interface ZodObjectLike extends ZodLike {
  readonly shape: Readonly<Record<string, ZodLike>>;
}

export interface ConfigRow {
  readonly name: string;
  readonly required: boolean;
  /** The default as written in .env terms, or undefined when there is none. */
  readonly defaultValue: string | undefined;
  readonly description: string;
  /** The app lists it in `FILE_VARIABLES`: `NAME_FILE=<path>` may supply it instead. */
  readonly fromFile?: boolean;
}

export const TABLE_START =
  '<!-- config-table:start (generated from src/config.ts by tools/docs/update-config-tables.ts; do not edit) -->';
export const TABLE_END = '<!-- config-table:end -->';
/** A README opts in with an empty pair of markers; this prefix finds the start marker in any form. */
export const TABLE_START_PREFIX = '<!-- config-table:start';

/** Walks optional/default/pipe/preprocess wrappers: the first description and the first default found. */
function inspect(
  schema: ZodLike | undefined,
  depth = 0,
): { description?: string; defaultValue?: unknown } {
  if (!schema || depth > 8) return {};
  const def = schema.def ?? {};
  const here = {
    description: schema.description,
    defaultValue: def.type === 'default' || def.type === 'prefault' ? def.defaultValue : undefined,
  };
  const inner = [def.innerType, def.out, def.in].map((s) => inspect(s, depth + 1));
  return {
    description: here.description ?? inner.find((i) => i.description !== undefined)?.description,
    defaultValue:
      here.defaultValue ?? inner.find((i) => i.defaultValue !== undefined)?.defaultValue,
  };
}

/**
 * One row per variable of an object schema. Required = the schema rejects the variable being unset.
 * The description comes from `.describe()`, else from the comment above the variable in `.env.example`.
 *
 * @example
 * describeSchema(z.object({ PORT: z.coerce.number().default(3000).describe('Listen port.') }));
 * // [{ name: 'PORT', required: false, defaultValue: '3000', description: 'Listen port.' }]
 */
export function describeSchema(
  schema: ZodObjectLike,
  envComments: ReadonlyMap<string, string> = new Map(),
  fileVariables: readonly string[] = [],
): ConfigRow[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, defaultValue } = inspect(field);
    return {
      name,
      required: !field.safeParse(undefined).success,
      defaultValue: defaultValue === undefined ? undefined : String(defaultValue),
      description: (description ?? envComments.get(name) ?? '').trim(),
      ...(fileVariables.includes(name) ? { fromFile: true } : {}),
    };
  });
}

/** The one explanation of `NAME_FILE`, under every table that has such a variable. */
export const FILE_VARIABLES_NOTE =
  '`_FILE`: the variable may instead be read from the file `NAME_FILE=<path>` names, as Docker and ' +
  'Kubernetes mount secrets (trailing newline trimmed); setting both `NAME` and `NAME_FILE` is an error.';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The Markdown table between the generated-block markers. */
export function renderConfigTable(rows: readonly ConfigRow[]): string {
  const lines = [
    TABLE_START,
    '| variable | required | default | description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.name}\`${r.fromFile ? ' or `_FILE`' : ''} | ${r.required ? 'yes' : 'no'} | ${r.defaultValue === undefined || r.defaultValue === '' ? '' : `\`${cell(r.defaultValue)}\``} | ${cell(r.description)} |`,
    ),
    ...(rows.some((r) => r.fromFile) ? ['', FILE_VARIABLES_NOTE] : []),
    TABLE_END,
  ];
  return lines.join('\n');
}

/**
 * The generated block as Prettier leaves it and as it is rendered, compared loosely: blank lines,
 * column padding and the length of separator dashes do not count, the cells' text does.
 */
function normalisedBlock(text: string): string | undefined {
  const start = text.indexOf(TABLE_START_PREFIX);
  const end = text.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return text
    .slice(text.indexOf('\n', start) + 1, end)
    .split('\n')
    .map((line) =>
      line
        .trim()
        .replace(/\s*\|\s*/g, '|')
        .replace(/-{3,}/g, '---'),
    )
    .filter((line) => line !== '')
    .join('\n');
}

export interface EnvExample {
  /** Every `NAME=` line in the file → the comment lines right above it (joined). */
  readonly comments: ReadonlyMap<string, string>;
  /** `# --- <section> ---` headers → the variables assigned in that section. */
  readonly sections: ReadonlyMap<string, readonly string[]>;
}

/** Parses `.env.example`: variables, the comment above each, and the `# --- section ---` they sit in. */
export function parseEnvExample(text: string): EnvExample {
  const comments = new Map<string, string>();
  const sections = new Map<string, string[]>();
  let section = '';
  let pending: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^#\s*---\s*(.+?)\s*-*$/.exec(line);
    if (header) {
      section = header[1] ?? '';
      sections.set(section, []);
      pending = [];
    } else if (line.startsWith('#')) {
      pending.push(line.replace(/^#\s?/, ''));
    } else if (/^[A-Z][A-Z0-9_]*=/.test(line)) {
      const name = line.slice(0, line.indexOf('='));
      if (!comments.has(name)) comments.set(name, pending.join(' '));
      sections.get(section)?.push(name);
      pending = [];
    } else {
      pending = [];
    }
  }
  return { comments, sections };
}

/** Replaces the generated block in a README (or reports it missing). */
export function replaceGeneratedBlock(readme: string, table: string): string | undefined {
  const start = readme.indexOf(TABLE_START_PREFIX);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return `${readme.slice(0, start)}${table}${readme.slice(end + TABLE_END.length)}`;
}

/**
 * Drift between an app's schema, its README and `.env.example`: every schema variable must appear in
 * `.env.example` (any section: shared variables live in the shared one), every variable of the app's own
 * section must be in the schema, and the README must contain the generated table (as Prettier formats it).
 */
export function configDrift(
  app: string,
  schema: ZodObjectLike,
  readme: string,
  envExampleText: string,
  fileVariables: readonly string[] = [],
): string[] {
  const env = parseEnvExample(envExampleText);
  const names = Object.keys(schema.shape);
  const problems: string[] = [];
  for (const name of names) {
    if (!env.comments.has(name))
      problems.push(`${name} is in the ${app} schema but not in .env.example`);
  }
  for (const name of env.sections.get(`apps/${app}`) ?? []) {
    if (!names.includes(name))
      problems.push(`${name} is in the apps/${app} section of .env.example but not in the schema`);
  }
  const table = renderConfigTable(describeSchema(schema, env.comments, fileVariables));
  if (replaceGeneratedBlock(readme, table) === undefined) {
    problems.push(
      `apps/${app}/README.md has no generated configuration table (add the markers ${TABLE_START_PREFIX} --> and ${TABLE_END}, then run \`npm run tool -- tools/docs/update-config-tables.ts\`)`,
    );
  } else if (normalisedBlock(readme) !== normalisedBlock(table)) {
    problems.push(
      `apps/${app}/README.md configuration table is out of date: run \`npm run tool -- tools/docs/update-config-tables.ts\``,
    );
  }
  return problems;
}
