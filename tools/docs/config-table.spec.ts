import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import {
  TABLE_END,
  TABLE_START,
  configDrift,
  describeSchema,
  parseEnvExample,
  renderConfigTable,
  replaceGeneratedBlock,
  type ZodObjectLike,
} from './config-table.js';

const blank = (v: unknown) => (v === '' ? undefined : v);
const schema = z.object({
  API_URL: z.string().url().describe('Where the API lives.'),
  PORT: z.coerce.number().int().default(3000).describe('Listen port | TCP.'),
  LEVEL: z.preprocess(blank, z.enum(['info', 'debug']).default('info')),
  TOKEN: z.string().optional(),
}) as unknown as ZodObjectLike;

const envExample = [
  '# --- shared ---',
  '# The token to use.',
  'TOKEN=',
  '',
  '# --- apps/demo ---',
  'API_URL=https://api.example.com',
  'PORT=3000',
  '# Log level',
  '# (pino).',
  'LEVEL=info',
].join('\n');

const expectedTable = [
  TABLE_START,
  '| variable | required | default | description |',
  '| --- | --- | --- | --- |',
  '| `API_URL` | yes |  | Where the API lives. |',
  '| `PORT` | no | `3000` | Listen port \\| TCP. |',
  '| `LEVEL` | no | `info` | Log level (pino). |',
  '| `TOKEN` | no |  | The token to use. |',
  TABLE_END,
].join('\n');

describe('config-table', () => {
  it('when a schema mixes required, default, preprocess and optional fields, then each row says so', () => {
    expect(describeSchema(schema, parseEnvExample(envExample).comments)).toEqual([
      {
        name: 'API_URL',
        required: true,
        defaultValue: undefined,
        description: 'Where the API lives.',
      },
      { name: 'PORT', required: false, defaultValue: '3000', description: 'Listen port | TCP.' },
      { name: 'LEVEL', required: false, defaultValue: 'info', description: 'Log level (pino).' },
      { name: 'TOKEN', required: false, defaultValue: undefined, description: 'The token to use.' },
    ]);
  });

  it('when rendered, then the table escapes pipes and sits between the markers', () => {
    expect(renderConfigTable(describeSchema(schema, parseEnvExample(envExample).comments))).toBe(
      expectedTable,
    );
  });

  it('when .env.example is parsed, then variables are grouped by their --- section ---', () => {
    const env = parseEnvExample(envExample);
    expect([...env.sections.entries()]).toEqual([
      ['shared', ['TOKEN']],
      ['apps/demo', ['API_URL', 'PORT', 'LEVEL']],
    ]);
  });

  it('when schema, README and .env.example agree, then there is no drift', () => {
    expect(configDrift('demo', schema, `# demo\n\n${expectedTable}\n`, envExample)).toEqual([]);
  });

  it('when the README table is stale or missing, then the drift names the fix', () => {
    const stale = expectedTable.replace('`3000`', '`8080`');
    expect(configDrift('demo', schema, stale, envExample)).toEqual([
      'apps/demo/README.md configuration table is out of date: run `npm run tool -- tools/docs/update-config-tables.ts`',
    ]);
    expect(configDrift('demo', schema, '# demo\n', envExample)).toEqual([
      `apps/demo/README.md has no generated configuration table (add the markers <!-- config-table:start --> and ${TABLE_END}, then run \`npm run tool -- tools/docs/update-config-tables.ts\`)`,
    ]);
  });

  it('when .env.example lacks a schema variable or has an extra one in the app section, then both are named', () => {
    const env = envExample.replace('PORT=3000', 'PROT=3000');
    expect(configDrift('demo', schema, expectedTable, env)).toEqual([
      'PORT is in the demo schema but not in .env.example',
      'PROT is in the apps/demo section of .env.example but not in the schema',
    ]);
  });

  it('when a README has markers, then only the block between them is replaced', () => {
    const readme = `intro\n${TABLE_START}\nold\n${TABLE_END}\noutro\n`;
    expect(replaceGeneratedBlock(readme, 'NEW')).toBe('intro\nNEW\noutro\n');
    expect(replaceGeneratedBlock('no markers', 'NEW')).toBeUndefined();
  });

  it('when the real apps are checked, then every app that exports configSchema matches its README and .env.example', () => {
    const root = join(__dirname, '..', '..');
    const out = execFileSync(
      process.execPath,
      [
        '--conditions=@attio-auth/source',
        '--import',
        '@swc-node/register/esm-register',
        'tools/docs/update-config-tables.ts',
        '--check',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out).toMatch(
      /^apps\/verify-cli: README table and \.env\.example match the schema \(\d+ variables\)$/m,
    );
  }, 60_000);
});
