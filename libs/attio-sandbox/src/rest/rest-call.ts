/**
 * The argument every REST handler gets: the parsed request, the caller's token and its workspace data.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxContext } from '../server/context.js';
import type { TokenRecord } from '../state/sandbox-state.js';
import type { WorkspaceData } from '../state/workspace-data.js';

/**
 * One authenticated, authorised REST request.
 *
 * @example
 * ```ts
 * const handler: RestHandler = (call) => sendJson(call.res, 200, { data: call.data.lists });
 * ```
 */
export interface RestCall {
  readonly ctx: SandboxContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path template parameters, e.g. `{ object: 'people' }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly token: TokenRecord;
  readonly data: WorkspaceData;
}

/** A REST endpoint implementation. */
export type RestHandler = (call: RestCall) => void | Promise<void>;
