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

/** Which limit a request broke. */
export type LimitBreach = 'uri-too-long' | 'payload-too-large';

/** Answers a request over a limit; the default is the service's failure page (or its JSON). */
export type LimitRejection = (req: Request, res: Response, breach: LimitBreach) => void;

const sendServiceFailure: LimitRejection = (req, res, breach) =>
  sendFailure(
    req,
    res,
    serviceFailure(
      breach === 'uri-too-long'
        ? ServiceFailureCode.URI_TOO_LONG
        : ServiceFailureCode.PAYLOAD_TOO_LARGE,
    ),
  );

/**
 * Rejects over-long URLs (414) and bodies (413) before any route runs. Bodies are judged by
 * `Content-Length`; a chunked body is refused outright, since no route reads one. `reject` shapes
 * the answer (the admin API answers in its own JSON).
 *
 * @example
 * ```ts
 * app.use(requestLimits(DEFAULT_REQUEST_LIMITS));
 * ```
 */
export function requestLimits(
  limits: RequestLimits = DEFAULT_REQUEST_LIMITS,
  reject: LimitRejection = sendServiceFailure,
) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.originalUrl.length > limits.maxUrlLength) return reject(req, res, 'uri-too-long');
    const length = Number(req.get('content-length') ?? '0');
    const chunked = (req.get('transfer-encoding') ?? '').toLowerCase().includes('chunked');
    if (chunked || !Number.isFinite(length) || length > limits.maxBodyBytes) {
      res.setHeader('Connection', 'close');
      return reject(req, res, 'payload-too-large');
    }
    next();
  };
}
