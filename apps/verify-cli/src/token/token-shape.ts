/**
 * Token shape checks made before anything is sent. A token with a pasted `Bearer ` prefix, quotes
 * from a .env file or a trailing space produces a confusing 400/401 from Attio (the seed's
 * `invalid_request`: "Malformed Authorization header"); naming the exact mistake is kinder.
 * Messages describe the problem without ever echoing the token.
 */
export type TokenShapeProblemCode =
  | 'empty'
  | 'surrounding_whitespace'
  | 'inner_whitespace'
  | 'quotes'
  | 'auth_scheme_prefix'
  | 'header_name'
  | 'variable_name'
  | 'invalid_characters';

export interface TokenShapeProblem {
  code: TokenShapeProblemCode;
  /** What is wrong, without the token. */
  message: string;
  /** What to do about it. */
  fix: string;
}

const QUOTES = ['"', "'", '`', '\u201c', '\u201d', '\u2018', '\u2019'];

/**
 * Every shape problem of a token (empty list = looks sendable). Pure; never throws.
 *
 * @example
 * tokenShapeProblems('Bearer sk_abc').map((p) => p.code); // ['auth_scheme_prefix']
 * tokenShapeProblems('sk_abc'); // []
 */
export function tokenShapeProblems(token: string, what = 'the token'): TokenShapeProblem[] {
  if (token.trim() === '') {
    return [
      {
        code: 'empty',
        message: token === '' ? `${what} is empty` : `${what} is only whitespace`,
        fix: 'Paste the whole token (Attio: Settings > Developers > Access tokens).',
      },
    ];
  }
  const problems: TokenShapeProblem[] = [];
  if (token !== token.trim()) {
    problems.push({
      code: 'surrounding_whitespace',
      message: `${what} starts or ends with whitespace or a line break`,
      fix: 'Remove the spaces/line breaks around the token.',
    });
  }
  const core = token.trim();
  if (QUOTES.some((q) => core.startsWith(q)) || QUOTES.some((q) => core.endsWith(q))) {
    problems.push({
      code: 'quotes',
      message: `${what} is wrapped in quotes`,
      fix: 'Remove the quotes (in .env write ATTIO_API_KEY=sk_… with no quotes, or matching plain quotes only).',
    });
  }
  const unquoted = stripQuotes(core);
  if (/^authorization\s*:/i.test(unquoted)) {
    problems.push({
      code: 'header_name',
      message: `${what} includes the "Authorization:" header name`,
      fix: 'Keep only the token itself, without "Authorization: Bearer ".',
    });
  } else if (/^(bearer|basic)(\s|$)/i.test(unquoted)) {
    problems.push({
      code: 'auth_scheme_prefix',
      message: `${what} starts with "${unquoted.split(/\s/)[0]} ", which the client adds itself`,
      fix: 'Remove the "Bearer " prefix and keep only the token.',
    });
  } else if (/^[A-Z][A-Z0-9_]*=/.test(unquoted)) {
    problems.push({
      code: 'variable_name',
      message: `${what} includes a variable name ("${unquoted.slice(0, unquoted.indexOf('='))}=")`,
      fix: 'Keep only the value after "=".',
    });
  } else if (/\s/.test(unquoted)) {
    problems.push({
      code: 'inner_whitespace',
      message: `${what} contains whitespace or a line break`,
      fix: 'Copy the token again in one piece; it never contains spaces.',
    });
  }
  // RFC 7230 §3.2.6: a header value cannot hold control characters; fetch would reject it or
  // send something Attio cannot match. Non-ASCII usually means a smart quote or an ellipsis.
  if (/[^\x20-\x7e]/.test(unquoted.replace(/\s/g, ''))) {
    problems.push({
      code: 'invalid_characters',
      message: `${what} contains characters that cannot appear in it (non-ASCII or control)`,
      fix: 'Copy the token again from Attio; an editor may have replaced characters (e.g. "…").',
    });
  }
  return problems;
}

function stripQuotes(text: string): string {
  let result = text;
  while (result.length > 0 && QUOTES.includes(result[0] as string)) result = result.slice(1);
  while (result.length > 0 && QUOTES.includes(result[result.length - 1] as string))
    result = result.slice(0, -1);
  return result.trim();
}
