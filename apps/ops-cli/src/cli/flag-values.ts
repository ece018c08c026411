import { UsageError } from './usage-error.js';

/**
 * Reads repeated `--owner key=value` flags into a tag map. The store checks keys and values
 * (charset, length) when it writes; here only the shape is checked, and a value is never echoed.
 *
 * @example
 * ownerTags(['team=growth', 'customer_id=c-42']); // { team: 'growth', customer_id: 'c-42' }
 */
export function ownerTags(values: string[] | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const entry of values ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) {
      throw new UsageError(
        '--owner takes key=value (e.g. --owner team=growth); repeat it for more tags.',
      );
    }
    const key = entry.slice(0, at).trim();
    if (key in tags) throw new UsageError(`--owner ${key}=… is given twice.`);
    tags[key] = entry.slice(at + 1).trim();
  }
  return tags;
}

/**
 * A whole-number flag. The rejected value is not repeated (it may be a pasted secret).
 *
 * @example
 * wholeNumber('250', { name: 'batch-size', fallback: 100, min: 1, max: 10_000 }); // 250
 */
export function wholeNumber(
  value: string | undefined,
  flag: { name: string; fallback: number; min: number; max: number },
): number {
  const { name, fallback, min, max } = flag;
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max} (e.g. --${name} ${fallback}).`,
    );
  }
  return Number(value);
}

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A duration like `30m`, `24h` or `7d`, in milliseconds, between `minMs` and `maxMs`.
 *
 * @example
 * duration('24h', { name: 'expires-in', minMs: 60_000, maxMs: 7 * 86_400_000 }); // 86400000
 */
export function duration(
  value: string,
  flag: { name: string; minMs: number; maxMs: number },
): number {
  const match = /^(\d+)([mhd])$/.exec(value.trim());
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] as string] as number) : NaN;
  if (!(ms >= flag.minMs && ms <= flag.maxMs)) {
    throw new UsageError(
      `--${flag.name} takes a duration like 30m, 24h or 7d, from ${flag.minMs / 60_000}m to ${flag.maxMs / 86_400_000}d.`,
    );
  }
  return ms;
}
