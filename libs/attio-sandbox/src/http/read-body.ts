/**
 * Reads and parses request bodies: JSON and `application/x-www-form-urlencoded` (RFC 6749 §4.1.3 token
 * requests use the latter). Bodies above 1 MiB are refused so a runaway client cannot exhaust memory.
 */
import type { IncomingMessage } from 'node:http';

/** Largest body the sandbox accepts. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Why a body could not be read. */
export class BodyError extends Error {
  override readonly name = 'BodyError';
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/**
 * Reads the raw body as UTF-8 text.
 *
 * @example
 * ```ts
 * const text = await readText(req);
 * ```
 */
export function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(
          new BodyError(
            `Request body exceeds ${MAX_BODY_BYTES} bytes; send a smaller payload.`,
            413,
          ),
        );
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Parses a body as JSON or form data depending on `content-type`; returns a flat record for forms.
 * An empty body gives `{}`.
 *
 * @example
 * ```ts
 * const body = await readBody(req); // { grant_type: 'authorization_code', … }
 * ```
 */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(req);
  if (text.trim() === '') return {};
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BodyError(
      'Request body is not valid JSON; send a JSON object or a form-urlencoded body.',
      400,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BodyError('Request body must be a JSON object.', 400);
  }
  return parsed as Record<string, unknown>;
}
