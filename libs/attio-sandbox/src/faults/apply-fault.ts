/**
 * Carries out a fault decision on a live request: the 5xx bodies imitate what sits in front of Attio
 * (a JSON 500 from the API, HTML 502/503 pages from the proxy, per docs/attio-api-notes.md "Errors"),
 * a reset destroys the socket with RST, a hang leaves the request open until `close()`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { attioError, sendAttioError, sendHtml, sendRateLimited } from '../http/respond.js';
import type { FaultDecision } from './fault-rules.js';

function proxyPage(status: 502 | 503): string {
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

/**
 * Applies the terminal part of a decision. Returns true when the request was handled (answered, reset or
 * left hanging), false when it should proceed normally.
 *
 * @example
 * ```ts
 * if (applyFault(decision, req, res, now())) return;
 * ```
 */
export function applyFault(
  decision: FaultDecision,
  req: IncomingMessage,
  res: ServerResponse,
  nowMs: number,
): boolean {
  switch (decision.action) {
    case 'none':
      return false;
    case 'status':
      if (decision.status === 500) {
        sendAttioError(
          res,
          attioError(500, 'api_error', 'internal_server_error', 'An unexpected error occurred.'),
        );
      } else {
        sendHtml(res, decision.status ?? 502, proxyPage(decision.status === 503 ? 503 : 502));
      }
      return true;
    case 'storm':
      sendRateLimited(res, nowMs);
      return true;
    case 'reset': {
      const socket = req.socket;
      // resetAndDestroy sends a TCP RST (ECONNRESET on the client) instead of a polite FIN.
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return true;
    }
    case 'hang':
      // Never answer. The server tracks sockets and destroys them on close(), so tests still end.
      req.resume();
      return true;
  }
}
