/**
 * Makes text from elsewhere (a workspace name from Attio, a value read from a store or a file) safe
 * to print on a terminal. Terminals act on control characters instead of showing them: `ESC [2J`
 * clears the screen, `ESC ]0;…BEL` sets the window title, `ESC ]8;;url` hides a link under a label,
 * `\r` and backspace overwrite what was printed before, and a bare line break fakes a new output
 * line. Unicode bidi controls (U+202E and friends) reorder what a reader sees ("Trojan Source",
 * CVE-2021-42574).
 *
 * Each such character is shown, not deleted: it becomes its JSON-style escape (`\u001b`), so an
 * operator sees that a name holds an escape sequence and can still tell two names apart. Escaping
 * the ESC character alone disarms every ANSI/OSC sequence: the rest of it (`[2J`) is plain text.
 * Backslashes are left as they are, so a literal `\u001b` typed into a name reads the same as an
 * escaped ESC; the JSON output (see {@link toTerminalSafeJson}) tells them apart.
 */

/**
 * C0 controls (U+0000–U+001F, including tab, line feed and carriage return), DEL, C1 controls
 * (U+0080–U+009F: CSI U+009B and OSC U+009D act like `ESC [` and `ESC ]` on some terminals), the
 * line/paragraph separators and the bidi formatting controls (Unicode UAX #9).
 */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What `JSON.stringify` leaves raw of the above: everything but C0, which it escapes itself. */
const UNSAFE_AFTER_JSON =
  /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escapeChar = (char: string): string =>
  `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Returns `text` as one printable line: every control, separator and bidi formatting character is
 * replaced by its visible `\uXXXX` escape. Everything else, including non-Latin letters and emoji,
 * passes through. Apply it to each value before it is placed in a line, not to whole output (it
 * would escape the output's own line breaks and colours).
 *
 * @example
 * ```ts
 * terminalSafe('Acme\u001b[2J\u001b]0;pwned\u0007'); // → 'Acme\\u001b[2J\\u001b]0;pwned\\u0007'
 * terminalSafe('line1\nline2');                       // → 'line1\\u000aline2'
 * terminalSafe('Zürich 株式会社');                     // → 'Zürich 株式会社'
 * ```
 */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * `JSON.stringify(value, null, space)`, with the characters JSON leaves raw but terminals act on
 * (DEL, C1 controls, U+2028/U+2029, bidi controls) written as `\uXXXX` escapes too. The document
 * parses to exactly the same value; it is only safe to show on a terminal as well. `JSON.stringify`
 * already escapes C0 controls (ESC becomes `\u001b`).
 *
 * @example
 * ```ts
 * toTerminalSafeJson({ name: 'Acme\u009b2J' }); // → '{"name":"Acme\\u009b2J"}'
 * JSON.parse(toTerminalSafeJson({ name: 'Acme\u009b2J' })).name === 'Acme\u009b2J'; // true
 * ```
 */
export function toTerminalSafeJson(value: unknown, space?: number): string {
  // Outside strings JSON text holds only ASCII punctuation, digits and letters, so every match is
  // inside a string literal, where a \uXXXX escape means the same character.
  return (JSON.stringify(value, null, space) ?? 'null').replace(UNSAFE_AFTER_JSON, escapeChar);
}
