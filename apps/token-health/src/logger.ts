import { pino } from 'pino';
import type { OutputStream } from './reporter.js';

/** pino-compatible logger shape used across the app (and accepted by attio-core). */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The app's logger: JSON lines on stderr (stdout carries the report / --json lines). Authorization
 * headers and token fields are redacted by pino as a second line of defence; the code never logs tokens.
 *
 * @example
 * const logger = createLogger('info', process.stderr);
 * logger.info({ mode: 'once' }, 'starting');
 */
export function createLogger(level: string, stream: OutputStream): Logger {
  return pino(
    {
      name: 'attio-token-health',
      level,
      redact: {
        paths: ['token', '*.token', 'headers.authorization', '*.headers.authorization'],
        censor: '[redacted]',
      },
    },
    { write: (chunk: string) => stream.write(chunk) },
  );
}
