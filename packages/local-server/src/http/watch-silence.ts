import type { IncomingMessage } from 'node:http';

/**
 * Calls `onSilent` once the client has sent no body bytes for `timeoutMs` while the server was waiting for
 * them (JSS's RequestTimeout). Time the server itself holds the body up (a slow disk, a `slow-body` fault,
 * backpressure) does not count: the request is then paused or holds unread data, and the wait starts over.
 * Any byte that arrives starts it over too, so a slow upload that keeps making progress is never cut. The
 * verdict waits one turn of the event loop, so bytes that reached the socket while the loop was busy count.
 * `timeoutMs` 0 watches nothing. Returns the function that stops watching.
 */
export function watchSilence(request: IncomingMessage, timeoutMs: number, onSilent: () => void): () => void {
  if (timeoutMs <= 0) return () => undefined;
  let arrivals = 0;
  let pending: NodeJS.Immediate | undefined;
  const isServerBehind = () => request.isPaused() || request.readableLength > 0;
  const check = () => {
    const before = arrivals;
    pending = setImmediate(() => {
      if (request.complete || request.destroyed) return;
      if (arrivals !== before || isServerBehind()) timer.refresh();
      else onSilent();
    });
  };
  const timer = setTimeout(check, timeoutMs);
  const touch = () => {
    arrivals += 1;
    timer.refresh();
  };
  request.on('data', touch);
  return () => {
    clearTimeout(timer);
    clearImmediate(pending);
    request.off('data', touch);
  };
}
