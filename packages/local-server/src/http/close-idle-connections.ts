import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Closes connections that sit idle: nothing arrives for `idleTimeoutMs` while no request is being handled
 * on them (before their first request, halfway through its headers, between keep-alive requests). An idle
 * socket otherwise holds a file descriptor for ever, and a few hundred of them lock every client out. A
 * request in progress is never cut here: a stalled body has its own timeout, and an operation takes as long
 * as it needs. 0 keeps idle connections open. Returns `track`, which marks a connection busy until the
 * handling of its request settles.
 */
export function closeIdleConnections(
  server: Server,
  idleTimeoutMs: number,
): (socket: Socket, handling: Promise<void>) => void {
  const busy = new Map<Socket, number>();
  server.setTimeout(idleTimeoutMs);
  // Between requests Node uses the keep-alive timeout instead (and announces it in a Keep-Alive header).
  server.keepAliveTimeout = idleTimeoutMs;
  server.on('timeout', (socket: Socket) => {
    if (!busy.has(socket)) socket.destroy();
  });
  return (socket, handling) => {
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    void handling.finally(() => {
      const left = (busy.get(socket) ?? 1) - 1;
      if (left > 0) busy.set(socket, left);
      else busy.delete(socket);
    });
  };
}
