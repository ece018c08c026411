import type { ConfigProblem } from './config-error.js';

/**
 * Where a server tried to listen and which variables set that address.
 *
 * @example
 * ```ts
 * const target: ListenTarget = { host: '127.0.0.1', port: 3000, hostVariable: 'HOST', portVariable: 'PORT' };
 * ```
 */
export interface ListenTarget {
  readonly host: string;
  readonly port: number;
  readonly hostVariable: string;
  readonly portVariable: string;
}

/**
 * The configuration problem behind a failed `listen()`, naming the variable to change: a port in
 * use or needing privileges is the port variable's problem, an address that is not this machine's
 * (or does not resolve) the host variable's. Undefined for errors configuration cannot fix.
 *
 * @example
 * ```ts
 * server.once('error', (err) => {
 *   const problem = listenProblem(err, { host: '127.0.0.1', port: 3000, hostVariable: 'HOST', portVariable: 'PORT' });
 *   // { variable: 'PORT', message: '127.0.0.1:3000 is already in use by another process; …' }
 * });
 * ```
 */
export function listenProblem(error: unknown, target: ListenTarget): ConfigProblem | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const { host, port, hostVariable, portVariable } = target;
  switch (code) {
    case 'EADDRINUSE':
      return {
        variable: portVariable,
        message:
          `${host}:${port} is already in use by another process; set ${portVariable} to a free port ` +
          `(0 picks one at random), set ${hostVariable} to another address, or stop the other process`,
      };
    case 'EACCES':
      return {
        variable: portVariable,
        message: `port ${port} on ${host} needs privileges this process lacks; set ${portVariable} to 1024 or above`,
      };
    case 'EADDRNOTAVAIL':
      return {
        variable: hostVariable,
        message:
          `${host} is not an address of this machine; set ${hostVariable} to 127.0.0.1, ` +
          '0.0.0.0 (every interface) or one of its addresses',
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        variable: hostVariable,
        message: `${host} does not resolve to an address; set ${hostVariable} to an IP address such as 127.0.0.1 or 0.0.0.0`,
      };
    default:
      return undefined;
  }
}
