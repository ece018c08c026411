/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote, CR or LF. A cell a spreadsheet would
 * read as a formula (starting with `=`, `+`, `-`, `@`, tab or CR, OWASP "CSV Injection") is prefixed
 * with `'` so it is shown as text, never run: workspace names and owner tags come from users.
 *
 * @example
 * ```ts
 * csvCell('=HYPERLINK("http://x")'); // '"\'=HYPERLINK(""http://x"")"'
 * ```
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One CSV line, CRLF-terminated as RFC 4180 §2 says.
 *
 * @example
 * ```ts
 * csvLine(['a', 'b,c']); // 'a,"b,c"\r\n'
 * ```
 */
export function csvLine(cells: readonly unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
