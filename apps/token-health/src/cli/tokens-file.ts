import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One plain workspace access token to check, from `--tokens-file`. */
export interface TokenEntry {
  readonly name: string;
  readonly token: string;
  readonly requiredScopes: readonly string[];
}

const entrySchema = z.object({
  name: z.string().trim().min(1, 'must be a non-empty string'),
  token: z.string().trim().min(1, 'must be a non-empty string'),
  requiredScopes: z.array(z.string().min(1)).default([]),
});

/** Thrown when the tokens file is missing or invalid; the message never contains a token. */
export class TokensFileError extends Error {
  override readonly name = 'TokensFileError';
}

/**
 * Parses the tokens-file text: `[{ "name", "token", "requiredScopes": [] }]`. Pure. Names must be
 * unique because they identify the token in output, alerts and metrics (the token never appears).
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
  json.forEach((raw: unknown, index) => {
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? issue.path.join('.') : '(entry)';
        problems.push(`entry ${index}: ${field} ${issue.message}`);
      }
      return;
    }
    if (seen.has(parsed.data.name)) {
      problems.push(
        `entry ${index}: name "${parsed.data.name}" is used twice; names must be unique`,
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
