/**
 * What a tour step is and what it can read and write. Steps live one per file under ./steps/, named
 * `NN-what-it-does.ts` and exporting `step`; tour.ts runs them in file-name order. To add a step (verify the
 * token with attio-verify, run a health round, …), drop a new numbered file there: no other file changes.
 */
import type { ConsentForm } from '@attio-auth/attio-sandbox/testing';
import type { CookieJar, HttpResult } from '@attio-auth/oauth-callback/testing';

import type { DemoStack } from './demo-stack.js';

/** Shared state of one tour run. Later steps read what earlier ones wrote. */
export interface TourContext {
  /** Set by the first step (start the stack); every later step may use it. */
  stack?: DemoStack;
  /** The "browser": cookies of the install flow. */
  readonly jar: CookieJar;
  authorizeUrl?: string;
  consentForm?: ConsentForm;
  callbackUrl?: string;
  callbackResult?: HttpResult;
  /** The workspace the tour installed (set once the callback succeeded). */
  workspaceId?: string;
  /** Free-form values for steps added later (e.g. a health round's summary). */
  readonly extras: Record<string, unknown>;
  /** Prints one line of tour output. */
  say(line: string): void;
}

/** One step of the tour. */
export interface TourStep {
  /** Shown before the step runs, e.g. "Approve on the sandbox consent page". */
  readonly title: string;
  /** Throws with a message saying what went wrong and what to check. */
  run(ctx: TourContext): Promise<void>;
}

/**
 * The stack, or a clear error when a step runs before the stack started.
 *
 * @example
 * ```ts
 * const { service } = requireStack(ctx);
 * ```
 */
export function requireStack(ctx: TourContext): DemoStack {
  if (!ctx.stack)
    throw new Error('The demo stack is not running: the "start" step must come first.');
  return ctx.stack;
}

/**
 * A value an earlier step should have set, or a clear error naming it.
 *
 * @example
 * ```ts
 * const url = requireValue(ctx.callbackUrl, 'callbackUrl');
 * ```
 */
export function requireValue<T>(value: T | undefined, name: string): T {
  if (value === undefined)
    throw new Error(
      `An earlier step should have set ${name}; check the step order in tools/demo/steps/.`,
    );
  return value;
}
