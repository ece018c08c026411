import { readFile } from 'node:fs/promises';
import { terminalSafe } from '@attio-auth/attio-errors';
import { z } from 'zod';

/** One plain workspace access token to check, from `--tokens-file`. */
export interface TokenEntry {
  readonly name: string;
  readonly token: string;
  readonly requiredScopes: readonly string[];
}

/**
 * Longest token accepted. Attio's workspace tokens are about 70 characters and its OAuth tokens
 * are opaque; 4096 leaves room for any bearer token (a large JWT) and stays under the 8 KB header
 * limits of common proxies. Anything longer is a pasted file, not a token.
 */
export const MAX_TOKEN_LENGTH = 4096;

/**
 * Why `token` (already trimmed) cannot be an Attio token, or undefined. Conservative: Attio does not
 * document its token alphabet, so any printable ASCII without spaces is accepted (RFC 6750 §2.1's
 * `b64token` is narrower; attio-core's `assertTokenFormat` applies the same printable-ASCII rule
 * when a check starts). Caught here, a malformed token is a file error at start-up; sent, Attio
 * answers 401 and the entry is reported `revoked` and alerted on every run. Never quotes the token.
 */
function tokenProblem(token: string): string | undefined {
  if (token === '') return 'must be a non-empty string';
  if (/\s/.test(token)) return 'contains whitespace; copy the token again in one piece';
  if (/[^\x21-\x7e]/.test(token))
    return 'contains a control or non-ASCII character; a token is printable ASCII without spaces';
  if (token.length > MAX_TOKEN_LENGTH)
    return `is ${token.length} characters long; a token has at most ${MAX_TOKEN_LENGTH}`;
  return undefined;
}

const entrySchema = z.object({
  name: z.string().trim().min(1, 'must be a non-empty string'),
  token: z
    .string()
    .trim()
    .superRefine((token, ctx) => {
      const problem = tokenProblem(token);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  requiredScopes: z.array(z.string().min(1)).default([]),
});

/** Thrown when the tokens file is missing or invalid; the message never contains a token. */
export class TokensFileError extends Error {
  override readonly name = 'TokensFileError';
}

/**
 * Parses the tokens-file text: `[{ "name", "token", "requiredScopes": [] }]`. Pure. Names must be
 * unique because they identify the token in output, alerts and metrics (the token never appears).
 * Tokens must look like tokens (see `tokenProblem`); every problem names the entry and the line it
 * starts on, never the token.
 *
 * @example
 * parseTokensFile('[{"name":"sync","token":"…","requiredScopes":["record_permission:read"]}]', 'tokens.json');
 */
export function parseTokensFile(text: string, path: string): TokenEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message may quote part of the file, i.e. a token: keep it out.
    throw new TokensFileError(
      `${path} is not valid JSON. Expected [{ "name", "token", "requiredScopes": [] }].`,
    );
  }
  if (!Array.isArray(json)) {
    throw new TokensFileError(
      `${path} must contain a JSON array of { "name", "token", "requiredScopes": [] }.`,
    );
  }
  const problems: string[] = [];
  const entries: TokenEntry[] = [];
  const seen = new Set<string>();
  const lines = elementLines(text);
  json.forEach((raw: unknown, index) => {
    const where = `entry ${index} (line ${lines[index] ?? '?'})`;
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? issue.path.join('.') : '(entry)';
        problems.push(`${where}: ${field} ${issue.message}`);
      }
      return;
    }
    if (seen.has(parsed.data.name)) {
      problems.push(
        `${where}: name "${terminalSafe(parsed.data.name)}" is used twice; names must be unique`,
      );
      return;
    }
    seen.add(parsed.data.name);
    entries.push(parsed.data);
  });
  if (problems.length > 0) {
    throw new TokensFileError(
      `${path} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
    );
  }
  return entries;
}

/**
 * The 1-based line on which each element of the top-level JSON array starts, so a problem can name
 * a line without quoting it. `text` must be valid JSON (it was parsed already): only strings (with
 * their escapes) and nesting need tracking.
 */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\n') line += 1;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (depth === 1 && expectElement && char !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expectElement = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

/**
 * Reads and parses the tokens file.
 *
 * @example
 * const entries = await loadTokensFile('/etc/attio/tokens.json');
 */
export async function loadTokensFile(path: string): Promise<TokenEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TokensFileError(
      `Cannot read --tokens-file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  return parseTokensFile(text, path);
}
