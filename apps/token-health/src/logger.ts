import type { Logger } from '@attio-auth/attio-core';
import { pino } from 'pino';
import type { OutputStream } from './io.js';

/**
 * The app's logger: pino JSON lines on stderr (stdout carries the report / --json lines), typed as
 * attio-core's `Logger`. Authorization headers and token fields are redacted by pino as a second line
 * of defence; the code never logs tokens.
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
