import { z } from 'zod';

/**
 * The one zod schema for on/off variables: `1`/`0`, `true`/`false` or `yes`/`no`, parsed to a
 * boolean; anything else is refused with the spellings to use. Chain `.default(false)`.
 *
 * @example
 * ```ts
 * const schema = z.object({ ALLOW_INSECURE_HTTP: flag().default(false) });
 * schema.parse({ ALLOW_INSECURE_HTTP: 'yes' }).ALLOW_INSECURE_HTTP; // true
 * ```
 */
export function flag() {
  return z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', ''], {
      message: 'must be 1/0, true/false or yes/no',
    })
    .transform((v) => v === '1' || v === 'true' || v === 'yes');
}
