/**
 * Calls `onAbort` with the signal's reason when it fires (at once when it already has), and returns what
 * removes the listener: a caller's signal may outlive every upload and request made under it (one
 * `stopOnSignals()` signal for a whole service), so nothing of a settled one may stay registered there.
 */
export function listenForAbort(
  signal: AbortSignal | undefined,
  onAbort: (reason: unknown) => void,
): () => void {
  if (signal === undefined) return () => undefined;
  if (signal.aborted) {
    onAbort(signal.reason);
    return () => undefined;
  }
  const listener = () => onAbort(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
