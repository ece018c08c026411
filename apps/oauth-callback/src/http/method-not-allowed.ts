import type { Request, Response } from 'express';

/**
 * A handler answering `405 Method Not Allowed` with the `Allow` header (RFC 9110 §15.5.6) and no
 * body, for routes where a method Express would otherwise route (HEAD → GET) must do nothing.
 *
 * @example
 * ```ts
 * app.head('/install', methodNotAllowed(['GET']));
 * ```
 */
export function methodNotAllowed(allowed: readonly string[]) {
  const allow = allowed.join(', ');
  return (_req: Request, res: Response): void => {
    res.status(405).setHeader('Allow', allow);
    res.setHeader('Cache-Control', 'no-store');
    res.end();
  };
}
