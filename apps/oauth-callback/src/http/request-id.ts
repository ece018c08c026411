import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

/** An incoming id is reused only when it looks like an id, so logs cannot be injected through it. */
const SAFE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * Gives every request an id: the caller's `X-Request-Id` when it is a safe token (a proxy's id keeps
 * traces joined up), otherwise a fresh UUID. Echoed in the `X-Request-Id` response header, in logs
 * and on error pages.
 *
 * @example
 * ```ts
 * app.use(requestId());
 * ```
 */
export function requestId() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.get('x-request-id');
    const id = incoming !== undefined && SAFE_ID.test(incoming) ? incoming : randomUUID();
    res.locals['requestId'] = id;
    res.setHeader('X-Request-Id', id);
    next();
  };
}

/**
 * The id assigned by {@link requestId}.
 *
 * @example
 * ```ts
 * const id = requestIdOf(res);
 * ```
 */
export function requestIdOf(res: Response): string {
  return (res.locals['requestId'] as string | undefined) ?? 'unknown';
}
