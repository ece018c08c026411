import { z } from 'zod';

import { ConfigError } from './config-error.js';
import { httpUrl } from './http-url.js';
import { loadConfig } from './load-config.js';

const schema = z.object({
  PORT: z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0)
    .max(65535)
    .default(3000),
  ATTIO_API_BASE_URL: httpUrl({ allowQuery: false }).default('https://api.attio.com'),
  ATTIO_CLIENT_ID: z.string({ message: 'is required (your OAuth app client id)' }),
  ADMIN_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
});

const toConfig = (e: z.output<typeof schema>) => ({
  http: { port: e.PORT },
  attio: { apiBaseUrl: e.ATTIO_API_BASE_URL },
  oauth: { clientId: e.ATTIO_CLIENT_ID },
  admin: { token: e.ADMIN_TOKEN },
});

function problemsOf(env: Record<string, string | undefined>) {
  try {
    loadConfig(schema, env, toConfig);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when the variables are valid, then toConfig shapes them and defaults apply', () => {
    expect(loadConfig(schema, { ATTIO_CLIENT_ID: 'client-1', UNRELATED: 'x' }, toConfig)).toEqual({
      http: { port: 3000 },
      attio: { apiBaseUrl: 'https://api.attio.com' },
      oauth: { clientId: 'client-1' },
      admin: { token: undefined },
    });
  });

  it('when loaded, then the config is frozen at every level', () => {
    const config = loadConfig(schema, { ATTIO_CLIENT_ID: 'c' }, toConfig);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
    expect(Object.isFrozen(config.attio)).toBe(true);
  });

  it('when values are blank, then they count as unset', () => {
    const config = loadConfig(
      schema,
      { ATTIO_CLIENT_ID: 'c', PORT: '', ATTIO_API_BASE_URL: '   ', ADMIN_TOKEN: undefined },
      toConfig,
    );
    expect(config.http.port).toBe(3000);
    expect(config.attio.apiBaseUrl).toBe('https://api.attio.com');
  });

  it('when several variables are wrong, then every one is named in schema order', () => {
    expect(
      problemsOf({ PORT: 'eighty', ATTIO_API_BASE_URL: 'api.attio.com', ADMIN_TOKEN: 'short' }),
    ).toEqual([
      { variable: 'PORT', message: 'must be a number' },
      {
        variable: 'ATTIO_API_BASE_URL',
        message: 'must be an absolute http(s) URL with a host, e.g. https://api.example.com',
      },
      { variable: 'ATTIO_CLIENT_ID', message: 'is required (your OAuth app client id)' },
      { variable: 'ADMIN_TOKEN', message: 'must be at least 32 characters' },
    ]);
  });

  it('when it fails, then the error message lists one NAME: message line per variable', () => {
    expect(() => loadConfig(schema, { PORT: '1.5' }, toConfig)).toThrow(
      'PORT: must be a whole number\nATTIO_CLIENT_ID: is required (your OAuth app client id)',
    );
  });

  it('when a cross-variable rule of the schema fails, then its path names the variable', () => {
    const strict = schema.superRefine((e, ctx) => {
      if (e.ADMIN_TOKEN === undefined && e.PORT !== 0) {
        ctx.addIssue({ code: 'custom', path: ['ADMIN_TOKEN'], message: 'is required here' });
      }
    });
    expect(() => loadConfig(strict, { ATTIO_CLIENT_ID: 'c' }, toConfig)).toThrow(
      new ConfigError([{ variable: 'ADMIN_TOKEN', message: 'is required here' }]),
    );
  });

  it('when toConfig throws, then the error reaches the caller unchanged', () => {
    const boom = new Error('boom');
    expect(() =>
      loadConfig(schema, { ATTIO_CLIENT_ID: 'c' }, () => {
        throw boom;
      }),
    ).toThrow(boom);
  });

  it('when fileVariables names a variable the schema lacks, then it is a programming error', () => {
    expect(() =>
      loadConfig(schema, { ATTIO_CLIENT_ID: 'c' }, toConfig, { fileVariables: ['NOPE'] }),
    ).toThrow(new TypeError('fileVariables lists NOPE, which is not a variable of the schema'));
  });
});
