/**
 * The base error of every Attio failure. One class per status class lives in ./errors/; all share this shape
 * so callers can branch on `code` (stable) and read `remedy` (cause + action) without knowing the subclass.
 */
import { ErrorCode } from './error-codes.js';
import { redact } from './redact.js';
import { remedyFor, type Remedy } from './remedies.js';

/**
 * One entry of Attio's 400 `validation_errors` array.
 *
 * @example
 * ```ts
 * err.validationErrors?.map((v) => `${v.path.join('.')}: ${v.message}`);
 * ```
 */
export interface AttioValidationError {
  readonly code: string;
  readonly path: readonly string[];
  readonly message: string;
}

/**
 * Everything an {@link AttioError} may carry. Only `message` is required by subclasses.
 *
 * @example
 * ```ts
 * new AttioNotFoundError({ message: 'No object "deals" in this workspace.', status: 404, secrets: [token] });
 * ```
 */
export interface AttioErrorInit {
  message: string;
  status?: number;
  attioType?: string;
  attioCode?: string;
  attioMessage?: string;
  validationErrors?: readonly AttioValidationError[];
  requestId?: string;
  retryAfterMs?: number;
  method?: string;
  url?: string;
  cause?: unknown;
  /** Literal secrets (e.g. the client's token) to mask in message, stack and JSON; never stored. */
  secrets?: readonly (string | undefined | null)[];
}

const secretsKey = Symbol('attio-error-secrets');

/**
 * Base class. `message`, `stack`, `url` and {@link AttioError.toJSON} are redacted at construction.
 *
 * @example
 * ```ts
 * try { await client.get('/v2/objects'); }
 * catch (e) { if (isAttioError(e)) console.error(e.code, e.remedy.action); }
 * ```
 */
export class AttioError extends Error {
  // `name` lives on the prototype (set in a static block per class) so it is already right when the
  // base constructor formats and redacts the stack, and guards can match it across package copies.
  static {
    this.prototype.name = 'AttioError';
  }

  readonly code: ErrorCode;
  readonly status?: number;
  readonly attioType?: string;
  readonly attioCode?: string;
  readonly attioMessage?: string;
  readonly validationErrors?: readonly AttioValidationError[];
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly method?: string;
  readonly url?: string;
  declare private readonly [secretsKey]: readonly (string | undefined | null)[];

  constructor(code: ErrorCode, init: AttioErrorInit) {
    const secrets = init.secrets ?? [];
    super(
      redact(init.message, secrets),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    Object.defineProperty(this, secretsKey, {
      value: secrets,
      enumerable: false,
    });
    this.code = code;
    const clean = (v: string | undefined): string | undefined =>
      v === undefined ? undefined : redact(v, secrets);
    if (init.status !== undefined) this.status = init.status;
    if (init.attioType !== undefined) this.attioType = clean(init.attioType);
    if (init.attioCode !== undefined) this.attioCode = clean(init.attioCode);
    if (init.attioMessage !== undefined) this.attioMessage = clean(init.attioMessage);
    if (init.validationErrors !== undefined) {
      this.validationErrors = init.validationErrors.map((v) => ({
        code: redact(v.code, secrets),
        path: v.path.map((p) => redact(p, secrets)),
        message: redact(v.message, secrets),
      }));
    }
    if (init.requestId !== undefined) this.requestId = init.requestId;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.method !== undefined) this.method = init.method.toUpperCase();
    if (init.url !== undefined) this.url = clean(init.url);
    this.sealStack();
  }

  /** Cause and action for this error's code (from the remedies table). */
  get remedy(): Remedy {
    return remedyFor(this.code);
  }

  /** Redacts the stack (V8 formats it lazily, with the prototype's `name`, on this first read). */
  private sealStack(): void {
    const stack = this.stack;
    if (typeof stack === 'string') {
      Object.defineProperty(this, 'stack', {
        value: redact(stack, this[secretsKey]),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }

  /**
   * A plain, redacted object for logs and JSON APIs (no stack; the cause reduced to name + message).
   *
   * @example
   * ```ts
   * logger.error({ err: error.toJSON() }, 'Attio call failed');
   * ```
   */
  toJSON(): Record<string, unknown> {
    const secrets = this[secretsKey];
    const out: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      message: this.message,
    };
    for (const [key, value] of Object.entries(this)) {
      if (key === 'name' || key === 'stack' || key === 'cause' || value === undefined) continue;
      out[key] = redactDeep(value, secrets);
    }
    out['remedy'] = this.remedy;
    if (this.cause !== undefined) out['cause'] = describeCause(this.cause, secrets);
    return out;
  }
}

function redactDeep(value: unknown, secrets: readonly (string | undefined | null)[]): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, secrets)]));
  }
  return value;
}

function describeCause(cause: unknown, secrets: readonly (string | undefined | null)[]): unknown {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return {
      name: cause.name,
      message: redact(cause.message, secrets),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return typeof cause === 'string' ? redact(cause, secrets) : redactDeep(cause, secrets);
}
