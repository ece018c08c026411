import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/**
 * Paths pino replaces with `[redacted]`. The authorization `code` and `state` are bearer secrets for
 * a few minutes; cookies carry the state binding; `authorization` carries the admin token.
 * Routes never log query strings at all; this is the safety net for anything that slips through.
 */
export const REDACT_PATHS = [
  'code',
  'state',
  'cookie',
  'authorization',
  'token',
  'accessToken',
  'clientSecret',
  'query.code',
  'query.state',
  'req.query.code',
  'req.query.state',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.code',
  '*.state',
  '*.token',
  '*.accessToken',
  '*.clientSecret',
];

/**
 * The service's pino logger, JSON to stdout (or `destination` in tests), with secrets redacted.
 * Failure codes are logged under `errorCode`, so `code` can be redacted everywhere.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'info' });
 * ```
 */
export function createLogger(
  options: { readonly level: string },
  destination?: DestinationStream,
): PinoLogger {
  return pino(
    {
      name: 'oauth-callback',
      level: options.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'oauth-callback' },
    },
    destination,
  );
}
