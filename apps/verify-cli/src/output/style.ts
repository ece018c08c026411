import type { CheckStatus } from '../checks/check-result.js';

/**
 * Marks and colours. Colour only when stdout is a terminal, never when NO_COLOR is set to a
 * non-empty value (https://no-color.org) and never with --no-color; marks are printed either way
 * so the status is readable without colour.
 */
export interface Style {
  mark(status: CheckStatus): string;
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
}

const MARKS: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };
const COLOURS: Record<CheckStatus, number> = { pass: 32, fail: 31, warn: 33, skip: 2 };

/**
 * Whether to colour: a TTY, NO_COLOR unset or empty, and no --no-color.
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
 * createStyle(false).mark('fail'); // '✗'
 */
export function createStyle(colour: boolean): Style {
  const sgr = (code: number) => (text: string) =>
    colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  return {
    mark: (status) => sgr(COLOURS[status])(MARKS[status]),
    dim: sgr(2),
    bold: sgr(1),
    red: sgr(31),
    green: sgr(32),
  };
}
