import { TimeoutError } from '../errors.ts';
import { toTransportError } from './to-transport-error.ts';

/**
 * Yields the response chunks with a stall timer that runs only while the consumer waits for the next chunk,
 * so a slow consumer is never mistaken for a stalled server. Failures come out typed.
 */
export async function* watchResponseBody(
  chunks: AsyncIterable<Uint8Array>,
  options: { stallMs: number; signal: AbortSignal; operation: string; destroy: (error: Error) => void },
): AsyncGenerator<Uint8Array, void, undefined> {
  const iterator = chunks[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      const timer =
        options.stallMs > 0
          ? setTimeout(
              () => options.destroy(new TimeoutError('stall', options.stallMs, options.operation)),
              options.stallMs,
            )
          : undefined;
      let result: IteratorResult<Uint8Array>;
      try {
        result = await iterator.next();
      } catch (error) {
        throw toTransportError(error, options.signal, options.operation);
      } finally {
        clearTimeout(timer);
      }
      if (result.done === true) {
        finished = true;
        return;
      }
      yield result.value;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}
