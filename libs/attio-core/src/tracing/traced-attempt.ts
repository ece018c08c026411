/**
 * One attempt of a traced call: builds the attempt's context from the call's and runs `sendOnce` inside the
 * attempt TracingChannel (or without it when only the call or wait channel has subscribers). Only reached
 * when some tracing channel has subscribers.
 */
import { sendOnce, type Attempt, type AttemptContext } from '../client/send-once.js';
import {
  attemptChannel,
  waitChannel,
  type AttioAttemptTrace,
  type AttioCallTrace,
  type AttioWaitEvent,
} from './channels.js';

/**
 * Sends one attempt of `call`, keeping the call's `attempts`, `status` and `requestId` up to date.
 *
 * @example
 * ```ts
 * const body = await sendTraced(ctx, call, { method: 'GET', url, path: '/v2/self', req, attempt: 1 });
 * ```
 */
export async function sendTraced<T>(
  ctx: AttemptContext,
  call: AttioCallTrace,
  a: Omit<Attempt<T>, 'trace'>,
): Promise<T> {
  call.attempts = a.attempt;
  const trace: AttioAttemptTrace = {
    method: call.method,
    urlTemplate: call.urlTemplate,
    urlFull: call.urlFull,
    serverAddress: call.serverAddress,
    serverPort: call.serverPort,
    workspaceId: call.workspaceId,
    call,
    attempt: a.attempt,
    headers: {},
  };
  const traced: Attempt<T> = { ...a, trace };
  try {
    return attemptChannel.hasSubscribers
      ? await attemptChannel.tracePromise(sendOnce<T>, trace, undefined, ctx, traced)
      : await sendOnce<T>(ctx, traced);
  } finally {
    if (trace.status !== undefined) call.status = trace.status;
    if (trace.requestId !== undefined) call.requestId = trace.requestId;
  }
}

/**
 * Publishes a wait of a traced call that took time (a throttle slot that was free at once is not a wait).
 *
 * @example
 * ```ts
 * publishWait(call, 'rate_limited_pause', 2, 1000);
 * ```
 */
export function publishWait(
  call: AttioCallTrace,
  kind: AttioWaitEvent['kind'],
  attempt: number,
  durationMs: number,
): void {
  if (durationMs > 0 && waitChannel.hasSubscribers) {
    waitChannel.publish({ call, kind, attempt, durationMs } satisfies AttioWaitEvent);
  }
}
