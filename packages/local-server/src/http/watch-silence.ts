import type { IncomingMessage } from 'node:http';

/**
 * Calls `onSilent` once the client has sent no body bytes for `timeoutMs` while the server was waiting for
 * them (JSS's RequestTimeout). Time the server itself holds the body up (a slow disk, a `slow-body` fault,
 * backpressure) does not count: the request is then paused or holds unread data, and the wait starts over.
 * Any byte that arrives starts it over too, so a slow upload that keeps making progress is never cut.
 * `timeoutMs` 0 watches nothing. Returns the function that stops watching.
 */
export function watchSilence(request: IncomingMessage, timeoutMs: number, onSilent: () => void): () => void {
  if (timeoutMs <= 0) return () => undefined;
  const check = () => {
    if (request.complete || request.destroyed) return;
    if (request.isPaused() || request.readableLength > 0) timer.refresh();
    else onSilent();
  };
  const timer = setTimeout(check, timeoutMs);
  const touch = () => timer.refresh();
  request.on('data', touch);
  return () => {
    clearTimeout(timer);
    request.off('data', touch);
  };
}
