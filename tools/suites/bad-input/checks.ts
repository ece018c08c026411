/**
 * Pure checks of the bad-input suite: one answer to one hostile request is judged on its own
 * (status, size, time, reflection of the input); CLI runs are judged by exit code and output.
 */

/** A hostile request as sent, with the input values that must never come back unescaped. */
export interface SentRequest {
  readonly category: string;
  readonly method: string;
  readonly target: string;
  /** Values taken from the request (query values, header values) that a page could reflect. */
  readonly inputs: readonly string[];
}

/** The answer to one request. */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly bytes: number;
  readonly durationMs: number;
}

/** Limits every answer must respect. */
export interface AnswerLimits {
  readonly maxBytes: number;
  readonly maxMs: number;
}

export const ANSWER_LIMITS: AnswerLimits = { maxBytes: 16 * 1024, maxMs: 5000 };

/** Characters whose unescaped echo into a page makes reflected XSS possible. */
const HTML_SPECIAL = /[<>"'`]/;

/**
 * Input values that appear verbatim in `body` although they carry HTML-special characters (an
 * escaped echo, `&lt;script&gt;`, is fine; the raw `<script>` is not).
 *
 * @example
 * ```ts
 * findReflections('<p><script>alert(1)</script></p>', ['<script>alert(1)</script>']); // ['<script>alert(1)</script>']
 * findReflections('<p>&lt;script&gt;</p>', ['<script>']); // []
 * ```
 */
export function findReflections(body: string, inputs: readonly string[]): string[] {
  return inputs.filter((v) => v.length >= 3 && HTML_SPECIAL.test(v) && body.includes(v));
}

/**
 * Everything wrong with one answer: a 5xx, no answer, too big, too slow, or an unescaped reflection.
 *
 * @example
 * ```ts
 * answerViolations({ category: 'error-html', method: 'GET', target: '/oauth/callback?error=…', inputs: [] },
 *   { status: 500, body: '', bytes: 0, durationMs: 3 });
 * // ['error-html GET /oauth/callback?error=…: answered 500']
 * ```
 */
export function answerViolations(
  sent: SentRequest,
  answer: Answer | { error: string },
  limits: AnswerLimits = ANSWER_LIMITS,
): string[] {
  const where = `${sent.category} ${sent.method} ${sent.target.slice(0, 120)}`;
  if ('error' in answer) {
    // node:http closes a CONNECT (proxy tunnel) request outright when no 'connect' handler exists:
    // a refusal, not a failure. Any other request must get an HTTP answer.
    if (sent.method === 'CONNECT' && /ECONNRESET|socket hang up/.test(answer.error)) return [];
    return [`${where}: no HTTP answer (${answer.error})`];
  }
  const out: string[] = [];
  if (answer.status >= 500) out.push(`${where}: answered ${answer.status}`);
  if (answer.bytes > limits.maxBytes)
    out.push(`${where}: answer of ${answer.bytes} bytes (limit ${limits.maxBytes})`);
  if (answer.durationMs > limits.maxMs)
    out.push(
      `${where}: answered after ${Math.round(answer.durationMs)} ms (limit ${limits.maxMs})`,
    );
  for (const r of findReflections(answer.body, sent.inputs))
    out.push(`${where}: reflects input unescaped: ${r.slice(0, 80)}`);
  return out;
}

/** Characters a terminal acts on instead of showing: C0 but line feed, DEL, C1, bidi overrides. */
// eslint-disable-next-line no-control-regex -- detecting control characters is the point
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * A CLI case: argv (and stdin), and the exit codes that are acceptable answers to it. `service` is
 * the callback service's main.ts started as a process with a bad environment.
 */
export interface CliCase {
  readonly app: 'verify' | 'health' | 'service';
  readonly label: string;
  readonly argv: readonly string[];
  readonly expectExit: readonly number[];
  /** Values that must not be echoed back (pasted tokens). */
  readonly secrets?: readonly string[];
  /** Text the output must contain, e.g. `TOKEN_ENCRYPTION_KEYS: entry 2 …` naming the variable. */
  readonly expectLines?: readonly string[];
}

/** What one CLI run produced. */
export interface CliOutcome {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly thrown?: string;
  readonly durationMs: number;
}

/**
 * Everything wrong with a CLI run on malformed input: it threw, exited with an unexpected code,
 * said nothing about why (or not the expected line), echoed a pasted token, or printed an
 * unbounded amount.
 *
 * @example
 * ```ts
 * cliViolations({ app: 'verify', label: 'unknown flag', argv: ['--tokn', 'x'], expectExit: [64] },
 *   { exitCode: 0, stdout: 'ok', stderr: '', durationMs: 5 });
 * // ['verify unknown flag: exit 0, expected 64']
 * ```
 */
export function cliViolations(c: CliCase, run: CliOutcome, maxBytes = 64 * 1024): string[] {
  const where = `${c.app} ${c.label}`;
  if (run.thrown !== undefined) return [`${where}: run() threw ${run.thrown}`];
  const out: string[] = [];
  if (run.exitCode === undefined || !c.expectExit.includes(run.exitCode)) {
    out.push(`${where}: exit ${run.exitCode}, expected ${c.expectExit.join(' or ')}`);
  }
  const text = run.stdout + run.stderr;
  if (run.exitCode !== 0 && text.trim().length < 10)
    out.push(`${where}: failed without saying why`);
  if (text.length > maxBytes) out.push(`${where}: printed ${text.length} characters`);
  for (const s of c.secrets ?? [])
    if (s.length >= 8 && text.includes(s)) out.push(`${where}: echoed the pasted token`);
  // Output is not a TTY here, so the CLIs add no colour: any control character (ESC, CR, BEL, C1…)
  // came from an input and would act on an operator's terminal.
  const control = TERMINAL_CONTROL.exec(text);
  if (control)
    out.push(
      `${where}: printed a raw control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  for (const line of c.expectLines ?? [])
    if (!text.includes(line)) out.push(`${where}: does not say "${line}"`);
  return out;
}

/** p50/p99/max of durations, for the figures. */
export function percentiles(values: readonly number[]): { p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}
