/**
 * The three variables that put an app's rate limits on a shared store (one Attio budget, one per-IP count,
 * across every instance), in one spelling for every app: `SHARED_LIMITER=memory|redis|postgres`,
 * `SHARED_LIMITER_URL` (Redis) and `SHARED_LIMITER_INSTANCES` (the local fallback's divisor).
 * PostgreSQL reuses the app's `DATABASE_URL`: the limits live next to the connections.
 */
import { z } from 'zod';
import type { ConfigRule } from './config-rule.js';

/**
 * The zod shapes of the shared-limiter variables, to spread into an app's schema.
 *
 * @example
 * ```ts
 * const configSchema = z.object({ DATABASE_URL: z.string().optional(), ...sharedLimiterVariables });
 * ```
 */
export const sharedLimiterVariables = {
  SHARED_LIMITER: z
    .enum(['memory', 'redis', 'postgres'], { message: 'must be memory, redis or postgres' })
    .default('memory')
    .describe(
      'Where rate limits are counted: memory (per process), redis (SHARED_LIMITER_URL) or postgres (DATABASE_URL), shared by every instance.',
    ),
  SHARED_LIMITER_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || /^rediss?:\/\/[^\s]+$/.test(v), {
      message: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
    })
    .describe('SHARED_LIMITER=redis: the Redis URL, e.g. redis://127.0.0.1:6379.'),
  SHARED_LIMITER_INSTANCES: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(1)
    .describe(
      'Instances sharing the limits; while the shared store is unreachable each keeps 1/N of them.',
    ),
};

/**
 * The parsed values {@link sharedLimiterRule} and {@link sharedLimiterSettings} read.
 *
 * @example
 * ```ts
 * const values: SharedLimiterValues = { SHARED_LIMITER: 'redis', SHARED_LIMITER_URL: 'redis://127.0.0.1:6379', SHARED_LIMITER_INSTANCES: 2, DATABASE_URL: undefined };
 * ```
 */
export interface SharedLimiterValues {
  readonly SHARED_LIMITER: 'memory' | 'redis' | 'postgres';
  readonly SHARED_LIMITER_URL?: string | undefined;
  readonly SHARED_LIMITER_INSTANCES: number;
  readonly DATABASE_URL?: string | undefined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * `redis` needs SHARED_LIMITER_URL; `postgres` needs DATABASE_URL to be a PostgreSQL URL.
 *
 * @example
 * ```ts
 * const CONFIG_RULES = [sharedLimiterRule, …];
 * ```
 */
export const sharedLimiterRule: ConfigRule<SharedLimiterValues> = (values) => {
  // A malformed SHARED_LIMITER_URL is absent here and already has its own problem (loadConfig keeps one
  // line per variable), so "absent" can be reported as "required".
  if (values.SHARED_LIMITER === 'redis' && values.SHARED_LIMITER_URL === undefined) {
    return [
      {
        variable: 'SHARED_LIMITER_URL',
        message: 'is required with SHARED_LIMITER=redis, e.g. redis://127.0.0.1:6379',
      },
    ];
  }
  if (
    values.SHARED_LIMITER === 'postgres' &&
    (values.DATABASE_URL === undefined || !POSTGRES_URL.test(values.DATABASE_URL))
  ) {
    return [
      {
        variable: 'SHARED_LIMITER',
        message:
          '=postgres keeps the limits in the connection store: set DATABASE_URL to a postgres:// URL, or use SHARED_LIMITER=redis',
      },
    ];
  }
  return [];
};

/**
 * Where the shared limits live, or `undefined` for per-process limits (SHARED_LIMITER=memory). The shape
 * `openSharedLimiter` of `@attio-auth/rate-budget` takes.
 *
 * @example
 * ```ts
 * const settings: SharedLimiterConfig = { kind: 'redis', url: 'redis://127.0.0.1:6379', instances: 4 };
 * ```
 */
export type SharedLimiterConfig =
  | { readonly kind: 'redis'; readonly url: string; readonly instances: number }
  | { readonly kind: 'postgres'; readonly connectionString: string; readonly instances: number };

/**
 * Turns the parsed values into the app config's `sharedLimiter` member (after the rule has passed).
 *
 * @example
 * ```ts
 * sharedLimiterSettings({ SHARED_LIMITER: 'redis', SHARED_LIMITER_URL: 'redis://127.0.0.1:6379', SHARED_LIMITER_INSTANCES: 4, DATABASE_URL: undefined });
 * // → { kind: 'redis', url: 'redis://127.0.0.1:6379', instances: 4 }
 * ```
 */
export function sharedLimiterSettings(
  values: SharedLimiterValues,
): SharedLimiterConfig | undefined {
  const instances = values.SHARED_LIMITER_INSTANCES;
  if (values.SHARED_LIMITER === 'redis' && values.SHARED_LIMITER_URL !== undefined) {
    return { kind: 'redis', url: values.SHARED_LIMITER_URL, instances };
  }
  if (values.SHARED_LIMITER === 'postgres' && values.DATABASE_URL !== undefined) {
    return { kind: 'postgres', connectionString: values.DATABASE_URL, instances };
  }
  return undefined;
}
