/**
 * Reads one cookie from a `Cookie` header (RFC 6265 §5.4). Returns undefined when absent or when it
 * appears more than once (two values for the install cookie is never legitimate and must not be
 * guessed between).
 *
 * @example
 * ```ts
 * readCookie(req.headers.cookie, 'attio_install');
 * ```
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let found: string | undefined;
  let count = 0;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    count += 1;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    found = value;
  }
  return count === 1 ? found : undefined;
}
