import { z } from 'zod';
import {
  sharedLimiterRule,
  sharedLimiterSettings,
  sharedLimiterVariables,
} from './shared-limiter-config.js';

const schema = z.object({ DATABASE_URL: z.string().optional(), ...sharedLimiterVariables });
const parse = (env: Record<string, string>) => schema.parse(env);

describe('shared limiter config', () => {
  it('when nothing is set, then limits stay per process', () => {
    const values = parse({});
    expect(values).toEqual({
      DATABASE_URL: undefined,
      SHARED_LIMITER: 'memory',
      SHARED_LIMITER_URL: undefined,
      SHARED_LIMITER_INSTANCES: 1,
    });
    expect(sharedLimiterRule(values, {})).toEqual([]);
    expect(sharedLimiterSettings(values)).toBeUndefined();
  });

  it('when Redis is chosen with a URL, then the settings name it with the instance count', () => {
    const values = parse({
      SHARED_LIMITER: 'redis',
      SHARED_LIMITER_URL: 'redis://127.0.0.1:6379',
      SHARED_LIMITER_INSTANCES: '4',
    });
    expect(sharedLimiterRule(values, {})).toEqual([]);
    expect(sharedLimiterSettings(values)).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      instances: 4,
    });
  });

  it('when PostgreSQL is chosen, then it uses DATABASE_URL', () => {
    const values = parse({ SHARED_LIMITER: 'postgres', DATABASE_URL: 'postgres://u@db/app' });
    expect(sharedLimiterRule(values, {})).toEqual([]);
    expect(sharedLimiterSettings(values)).toEqual({
      kind: 'postgres',
      connectionString: 'postgres://u@db/app',
      instances: 1,
    });
  });

  it('when Redis has no URL or PostgreSQL no postgres:// DATABASE_URL, then the rule says what to set', () => {
    expect(sharedLimiterRule(parse({ SHARED_LIMITER: 'redis' }), {})).toEqual([
      {
        variable: 'SHARED_LIMITER_URL',
        message: 'is required with SHARED_LIMITER=redis, e.g. redis://127.0.0.1:6379',
      },
    ]);
    expect(
      sharedLimiterRule(parse({ SHARED_LIMITER: 'postgres', DATABASE_URL: 'sqlite:./x.db' }), {}),
    ).toEqual([
      {
        variable: 'SHARED_LIMITER',
        message:
          '=postgres keeps the limits in the connection store: set DATABASE_URL to a postgres:// URL, or use SHARED_LIMITER=redis',
      },
    ]);
  });

  it('when a value is malformed, then its own message says what is expected', () => {
    const result = schema.safeParse({
      SHARED_LIMITER: 'memcached',
      SHARED_LIMITER_URL: 'http://x',
      SHARED_LIMITER_INSTANCES: '0',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['SHARED_LIMITER', 'must be memory, redis or postgres'],
      ['SHARED_LIMITER_URL', 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379'],
      ['SHARED_LIMITER_INSTANCES', 'Too small: expected number to be >=1'],
    ]);
  });
});
