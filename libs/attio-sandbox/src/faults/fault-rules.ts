/**
 * Fault rules: validation and matching. A pattern is a glob where `*` matches any run of characters
 * (so `/v2/*` covers every REST path), or a regular expression when it starts with `^`. A rule with
 * `times` fires for that many matching requests and then stays quiet (retry tests: "the next 2 fail").
 */
import { SandboxInputError } from '../state/sandbox-input-error.js';
import type { FaultRule } from '../types.js';

/** A validated rule with its pattern compiled. */
export interface CompiledFault {
  readonly rule: FaultRule;
  readonly pattern: RegExp;
  readonly method: string | undefined;
  /** Firings left for a rule with `times`; undefined = unlimited. */
  remaining: number | undefined;
}

function compilePattern(path: string): RegExp {
  if (path.startsWith('^')) {
    try {
      return new RegExp(path);
    } catch (e) {
      throw new SandboxInputError(
        `Fault path "${path}" is not a valid regular expression: ${(e as Error).message}`,
      );
    }
  }
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

function checkRule(rule: FaultRule, index: number): void {
  const where = `faults[${index}]`;
  if (typeof rule !== 'object' || rule === null)
    throw new SandboxInputError(`${where} must be an object.`);
  if (typeof rule.path !== 'string' || rule.path === '') {
    throw new SandboxInputError(
      `${where}.path must be a pattern such as "/v2/*" or "/oauth/token".`,
    );
  }
  if (rule.status !== undefined && ![500, 502, 503].includes(rule.status)) {
    throw new SandboxInputError(`${where}.status must be 500, 502 or 503.`);
  }
  if (
    rule.rate !== undefined &&
    !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1)
  ) {
    throw new SandboxInputError(`${where}.rate must be a number between 0 and 1.`);
  }
  const l = rule.latencyMs;
  if (l !== undefined) {
    const ok =
      typeof l === 'number'
        ? l >= 0
        : typeof l === 'object' && l !== null && l.min >= 0 && l.max >= l.min;
    if (!ok)
      throw new SandboxInputError(
        `${where}.latencyMs must be a number ≥ 0 or { min, max } with 0 ≤ min ≤ max.`,
      );
  }
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
    throw new SandboxInputError(
      `${where}.times must be a positive integer (how many requests fire).`,
    );
  }
  const actions = [rule.status !== undefined, rule.reset, rule.hang, rule.rateLimitStorm].filter(
    Boolean,
  ).length;
  if (actions > 1)
    throw new SandboxInputError(
      `${where} must set at most one of status, reset, hang, rateLimitStorm.`,
    );
  if (actions === 0 && l === undefined) {
    throw new SandboxInputError(
      `${where} does nothing: set latencyMs, status, reset, hang or rateLimitStorm.`,
    );
  }
}

/**
 * Validates and compiles rules; throws {@link SandboxInputError} naming the first bad field.
 *
 * @example
 * ```ts
 * compileFaults([{ path: '/v2/*', status: 503 }]);
 * ```
 */
export function compileFaults(rules: readonly FaultRule[]): CompiledFault[] {
  if (!Array.isArray(rules)) throw new SandboxInputError('faults must be an array of fault rules.');
  return rules.map((rule, i) => {
    checkRule(rule, i);
    return {
      rule: { ...rule },
      pattern: compilePattern(rule.path),
      method: rule.method?.toUpperCase(),
      remaining: rule.times,
    };
  });
}

/** What to do with a request: wait `latencyMs`, then act. */
export interface FaultDecision {
  readonly latencyMs: number;
  readonly action: 'none' | 'status' | 'reset' | 'hang' | 'storm';
  readonly status?: 500 | 502 | 503;
}

/**
 * Decides the faults for a request. Each matching rule fires with probability `rate` (default 1); fired
 * rules add their latency, and the first fired rule with an action decides the outcome. Firing uses up one
 * of a rule's `times` (the only state it changes).
 *
 * @example
 * ```ts
 * decideFault(compileFaults([{ path: '/v2/*', status: 502 }]), 'GET', '/v2/self', Math.random);
 * // → { latencyMs: 0, action: 'status', status: 502 }
 * ```
 */
export function decideFault(
  faults: readonly CompiledFault[],
  method: string,
  path: string,
  random: () => number,
): FaultDecision | undefined {
  let latencyMs = 0;
  let decision: Omit<FaultDecision, 'latencyMs'> | undefined;
  let fired = false;
  for (const f of faults) {
    if (f.method !== undefined && f.method !== method) continue;
    if (f.remaining === 0) continue;
    if (!f.pattern.test(path)) continue;
    const rate = f.rule.rate ?? 1;
    if (rate < 1 && random() >= rate) continue;
    if (f.remaining !== undefined) f.remaining -= 1;
    fired = true;
    const l = f.rule.latencyMs;
    if (typeof l === 'number') latencyMs += l;
    else if (l !== undefined) latencyMs += Math.round(l.min + random() * (l.max - l.min));
    if (decision !== undefined) continue;
    if (f.rule.status !== undefined) decision = { action: 'status', status: f.rule.status };
    else if (f.rule.reset) decision = { action: 'reset' };
    else if (f.rule.hang) decision = { action: 'hang' };
    else if (f.rule.rateLimitStorm) decision = { action: 'storm' };
  }
  return fired ? { latencyMs, ...(decision ?? { action: 'none' }) } : undefined;
}
