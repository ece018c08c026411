import { z } from 'zod';

import { ConfigError } from './config-error.js';
import type { ConfigRule } from './config-rule.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  NODE_ENV: z.string().default('production'),
  DEMO_MODE: z.enum(['0', '1']).default('0'),
  CLIENT_ID: z.string({ message: 'is required' }),
  KEYS: z.string().optional(),
});
type Values = z.output<typeof schema>;

const keysOutsideDemo: ConfigRule<Values> = (values) =>
  values.KEYS === undefined && values.DEMO_MODE === '0'
    ? [{ variable: 'KEYS', message: 'is required outside demo mode' }]
    : [];
const noDemoInProduction: ConfigRule<Values> = (values, env) =>
  env['NODE_ENV'] === 'production' && values.DEMO_MODE === '1'
    ? [{ variable: 'DEMO_MODE', message: 'must not be 1 with NODE_ENV=production' }]
    : [];

function problemsOf(env: Record<string, string>, rules: ConfigRule<Values>[]) {
  try {
    loadConfig(schema, env, (e) => e, { rules });
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig rules', () => {
  it('when another variable is missing, then a cross-variable rule is still reported with it', () => {
    // A .superRefine on the schema would be skipped here: zod stops at the missing CLIENT_ID.
    expect(problemsOf({}, [keysOutsideDemo])).toEqual([
      { variable: 'CLIENT_ID', message: 'is required' },
      { variable: 'KEYS', message: 'is required outside demo mode' },
    ]);
  });

  it('when a rule needs a variable that failed, then that variable is absent from its values', () => {
    const seen: Partial<Values>[] = [];
    problemsOf({ DEMO_MODE: 'maybe' }, [(values) => (seen.push(values), [])]);
    expect(seen).toEqual([{ NODE_ENV: 'production', KEYS: undefined }]);
  });

  it('when a rule must tell an explicit value from a default, then env has only what was set', () => {
    expect(problemsOf({ DEMO_MODE: '1', NODE_ENV: 'production' }, [noDemoInProduction])).toEqual([
      { variable: 'CLIENT_ID', message: 'is required' },
      { variable: 'DEMO_MODE', message: 'must not be 1 with NODE_ENV=production' },
    ]);
    expect(
      loadConfig(schema, { DEMO_MODE: '1', CLIENT_ID: 'c' }, (e) => e, {
        rules: [noDemoInProduction],
      }).DEMO_MODE,
    ).toBe('1');
  });

  it('when a rule names a variable that already has a problem, then only the first is listed', () => {
    const again: ConfigRule<Values> = () => [{ variable: 'CLIENT_ID', message: 'second opinion' }];
    expect(problemsOf({}, [again])).toEqual([{ variable: 'CLIENT_ID', message: 'is required' }]);
  });
});
