import type { NextFunction, Request, Response } from 'express';

import { serviceFailure } from '../failures/install-failure.js';
import { ServiceFailureCode } from '../failures/service-failure-codes.js';
import { sendFailure } from './send-failure.js';

/** Limits of {@link requestLimits}. */
export interface RequestLimits {
  /** Longest accepted request target (path + query). An authorization code and state fit easily. */
  maxUrlLength: number;
  /** Largest accepted body; no endpoint here needs one, so this is small. */
  maxBodyBytes: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  maxUrlLength: 4096,
  maxBodyBytes: 16 * 1024,
};

/**
 * Rejects over-long URLs (414) and bodies (413) before any route runs. Bodies are judged by
 * `Content-Length`; a chunked body is refused outright, since no route reads one.
 *
 * @example
 * ```ts
 * app.use(requestLimits(DEFAULT_REQUEST_LIMITS));
 * ```
 */
export function requestLimits(limits: RequestLimits = DEFAULT_REQUEST_LIMITS) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.originalUrl.length > limits.maxUrlLength) {
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.URI_TOO_LONG));
    }
    const length = Number(req.get('content-length') ?? '0');
    const chunked = (req.get('transfer-encoding') ?? '').toLowerCase().includes('chunked');
    if (chunked || !Number.isFinite(length) || length > limits.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      return sendFailure(req, res, serviceFailure(ServiceFailureCode.PAYLOAD_TOO_LARGE));
    }
    next();
  };
}
