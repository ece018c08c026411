/**
 * The secrets suite's check: does any captured output contain a known secret in clear? Pure, over
 * captured text and bytes, so a test can feed it a broken build's output (a log line with the token).
 * A secret is also looked for URL-encoded, the form it takes in a logged query string or Location.
 * Leaks are reported by label and place, never by value.
 */

/** Something captured from a run: a stream, a file, an HTTP answer, a database dump. */
export interface CapturedSource {
  readonly name: string;
  readonly content: string | Buffer;
}

/** A value that must never appear in clear. */
export interface KnownSecret {
  /** What it is, e.g. `access token of ws_1` (printed instead of the value). */
  readonly label: string;
  readonly value: string;
}

/** One occurrence of a secret in a source. */
export interface Leak {
  readonly source: string;
  readonly secret: string;
  readonly offset: number;
  readonly form: 'clear' | 'url-encoded';
}

/** Shortest value worth searching for: shorter ones match by chance. */
const MIN_SECRET_LENGTH = 8;

/**
 * Every occurrence of every secret in every source.
 *
 * @example
 * ```ts
 * findSecretLeaks([{ name: 'stdout', content: '{"msg":"exchanged","token":"tok_123456789"}' }],
 *   [{ label: 'access token', value: 'tok_123456789' }]);
 * // [{ source: 'stdout', secret: 'access token', offset: 29, form: 'clear' }]
 * ```
 */
export function findSecretLeaks(
  sources: readonly CapturedSource[],
  secrets: readonly KnownSecret[],
): Leak[] {
  const leaks: Leak[] = [];
  const needles = secrets
    .filter((s) => s.value.length >= MIN_SECRET_LENGTH)
    .flatMap((s) => {
      const encoded = encodeURIComponent(s.value);
      const forms: { secret: KnownSecret; bytes: Buffer; form: Leak['form'] }[] = [
        { secret: s, bytes: Buffer.from(s.value, 'utf8'), form: 'clear' },
      ];
      if (encoded !== s.value)
        forms.push({ secret: s, bytes: Buffer.from(encoded, 'utf8'), form: 'url-encoded' });
      return forms;
    });
  for (const source of sources) {
    const haystack =
      typeof source.content === 'string' ? Buffer.from(source.content, 'utf8') : source.content;
    for (const n of needles) {
      let at = haystack.indexOf(n.bytes);
      while (at !== -1) {
        leaks.push({ source: source.name, secret: n.secret.label, offset: at, form: n.form });
        at = haystack.indexOf(n.bytes, at + 1);
      }
    }
  }
  return leaks;
}

/**
 * One line per leak for the report.
 *
 * @example
 * ```ts
 * describeLeaks([{ source: 'stdout', secret: 'access token', offset: 29, form: 'clear' }]);
 * // ['access token in clear in stdout at byte 29']
 * ```
 */
export function describeLeaks(leaks: readonly Leak[]): string[] {
  return leaks.map(
    (l) =>
      `${l.secret} ${l.form === 'clear' ? 'in clear' : 'URL-encoded'} in ${l.source} at byte ${l.offset}`,
  );
}

/**
 * Sanity check that the scan can see: each secret must be findable in a source built to contain it
 * (guards against a scan that silently searches nothing, e.g. an empty secret list).
 *
 * @example
 * ```ts
 * scannerBlindSpots([{ label: 'code', value: 'abc' }]); // ['code is shorter than 8 characters: it cannot be searched for']
 * ```
 */
export function scannerBlindSpots(secrets: readonly KnownSecret[]): string[] {
  const out: string[] = [];
  for (const s of secrets) {
    if (s.value.length < MIN_SECRET_LENGTH)
      out.push(
        `${s.label} is shorter than ${MIN_SECRET_LENGTH} characters: it cannot be searched for`,
      );
    else if (findSecretLeaks([{ name: 'probe', content: `x${s.value}x` }], [s]).length === 0)
      out.push(`${s.label} is not found in a probe that contains it`);
  }
  return out;
}
