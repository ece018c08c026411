/**
 * Lenient reading of an error response body. Attio documents `{ status_code, type, code, message,
 * validation_errors? }` (https://docs.attio.com/rest-api/guides/errors), but proxies answer with HTML, bodies
 * may be cut off, and fields may have the wrong type. Nothing here throws.
 */
import type { AttioValidationError } from './attio-error.js';

/**
 * What could be read from an error body. Every field is optional.
 *
 * @example
 * ```ts
 * const { code, message, snippet }: ParsedErrorBody = parseErrorBody(text);
 * ```
 */
export interface ParsedErrorBody {
  readonly json?: Record<string, unknown>;
  readonly type?: string;
  readonly code?: string;
  readonly message?: string;
  readonly validationErrors?: AttioValidationError[];
  /** A short, whitespace-collapsed excerpt of a non-JSON body (HTML title or text), for messages. */
  readonly snippet?: string;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

function validationErrors(v: unknown): AttioValidationError[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: AttioValidationError[] = [];
  for (const item of v) {
    if (typeof item !== 'object' || item === null) continue;
    const rec = item as Record<string, unknown>;
    const path = Array.isArray(rec['path'])
      ? rec['path'].map((p) => String(p))
      : typeof rec['path'] === 'string'
        ? [rec['path']]
        : [];
    out.push({
      code: str(rec['code']) ?? 'unknown',
      path,
      message: str(rec['message']) ?? '',
    });
  }
  return out;
}

/**
 * A readable excerpt of a non-JSON body: the HTML `<title>` if any, else the text without tags,
 * whitespace collapsed, cut at `max` characters.
 *
 * @example
 * ```ts
 * textSnippet('<html><title>502 Bad Gateway</title>…'); // → '502 Bad Gateway'
 * ```
 */
export function textSnippet(body: string, max = 160): string | undefined {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1];
  const text = (
    title ?? body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
  )
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Parses an error body without throwing.
 *
 * @example
 * ```ts
 * parseErrorBody('{"status_code":404,"type":"invalid_request_error","code":"not_found","message":"No such object"}').code;
 * // → 'not_found'
 * parseErrorBody('<html><title>502 Bad Gateway</title></html>').snippet; // → '502 Bad Gateway'
 * ```
 */
export function parseErrorBody(bodyText: string | null | undefined): ParsedErrorBody {
  if (typeof bodyText !== 'string' || bodyText.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    return { snippet: textSnippet(bodyText) };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      snippet: textSnippet(typeof parsed === 'string' ? parsed : bodyText),
    };
  }
  const json = parsed as Record<string, unknown>;
  const result: {
    json: Record<string, unknown>;
    type?: string;
    code?: string;
    message?: string;
    validationErrors?: AttioValidationError[];
  } = { json };
  const type = str(json['type']);
  const code = str(json['code']);
  // `message` is documented; some gateways use `error`/`detail` instead.
  const message =
    str(json['message']) ??
    str(json['detail']) ??
    str(json['error_description']) ??
    str(json['error']);
  const errors = validationErrors(json['validation_errors']);
  if (type !== undefined) result.type = type;
  if (code !== undefined) result.code = code;
  if (message !== undefined) result.message = message;
  if (errors !== undefined) result.validationErrors = errors;
  return result;
}
