/**
 * Name, code and message of an error for a log line; never the full object (a driver error could
 * carry parameters).
 *
 * @example
 * ```ts
 * logger.error({ err: errorSummary(err) }, 'failed');
 * ```
 */
export function errorSummary(err: unknown): { name: string; errorCode?: string; message: string } {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      ...(typeof code === 'string' ? { errorCode: code } : {}),
      message: err.message,
    };
  }
  return { name: typeof err, message: String(err) };
}
