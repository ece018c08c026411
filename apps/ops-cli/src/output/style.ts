/**
 * Colour, only when the output is a terminal, never when NO_COLOR is set to a non-empty value
 * (https://no-color.org) and never with --no-color. Marks are printed either way.
 */
export interface Style {
  readonly colour: boolean;
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

/**
 * Whether to colour (and draw progress): a TTY, NO_COLOR unset or empty, no --no-color.
 *
 * @example
 * useColour({ isTTY: true, env: { NO_COLOR: '1' }, noColor: false }); // false
 */
export function useColour(input: {
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  noColor: boolean;
}): boolean {
  const noColorEnv = input.env['NO_COLOR'];
  return input.isTTY && !input.noColor && (noColorEnv === undefined || noColorEnv === '');
}

/**
 * A style that colours (ANSI SGR) or not.
 *
 * @example
 * createStyle(false).bad('✗'); // '✗'
 */
export function createStyle(colour: boolean): Style {
  const sgr = (code: number) => (text: string) =>
    colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  return { colour, ok: sgr(32), bad: sgr(31), dim: sgr(2), bold: sgr(1) };
}
